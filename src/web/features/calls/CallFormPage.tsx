import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { Link, pathTo, useRouter, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, SelectField } from '../../components/forms.tsx';
import { fromZonedInput, formatDateTime, toZonedInput } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { inOrder } from '../../components/choices.ts';
import { CallChannel, CallerSector, CallerType, CallIdeologyArea, CallOutcome } from '../../../shared/intake.ts';
import type { Call } from '../concerns/model.ts';

/** The call's choices, the contracts' own values; "other or unclear" comes first as the usual answer. */
const CALL_IDEOLOGIES = inOrder(CallIdeologyArea.options, ['other_unclear']);

interface Draft {
  channel: string;
  receivedAt: string;
  callerType: string;
  callerSector: string;
  topic: string;
  ideologyArea: string;
  outcome: string;
  durationMinutes: string;
}

function freshDraft(): Draft {
  return {
    channel: 'vink_line',
    receivedAt: toZonedInput(new Date()),
    callerType: 'professional',
    callerSector: 'school',
    topic: '',
    ideologyArea: 'other_unclear',
    outcome: 'advice_only',
    durationMinutes: '',
  };
}

/**
 * The advisory call form, made to be filled in during a phone call: one column, native controls, sensible defaults
 * (the VINK line, received when the form opened), focus in the first field, Enter saves. A call holds no person;
 * choosing "forwarded as a concern" saves the call and opens the concern intake for it in the same step.
 */
export function CallFormPage(_props: PageProps) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [draft, setDraft] = useState<Draft>(freshDraft);
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost<Call>('/api/v1/calls', body)).body });
  const [saved, setSaved] = useState<Call | null>(null);
  const form = useFormErrors();
  const firstField = useRef<HTMLSelectElement>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const forwarding = draft.outcome === 'forwarded_concern';

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  const fields: FieldMap = {
    channel: { target: 'call-channel', message: t('calls.errors.channel') },
    receivedAt: { target: 'call-received', message: t('calls.errors.receivedAt') },
    callerType: { target: 'call-caller-professional', message: t('calls.errors.callerType') },
    callerSector: { target: 'call-sector', message: t('calls.errors.callerSector') },
    topic: { target: 'call-topic', message: t('calls.errors.topic') },
    ideologyArea: { target: 'call-ideology', message: t('calls.errors.ideologyArea') },
    outcome: { target: 'call-outcome-advice_only', message: t('calls.errors.outcome') },
    durationMinutes: { target: 'call-duration', message: t('calls.errors.duration') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    const duration = draft.durationMinutes.trim();
    const received = fromZonedInput(draft.receivedAt);
    const problems = [
      !draft.topic.trim() && fields.topic!,
      !received && fields.receivedAt!,
      duration && !/^\d{1,3}$/.test(duration) && fields.durationMinutes!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      const body = await save.mutateAsync({
        channel: draft.channel,
        receivedAt: received,
        callerType: draft.callerType,
        ...(draft.callerType === 'professional' ? { callerSector: draft.callerSector } : {}),
        topic: draft.topic.trim(),
        ideologyArea: draft.ideologyArea,
        outcome: draft.outcome,
        ...(duration ? { durationMinutes: Number(duration) } : {}),
      });
      if (body.outcome === 'forwarded_concern') {
        navigate(pathTo('/opkald/:id/videresend', { id: body.id }));
        return;
      }
      setSaved(body);
      setDraft(freshDraft());
      firstField.current?.focus();
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  const opt = (group: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`vocab.${group}.${v}`) }));

  return (
    <>
      <PageHeading takeFocus={false}>{t('calls.heading')}</PageHeading>
      <p className="font-lead">{t('calls.intro')}</p>
      <LiveRegion>
        {saved && (
          <Alert variant="success">
            {t('calls.saved', { at: formatDateTime(saved.receivedAt) })}{' '}
            <Link to={pathTo('/opkald/:id/videresend', { id: saved.id })}>{t('calls.forwardSaved')}</Link>
          </Alert>
        )}
      </LiveRegion>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending}>
        <SelectField
          id="call-channel"
          label={t('calls.channel')}
          value={draft.channel}
          onChange={(e) => set({ channel: e.target.value })}
          options={opt('callChannel', CallChannel.options)}
          error={form.errorFor('call-channel')}
          ref={firstField}
        />
        <RadioGroup
          id="call-caller"
          name="callerType"
          legend={t('calls.callerType')}
          value={draft.callerType}
          onChange={(v) => set({ callerType: v })}
          options={opt('callerType', CallerType.options)}
          error={form.errorFor('call-caller-professional')}
        />
        {draft.callerType === 'professional' && (
          <SelectField
            id="call-sector"
            label={t('calls.callerSector')}
            value={draft.callerSector}
            onChange={(e) => set({ callerSector: e.target.value })}
            options={opt('callerSector', CallerSector.options)}
            error={form.errorFor('call-sector')}
          />
        )}
        <TextField
          id="call-topic"
          label={t('calls.topic')}
          hint={t('calls.topicHint')}
          value={draft.topic}
          onChange={(e) => set({ topic: e.target.value })}
          maxLength={500}
          autoComplete="off"
          error={form.errorFor('call-topic')}
        />
        <SelectField
          id="call-ideology"
          label={t('calls.ideologyArea')}
          value={draft.ideologyArea}
          onChange={(e) => set({ ideologyArea: e.target.value })}
          options={opt('ideology', CALL_IDEOLOGIES)}
          error={form.errorFor('call-ideology')}
        />
        <RadioGroup
          id="call-outcome"
          name="outcome"
          legend={t('calls.outcome')}
          value={draft.outcome}
          onChange={(v) => set({ outcome: v })}
          options={opt('callOutcome', CallOutcome.options)}
          error={form.errorFor('call-outcome-advice_only')}
        />
        {draft.outcome === 'child_at_risk_report' && <Alert variant="info">{t('calls.childAtRiskNote')}</Alert>}
        {draft.outcome === 'acute_police' && <Alert variant="warning">{t('calls.acuteNote')}</Alert>}
        <TextField
          id="call-duration"
          label={t('calls.duration')}
          hint={t('calls.optional')}
          inputMode="numeric"
          inputClassName="input-width-xs"
          value={draft.durationMinutes}
          onChange={(e) => set({ durationMinutes: e.target.value })}
          error={form.errorFor('call-duration')}
        />
        <TextField
          id="call-received"
          type="datetime-local"
          label={t('calls.receivedAt')}
          hint={t('calls.receivedAtHint')}
          value={draft.receivedAt}
          onChange={(e) => set({ receivedAt: e.target.value })}
          error={form.errorFor('call-received')}
        />
        <button type="submit" className="button button-primary">
          {t(forwarding ? 'calls.submitForward' : 'calls.submit')}
        </button>
      </form>
    </>
  );
}
