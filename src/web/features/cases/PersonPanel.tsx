import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatDate } from '../../components/dates.ts';
import type { CprRevealed, PersonView } from './types.ts';

/** How long a revealed CPR number stays on screen. Every reveal is a separate audited look-up on the server. */
export const CPR_VISIBLE_SECONDS = 30;

/**
 * The person of the case: masked CPR with "Vis CPR" (only for roles that may reveal it), minor flag and the
 * social-services report duty.
 */
export function PersonPanel({ person }: { person: PersonView }) {
  const { t } = useTranslation();
  const user = useUser();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (secondsLeft <= 0) {
      setRevealed(null);
      return;
    }
    const timer = window.setTimeout(() => setSecondsLeft((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [secondsLeft]);

  /** Each reveal asks the server (an audited look-up); the number is held in this component only, never in the query cache. */
  async function reveal() {
    setError(null);
    try {
      const r = await apiPost<CprRevealed>(`/api/v1/persons/${person.id}/cpr/reveal`);
      setRevealed(r.body.cpr);
      setSecondsLeft(CPR_VISIBLE_SECONDS);
    } catch (e) {
      setError(t(generalErrorKey(e)));
    }
  }

  function hide() {
    setSecondsLeft(0);
    setRevealed(null);
  }

  return (
    <section aria-labelledby="person-heading" className="vink-case-section">
      <h2 id="person-heading">{t('cases.person.heading')}</h2>
      {person.minor && (
        <Alert variant="warning">
          {person.socialServicesReportDuty ? t('cases.person.minorWithDuty') : t('cases.person.minor')}
        </Alert>
      )}
      {/* An unknown birth date is never "not a minor": the age is unknown, and the duty stays in view. */}
      {person.minor === null && <Alert variant="warning">{t('personAge.unknown')}</Alert>}
      <dl className="vink-facts">
        <dt>{t('cases.person.name')}</dt>
        <dd>{person.fullName}</dd>
        <dt>{t('cases.person.cpr')}</dt>
        <dd>
          {person.cprMasked === null ? (
            t('cases.person.noCpr')
          ) : (
            <>
              <span className="vink-cpr" data-testid="cpr-value">
                {revealed ?? person.cprMasked}
              </span>
              {can(user, 'person.reveal_cpr') &&
                (revealed ? (
                  <button type="button" className="button button-tertiary vink-inline-button" onClick={hide}>
                    {t('cases.person.hideCpr')}
                  </button>
                ) : (
                  <button type="button" className="button button-secondary vink-inline-button" onClick={reveal}>
                    {t('cases.person.revealCpr')}
                  </button>
                ))}
              <LiveRegion>{revealed && <span className="form-hint">{t('cases.person.revealedFor', { seconds: CPR_VISIBLE_SECONDS })}</span>}</LiveRegion>
            </>
          )}
        </dd>
        <dt>{t('cases.person.birthDate')}</dt>
        <dd>{person.birthDate ? formatDate(person.birthDate) : t('cases.unknown')}</dd>
        <dt>{t('cases.person.gender')}</dt>
        <dd>{t(`cases.gender.${person.gender}`)}</dd>
        <dt>{t('cases.person.district')}</dt>
        <dd>{person.district ?? t('cases.unknown')}</dd>
        <dt>{t('cases.person.reportDuty')}</dt>
        <dd>{person.socialServicesReportDuty ? t('cases.yes') : t('cases.no')}</dd>
      </dl>
      <LiveRegion assertive>{error && <Alert variant="error">{error}</Alert>}</LiveRegion>
    </section>
  );
}
