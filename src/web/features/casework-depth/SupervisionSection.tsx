import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import type { SupervisionSession } from '../../../shared/supervision.ts';
import type { CaseDetail } from '../cases/types.ts';

/** The path of a case's supervision sessions (the case page seeds it from its one request). */
export const supervisionPath = (caseId: string) => `/api/v1/cases/${caseId}/supervision-sessions`;

/** The relations whose members VINK supervises on a case (docs/domain.md, "Resource persons and SSP"). */
const SUPERVISED = ['resource_person', 'ssp'] as const;

/**
 * Supervision given to the case's resource persons and SSP members (docs/domain.md, "Resource persons and SSP"): the
 * sessions held (date, duration, topic, who was supervised) and a form to record one. Shown to the roles with
 * case.supervision.read for this case; the case page passes the sessions it read in its one request.
 */
export function SupervisionSection({ detail, seed }: { detail: CaseDetail; seed: SupervisionSession[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const sessions = useResource<SupervisionSession[]>(supervisionPath(detail.id), seed);
  const supervised = detail.members.filter((m) => (SUPERVISED as readonly string[]).includes(m.relation));
  const mayRecord = canOnCase(user, 'case.supervision.manage', detail) && detail.status !== 'closed';
  const list = sessions.data ?? seed;
  return (
    <section aria-labelledby="supervision-heading" className="vink-case-section">
      <h2 id="supervision-heading">{t('supervision.heading')}</h2>
      <p>{t('supervision.intro')}</p>
      {list.length === 0 ? <p>{t('supervision.none')}</p> : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('supervision.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.heldOn')}</th>
                <th scope="col">{t('supervision.member')}</th>
                <th scope="col">{t('supervision.duration')}</th>
                <th scope="col">{t('supervision.topic')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <td>{formatDate(x.heldOn)}</td>
                  <td>{x.relation ? t('supervision.memberWithRelation', { name: x.member.displayName, relation: t(`cases.relation.${x.relation}`) }) : x.member.displayName}</td>
                  <td>{t('supervision.minutes', { count: x.durationMinutes })}</td>
                  <td className="vink-note-body">{x.topic}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayRecord && (supervised.length === 0
        ? <p>{t('supervision.noMembers')}</p>
        : <RecordForm caseId={detail.id} members={supervised.map((m) => ({ id: m.id, label: t('supervision.memberWithRelation', { name: m.displayName, relation: t(`cases.relation.${m.relation}`) }) }))} />)}
    </section>
  );
}

function RecordForm({ caseId, members }: { caseId: string; members: { id: string; label: string }[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const [memberId, setMemberId] = useState(members.length === 1 ? members[0]!.id : '');
  const [heldOn, setHeldOn] = useState(todayInDenmark());
  const [duration, setDuration] = useState('');
  const [topic, setTopic] = useState('');
  const form = useFormErrors();
  const refresh = useRefresh();
  const openButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard users land in the form when it opens and back on its button when it closes.
  const [focusTo, setFocusTo] = useState<'form' | 'button' | null>(null);
  useEffect(() => {
    if (focusTo === 'form') heading.current?.focus();
    if (focusTo === 'button') openButton.current?.focus();
    setFocusTo(null);
  }, [focusTo]);
  const record = useMutation({ mutationFn: (body: object) => apiPost(supervisionPath(caseId), body) });
  const fields = {
    memberId: { target: 'supervision-member', message: t('supervision.memberRequired') },
    heldOn: { target: 'supervision-date', message: t('supervision.heldOnInvalid') },
    durationMinutes: { target: 'supervision-duration', message: t('supervision.durationInvalid') },
    topic: { target: 'supervision-topic', message: t('supervision.topicRequired') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const minutes = Number(duration);
    const missing = [
      !memberId && fields.memberId,
      (!heldOn || heldOn > todayInDenmark()) && fields.heldOn,
      (!/^\d+$/.test(duration.trim()) || minutes < 5 || minutes > 600) && fields.durationMinutes,
      !topic.trim() && fields.topic,
    ].filter((x): x is { target: string; message: string } => Boolean(x));
    if (!form.check(missing)) return;
    try {
      await record.mutateAsync({ memberId, heldOn, durationMinutes: minutes, topic: topic.trim() });
      setOpen(false);
      setSaved(true);
      setDuration(''); setTopic(''); setHeldOn(todayInDenmark());
      setFocusTo('button');
      await refresh(supervisionPath(caseId));
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <LiveRegion>{saved && !open && <Alert variant="success">{t('supervision.saved')}</Alert>}</LiveRegion>
      {!open ? (
        <button ref={openButton} type="button" className="button button-secondary" onClick={() => { setOpen(true); setSaved(false); setFocusTo('form'); }}>
          {t('supervision.record')}
        </button>
      ) : (
        <form className="vink-form" noValidate onSubmit={submit} aria-labelledby="supervision-form-heading">
          <h3 id="supervision-form-heading" ref={heading} tabIndex={-1} className="vink-focus-heading">{t('supervision.record')}</h3>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <SelectField id="supervision-member" label={t('supervision.memberLabel')} value={memberId} onChange={(e) => setMemberId(e.target.value)}
            error={form.errorFor('supervision-member')}
            options={[{ value: '', label: t('cases.choose') }, ...members.map((m) => ({ value: m.id, label: m.label }))]} />
          <TextField id="supervision-date" type="date" inputClassName="input-width-s" label={t('supervision.heldOnLabel')} max={todayInDenmark()} value={heldOn}
            onChange={(e) => setHeldOn(e.target.value)} error={form.errorFor('supervision-date') ?? null} />
          <TextField id="supervision-duration" inputMode="numeric" inputClassName="input-width-xs"
            label={t('supervision.durationLabel')} hint={t('supervision.durationHint')} value={duration}
            onChange={(e) => setDuration(e.target.value)} error={form.errorFor('supervision-duration') ?? null} />
          <TextArea id="supervision-topic" label={t('supervision.topicLabel')} hint={t('supervision.topicHint')} value={topic} maxLength={500}
            onChange={(e) => setTopic(e.target.value)} error={form.errorFor('supervision-topic')} />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={record.isPending}>{t('supervision.save')}</button>
            <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); setFocusTo('button'); }}>{t('cases.cancel')}</button>
          </div>
        </form>
      )}
    </>
  );
}
