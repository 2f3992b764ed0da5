import { useTranslation } from 'react-i18next';
import { clockText, formatDateTime } from './dates.ts';

/**
 * A deadline as a countdown. Overdue is said in words and marked with a bold "!" badge, never by colour alone.
 * Not a live region itself: pages announce a summary politely instead of every tick.
 */
export function Countdown({ deadline, now }: { deadline: string; now: number }) {
  const { t } = useTranslation();
  const { text, overdue } = clockText(t, deadline, now);
  return (
    <span className={overdue ? 'vink-clock vink-clock-overdue' : 'vink-clock'}>
      {overdue && (
        <span className="vink-clock-mark" aria-hidden="true">
          !
        </span>
      )}
      <span>{text}</span>
      <span className="vink-clock-at">{t('time.atDeadline', { at: formatDateTime(deadline) })}</span>
    </span>
  );
}
