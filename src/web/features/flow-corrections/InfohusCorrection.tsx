import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPatch } from '../../api/client.ts';
import { resourceKey } from '../../api/queries.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import type { ConcernRecord } from '../../../shared/corrections.ts';
import type { ConcernWithRecord } from '../concerns/ConcernRecordSections.tsx';
import { FieldHistoryTable } from './FieldHistoryTable.tsx';

type Infohus = NonNullable<ConcernRecord['infohus']>;

/**
 * The Infohus decision's corrections (docs/domain.md, "Corrections"): its history (old → new, who, when), and for
 * those who may decide (concern.assess) a form to correct the meeting date, the participants, the reasoning and an
 * unfounded decision to justified, at the decision's version (409 when someone else changed it first).
 */
export function InfohusCorrection({ concern, path }: { concern: ConcernWithRecord; path: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const infohus = concern.record?.infohus;
  const [saved, setSaved] = useState(false);
  if (!infohus) return null;
  const shown = (field: string, v: string) => {
    if (field === 'decision') return t(`vocab.decision.${v}`);
    if (field === 'meetingDate') return formatDate(v);
    return v;
  };
  return (
    <>
      <FieldHistoryTable id="infohus-history-heading" heading={t('flowCorrections.infohus.historyHeading')} changes={infohus.corrections}
        fieldLabel={(f) => t(`flowCorrections.infohus.fields.${f}`)} shown={shown} />
      {can(user, 'concern.assess') && (
        <section aria-labelledby="infohus-correct-heading" className="vink-action">
          <h2 id="infohus-correct-heading">{t('flowCorrections.infohus.heading')}</h2>
          <LiveRegion>{saved && <Alert variant="success">{t('flowCorrections.infohus.saved')}</Alert>}</LiveRegion>
          <InfohusForm key={infohus.version} infohus={infohus} path={path} receivedAt={concern.receivedAt} onSaved={setSaved} />
        </section>
      )}
    </>
  );
}

function InfohusForm({ infohus, path, receivedAt, onSaved }: { infohus: Infohus; path: string; receivedAt: string; onSaved: (v: boolean) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [meetingDate, setMeetingDate] = useState(infohus.meetingDate);
  const [participants, setParticipants] = useState(infohus.participants.join('\n'));
  const [decision, setDecision] = useState<string>(infohus.decision);
  const [reasoning, setReasoning] = useState(infohus.reasoning);
  const [authority, setAuthority] = useState(infohus.followUpAuthority ?? '');
  const form = useFormErrors();
  const fields: FieldMap = {
    meetingDate: { target: 'infohus-correct-date', message: t('flowCorrections.infohus.errors.meetingDate') },
    participants: { target: 'infohus-correct-participants', message: t('flowCorrections.infohus.errors.participants') },
    decision: { target: 'infohus-correct-decision-justified', message: t('flowCorrections.infohus.decisionLocked') },
    reasoning: { target: 'infohus-correct-reasoning', message: t('flowCorrections.infohus.errors.reasoning') },
    followUpAuthority: { target: 'infohus-correct-authority', message: t('flowCorrections.infohus.errors.followUpAuthority') },
  };
  const correct = useMutation({
    mutationFn: async (body: object) => (await apiPatch<{ concern: ConcernWithRecord; changed: string[] }>(`${path}/infohus`, body)).body,
    onSuccess: (answer) => client.setQueryData(resourceKey(path), answer.concern),
  });

  function start() {
    setMeetingDate(infohus.meetingDate);
    setParticipants(infohus.participants.join('\n'));
    setDecision(infohus.decision);
    setReasoning(infohus.reasoning);
    setAuthority(infohus.followUpAuthority ?? '');
    form.clear();
    onSaved(false);
    setOpen(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (correct.isPending) return;
    const names = participants.split('\n').map((x) => x.trim()).filter(Boolean);
    const problems = [
      (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDate) || meetingDate > todayInDenmark() || meetingDate < todayInDenmark(new Date(receivedAt))) && fields.meetingDate!,
      names.length === 0 && fields.participants!,
      reasoning.trim() === '' && fields.reasoning!,
      infohus.followUpAuthority !== null && authority.trim() === '' && fields.followUpAuthority!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    const body = {
      version: infohus.version,
      ...(meetingDate !== infohus.meetingDate ? { meetingDate } : {}),
      ...(names.join('\n') !== infohus.participants.join('\n') ? { participants: names } : {}),
      ...(decision !== infohus.decision ? { decision } : {}),
      ...(reasoning.trim() !== infohus.reasoning ? { reasoning: reasoning.trim() } : {}),
      ...(infohus.followUpAuthority !== null && authority.trim() !== infohus.followUpAuthority ? { followUpAuthority: authority.trim() } : {}),
    };
    if (Object.keys(body).length === 1) {
      setOpen(false);
      return;
    }
    try {
      await correct.mutateAsync(body);
      onSaved(true);
      setOpen(false);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (!open) {
    return <button type="button" className="button button-secondary" onClick={start}>{t('flowCorrections.infohus.open')}</button>;
  }
  return (
    <form noValidate onSubmit={submit} className="vink-form" aria-busy={correct.isPending} aria-labelledby="infohus-correct-heading">
      <p>{t('flowCorrections.infohus.intro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="warning">{t('flowCorrections.infohus.conflict')}</Alert>}
      </LiveRegion>
      <TextField id="infohus-correct-date" type="date" label={t('flowCorrections.infohus.meetingDate')} value={meetingDate}
        max={todayInDenmark()} onChange={(e) => setMeetingDate(e.currentTarget.value)} error={form.errorFor('infohus-correct-date')} />
      <TextArea id="infohus-correct-participants" label={t('flowCorrections.infohus.participants')} hint={t('flowCorrections.infohus.participantsHint')}
        rows={4} value={participants} onChange={(e) => setParticipants(e.target.value)} error={form.errorFor('infohus-correct-participants')} />
      {infohus.decision === 'unfounded' ? (
        <RadioGroup id="infohus-correct-decision" name="infohusCorrectDecision" legend={t('flowCorrections.infohus.decision')} value={decision} onChange={setDecision}
          options={(['unfounded', 'justified'] as const).map((d) => ({ value: d, label: t(`vocab.decision.${d}`) }))} />
      ) : (
        <p className="form-hint">{t('flowCorrections.infohus.decisionLocked')}</p>
      )}
      <TextArea id="infohus-correct-reasoning" label={t('flowCorrections.infohus.reasoning')} rows={5} value={reasoning}
        onChange={(e) => setReasoning(e.target.value)} error={form.errorFor('infohus-correct-reasoning')} />
      {infohus.followUpAuthority !== null && (
        <TextField id="infohus-correct-authority" label={t('flowCorrections.infohus.fields.followUpAuthority')} maxLength={200} value={authority}
          onChange={(e) => setAuthority(e.currentTarget.value)} error={form.errorFor('infohus-correct-authority')} />
      )}
      <div className="vink-button-row">
        <button type="submit" className="button button-primary">{t('flowCorrections.infohus.submit')}</button>
        <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); }}>{t('flowCorrections.infohus.cancel')}</button>
      </div>
    </form>
  );
}
