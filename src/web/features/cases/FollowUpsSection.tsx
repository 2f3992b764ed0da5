import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { Occupation as Occupations } from '../../../shared/support.ts';
import { useCaseChanges } from './queries.ts';
import type { FollowUp, Occupation } from './types.ts';

/** Follow-ups 6 months after a course (still at risk?) and 12 months after an offer (education or employment?). */
export function FollowUpsSection({ caseId, followUps }: { caseId: string; followUps: FollowUp[] }) {
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
                  {f.earlyReason && <><br />{t('flow.followUp.earlyAnswered', { reason: f.earlyReason })}</>}
                </p>
              ) : (
                mayAnswer && <AnswerForm caseId={caseId} followUp={f} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AnswerForm({ caseId, followUp }: { caseId: string; followUp: FollowUp }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  // Not due yet: answering now measures the wrong moment, so the server asks for a reason (D13).
  const notDue = followUp.dueOn > todayInDenmark();
  const [reason, setReason] = useState('');
  const [early, setEarly] = useState(false);
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  const answer = useMutation({
    mutationFn: (body: object) => apiPost(`/api/v1/follow-ups/${followUp.id}/answer`, body),
    onSuccess: () => changes.followUpsChanged(),
  });
  const sixMonths = followUp.kind === 'six_months_after_course';
  const id = `followup-${followUp.id}`;
  const options = sixMonths
    ? [{ value: 'yes', label: t('cases.followUps.atRisk') }, { value: 'no', label: t('cases.followUps.notAtRisk') }]
    : Occupations.options.map((o: Occupation) => ({ value: o, label: t(`cases.occupation.${o}`) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = [
      ...(value ? [] : [{ target: `${id}-${options[0]!.value}`, message: t('cases.followUps.required') }]),
      ...(notDue && reason.trim().length < 5 ? [{ target: `${id}-reason`, message: t('flow.followUp.earlyReasonRequired') }] : []),
    ];
    if (!form.check(problems)) return;
    try {
      await answer.mutateAsync({
        ...(sixMonths ? { stillAtRisk: value === 'yes' } : { occupation: value }),
        ...(notDue ? { earlyReason: reason.trim() } : {}),
      });
    } catch (error) {
      form.fromError(error, { earlyReason: { target: `${id}-reason`, message: t('flow.followUp.earlyReasonRequired') } }, t);
    }
  }

  if (notDue && !early) {
    return (
      <p>
        <button type="button" className="button button-tertiary" onClick={() => setEarly(true)}>
          {t('flow.followUp.answerEarly')}
        </button>
      </p>
    );
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
      {notDue && (
        <>
          <p>{t('flow.followUp.notDue', { date: formatDate(followUp.dueOn) })}</p>
          <TextArea id={`${id}-reason`} label={t('flow.followUp.earlyReason')} hint={t('flow.followUp.earlyReasonHint')} rows={2} maxLength={2000}
            value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor(`${id}-reason`)} />
        </>
      )}
      <button type="submit" className="button button-secondary" disabled={answer.isPending}>
        {notDue ? t('flow.followUp.answerEarly') : t('cases.followUps.submit')}
      </button>
    </form>
  );
}
