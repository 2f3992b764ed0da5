import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup } from '../../components/forms.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate } from '../../components/dates.ts';
import { Occupation as Occupations } from '../../../shared/support.ts';
import type { FollowUp, Occupation } from './types.ts';

/** Follow-ups 6 months after a course (still at risk?) and 12 months after an offer (education or employment?). */
export function FollowUpsSection({ followUps, onChanged }: { followUps: FollowUp[]; onChanged(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayAnswer = can(user, 'followup.answer');
  const sorted = [...followUps].sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1));
  return (
    <section aria-labelledby="followups-heading" className="vink-case-section">
      <h2 id="followups-heading">{t('cases.followUps.heading')}</h2>
      {sorted.length === 0 ? (
        <p>{t('cases.followUps.none')}</p>
      ) : (
        <ul className="nobullet-list vink-cards">
          {sorted.map((f) => (
            <li key={f.id} className="vink-card">
              <h3 className="h4">{t(`cases.followUps.kind.${f.kind}`)}</h3>
              <p>{t('cases.followUps.due', { date: formatDate(f.dueOn) })}</p>
              {f.answeredAt ? (
                <p>
                  {t('cases.followUps.answered', { date: formatDate(f.answeredAt) })}:{' '}
                  {f.kind === 'six_months_after_course'
                    ? f.stillAtRisk === null ? t('cases.unknown') : f.stillAtRisk ? t('cases.followUps.atRisk') : t('cases.followUps.notAtRisk')
                    : f.occupation ? t(`cases.occupation.${f.occupation}`) : t('cases.unknown')}
                </p>
              ) : (
                mayAnswer && <AnswerForm followUp={f} onDone={onChanged} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AnswerForm({ followUp, onDone }: { followUp: FollowUp; onDone(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();
  const sixMonths = followUp.kind === 'six_months_after_course';
  const id = `followup-${followUp.id}`;
  const options = sixMonths
    ? [{ value: 'yes', label: t('cases.followUps.atRisk') }, { value: 'no', label: t('cases.followUps.notAtRisk') }]
    : Occupations.options.map((o: Occupation) => ({ value: o, label: t(`cases.occupation.${o}`) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check(value ? [] : [{ target: `${id}-${options[0]!.value}`, message: t('cases.followUps.required') }])) return;
    setBusy(true);
    try {
      await apiPost(`/api/v1/follow-ups/${followUp.id}/answer`, sixMonths ? { stillAtRisk: value === 'yes' } : { occupation: value });
      onDone();
    } catch (error) {
      form.fromError(error, {}, t);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit}>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <RadioGroup
        id={id}
        name={id}
        legend={sixMonths ? t('cases.followUps.questionRisk') : t('cases.followUps.questionOccupation')}
        value={value}
        onChange={setValue}
        error={form.errorFor(`${id}-${options[0]!.value}`)}
        options={options}
      />
      <button type="submit" className="button button-secondary" disabled={busy}>
        {t('cases.followUps.submit')}
      </button>
    </form>
  );
}
