import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPatch } from '../../api/client.ts';
import { query } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { formatDateTime, fromZonedInput, todayInDenmark, toZonedInput } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { CallChannel, CallerSector, CallerType, CallIdeologyArea } from '../../../shared/intake.ts';
import type { CallRecord } from '../../../shared/corrections.ts';
import type { Call } from '../concerns/model.ts';

/**
 * The adviser's own calls (issue 12, item 2; docs/domain.md, "Corrections"): today's by default, any earlier day by
 * its date (the filter is a date, never personal data, so the list is a GET). Each call can be corrected at the
 * version read, with its field history shown, and a call not yet forwarded can be forwarded as a concern later.
 * A coordinator sees the unit's calls (src/shared/policy.ts, call.read).
 */
export function CallListPage(_props: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const [day, setDay] = useState(todayInDenmark());
  const [openId, setOpenId] = useState<string | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const list = useResource<Call[]>(valid ? `/api/v1/calls${query({ from: day, to: day })}` : null);
  const calls = list.data ?? [];
  const opt = (group: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`vocab.${group}.${v}`) }));

  return (
    <>
      <PageHeading>{t('callList.heading')}</PageHeading>
      <p className="font-lead">{t('callList.intro')}</p>
      <div className="vink-form">
        <TextField id="calls-day" type="date" label={t('callList.day')} value={day} max={todayInDenmark()} onChange={(e) => setDay(e.currentTarget.value)} />
      </div>
      <LiveRegion>
        {list.isError && <Alert variant="error">{t(generalErrorKey(list.error))}</Alert>}
        {list.isSuccess && <p id="calls-total">{t('callList.total', { count: calls.length })}</p>}
      </LiveRegion>
      {calls.length > 0 && (
        <table className="table table--compact">
          <caption className="sr-only">{t('callList.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calls.receivedAt')}</th>
              <th scope="col">{t('calls.channel')}</th>
              <th scope="col">{t('calls.callerType')}</th>
              <th scope="col">{t('calls.topic')}</th>
              <th scope="col">{t('calls.outcome')}</th>
              <th scope="col">{t('callList.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.id} id={`call-${c.id}`}>
                <th scope="row">{formatDateTime(c.receivedAt)}</th>
                <td>{t(`vocab.callChannel.${c.channel}`)}</td>
                <td>{t(`vocab.callerType.${c.callerType}`)}{c.callerSector ? ` (${t(`vocab.callerSector.${c.callerSector}`)})` : ''}</td>
                <td>{c.topic}</td>
                <td>{t(`vocab.callOutcome.${c.outcome}`)}</td>
                <td>
                  {can(user, 'call.correct') && (
                    <button type="button" className="button button-secondary" aria-expanded={openId === c.id} aria-controls="call-correction"
                      onClick={() => setOpenId(openId === c.id ? null : c.id)}>
                      {t('callList.correct', { at: formatDateTime(c.receivedAt) })}
                    </button>
                  )}{' '}
                  {c.forwardedUnitId
                    ? t('referral.sentAcross')
                    : c.referral
                      ? t('referral.referredTo', { name: c.referral.name })
                      : c.concernId
                        ? <Link to={pathTo('/henvendelser/:id', { id: c.concernId })}>{t('callList.openConcern')}</Link>
                        : can(user, 'call.forward') && (
                          <>
                            <Link to={pathTo('/opkald/:id/videresend', { id: c.id })}>{t('callList.forward')}</Link>
                            {c.channel === 'national_hotline' && (
                              <>{' '}<Link to={pathTo('/opkald/:id/henvisning', { id: c.id })}>{t('referral.link')}</Link></>
                            )}
                          </>
                        )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {openId && <CallCorrection key={openId} id={openId} opt={opt} onDone={() => void list.refetch()} />}
    </>
  );
}

type Opt = (group: string, values: readonly string[]) => { value: string; label: string }[];

/** One call's correction form and its history (GET /calls/:id reads the call with its corrections; one audited look). */
function CallCorrection({ id, opt, onDone }: { id: string; opt: Opt; onDone: () => void }) {
  const { t } = useTranslation();
  const path = `/api/v1/calls/${id}`;
  const call = useResource<CallRecord>(path);
  const refresh = useRefresh();
  if (!call.data) return call.isError ? <Alert variant="error">{t(generalErrorKey(call.error))}</Alert> : null;
  return (
    <section id="call-correction" aria-labelledby="call-correction-heading">
      <h2 id="call-correction-heading">{t('callList.correctionHeading', { at: formatDateTime(call.data.receivedAt) })}</h2>
      <CorrectionForm call={call.data} opt={opt} onSaved={async () => { await refresh(path); onDone(); }} />
      <h3>{t('callList.history')}</h3>
      {call.data.corrections.length === 0 ? <p>{t('callList.noHistory')}</p> : (
        <table className="table table--compact">
          <caption className="sr-only">{t('callList.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('callList.when')}</th>
              <th scope="col">{t('callList.who')}</th>
              <th scope="col">{t('callList.field')}</th>
              <th scope="col">{t('callList.change')}</th>
            </tr>
          </thead>
          <tbody>
            {call.data.corrections.map((c) => (
              <tr key={`${c.version}-${c.field}`}>
                <td>{formatDateTime(c.changedAt)}</td>
                <td>{c.changedBy.displayName}</td>
                <td>{t(`callList.fields.${c.field}`)}</td>
                <td>{shown(t, c.field, c.oldValue)} → {shown(t, c.field, c.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const VOCAB: Record<string, string> = { channel: 'callChannel', callerType: 'callerType', callerSector: 'callerSector', ideologyArea: 'ideology' };

function shown(t: (k: string) => string, field: string, v: string | null): string {
  if (v === null || v === '') return t('callList.empty');
  if (VOCAB[field]) return t(`vocab.${VOCAB[field]}.${v}`);
  if (field === 'receivedAt') return formatDateTime(v);
  return v;
}

function CorrectionForm({ call, opt, onSaved }: { call: CallRecord; opt: Opt; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [initial] = useState(() => ({
    receivedAt: toZonedInput(new Date(call.receivedAt)), channel: call.channel, callerType: call.callerType, callerSector: call.callerSector ?? 'school',
    topic: call.topic, ideologyArea: call.ideologyArea, durationMinutes: call.durationMinutes === null ? '' : String(call.durationMinutes),
  }));
  const [draft, setDraft] = useState(initial);
  const [unchanged, setUnchanged] = useState(false);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof draft) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const fields: FieldMap = {
    receivedAt: { target: 'fix-received', message: t('calls.errors.receivedAt') },
    channel: { target: 'fix-channel', message: t('calls.errors.channel') },
    callerType: { target: 'fix-caller', message: t('calls.errors.callerType') },
    callerSector: { target: 'fix-sector', message: t('calls.errors.callerSector') },
    topic: { target: 'fix-topic', message: t('calls.errors.topic') },
    ideologyArea: { target: 'fix-ideology', message: t('calls.errors.ideologyArea') },
    durationMinutes: { target: 'fix-duration', message: t('calls.errors.duration') },
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSaved(false);
    const duration = draft.durationMinutes.trim();
    if (duration && !/^\d{1,3}$/.test(duration)) {
      form.check([{ target: 'fix-duration', message: t('calls.errors.duration') }]);
      return;
    }
    form.check([]);
    const professional = draft.callerType === 'professional';
    // Only what the user changed is sent: the time field shows minutes, so an untouched time must not "correct" seconds.
    const full: Record<string, unknown> = {
      receivedAt: fromZonedInput(draft.receivedAt) ?? draft.receivedAt, channel: draft.channel, callerType: draft.callerType,
      callerSector: professional ? draft.callerSector : null, topic: draft.topic, ideologyArea: draft.ideologyArea,
      durationMinutes: duration ? Number(duration) : null,
    };
    const keys = (Object.keys(initial) as (keyof typeof initial)[]).filter((k) => draft[k] !== initial[k]);
    if (keys.includes('callerType') || keys.includes('callerSector')) keys.push('callerType', 'callerSector');
    setUnchanged(keys.length === 0);
    if (keys.length === 0) return;
    const body = { version: call.version, ...Object.fromEntries([...new Set(keys)].map((k) => [k, full[k]])) };
    setBusy(true);
    try {
      await apiPatch(`/api/v1/calls/${call.id}`, body);
      setSaved(true);
      await onSaved();
    } catch (error) {
      form.fromError(error, fields, t);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <LiveRegion>
        {saved && <Alert variant="success">{t('callList.saved')}</Alert>}
        {unchanged && <Alert variant="info">{t('callList.unchanged')}</Alert>}
      </LiveRegion>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="warning">{t('callList.conflict')}</Alert>}
      </LiveRegion>
      <form noValidate onSubmit={(e) => void submit(e)} className="vink-form" aria-busy={busy}>
        <TextField id="fix-received" type="datetime-local" label={t('calls.receivedAt')} value={draft.receivedAt} onChange={set('receivedAt')} error={form.errorFor('fix-received')} />
        <SelectField id="fix-channel" label={t('calls.channel')} value={draft.channel} onChange={set('channel')} options={opt('callChannel', CallChannel.options)} error={form.errorFor('fix-channel')} />
        <SelectField id="fix-caller" label={t('calls.callerType')} value={draft.callerType} onChange={set('callerType')} options={opt('callerType', CallerType.options)} error={form.errorFor('fix-caller')} />
        {draft.callerType === 'professional' && (
          <SelectField id="fix-sector" label={t('calls.callerSector')} value={draft.callerSector} onChange={set('callerSector')} options={opt('callerSector', CallerSector.options)} error={form.errorFor('fix-sector')} />
        )}
        <TextField id="fix-topic" label={t('calls.topic')} hint={t('calls.topicHint')} value={draft.topic} onChange={set('topic')} maxLength={500} autoComplete="off" error={form.errorFor('fix-topic')} />
        <SelectField id="fix-ideology" label={t('calls.ideologyArea')} value={draft.ideologyArea} onChange={set('ideologyArea')} options={opt('ideology', CallIdeologyArea.options)} error={form.errorFor('fix-ideology')} />
        <TextField id="fix-duration" label={t('calls.duration')} hint={t('calls.optional')} inputMode="numeric" inputClassName="input-width-xs" value={draft.durationMinutes} onChange={set('durationMinutes')} error={form.errorFor('fix-duration')} />
        <button type="submit" className="button button-primary">{t('callList.save')}</button>
      </form>
    </>
  );
}
