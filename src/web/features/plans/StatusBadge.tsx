import { useTranslation } from 'react-i18next';
import iconSprite from '@dkfds/img/all-svg-icons.svg';
import type { TargetStatus } from './types.ts';

const ICON: Record<TargetStatus, string> = {
  met: 'check',
  not_met: 'close',
  no_data: 'minus',
  no_target: 'minus',
  suppressed: 'visibility-off',
};

/** Whether a target was met, in words and with a shape per status, so colour is never the only signal. */
export function StatusBadge({ status }: { status: TargetStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`vink-target-status vink-target-${status}`}>
      <svg className="icon-svg vink-target-icon" aria-hidden="true" focusable="false">
        <use href={`${iconSprite}#${ICON[status]}`} />
      </svg>
      {t(`plans.status.${status}`)}
    </span>
  );
}
