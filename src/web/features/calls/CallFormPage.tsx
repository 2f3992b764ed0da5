import { useMutation } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { Link, pathTo, useRouter, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Checkbox, ErrorSummary, RadioGroup, SelectField } from '../../components/forms.tsx';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';
import { fromZonedInput, formatDateTime, toZonedInput } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { inOrder } from '../../components/choices.ts';
import { CallChannel, CallerSector, CallerType, CallIdeologyArea, CallInput, CallOutcome } from '../../../shared/intake.ts';
import type { Call } from '../concerns/model.ts';

/** The call's choices, the contracts' own values; "other or unclear" comes first as the usual answer. */
const CALL_IDEOLOGIES = inOrder(CallIdeologyArea.options, ['other_unclear']);

function freshDraft() {
  return {
    channel: 'vink_line',
    receivedAt: toZonedInput(new Date()),
    callerType: 'professional',
    callerSector: 'school',
    topic: '',
    ideologyArea: 'other_unclear',
    outcome: 'advice_only',
    durationMinutes: '',
    callerMunicipality: '',
    citizenMunicipality: '',
    category: '',
    online: false,
    onlinePlatform: '',
  };
}

/**
 * The call form's fields as typed (a Danish wall-clock time, minutes as text), turned into the request body and
 * checked with the server's contract (CallInput): the browser refuses what the server would.
 */
const CallDraft = z
  .object({
    channel: z.string(), receivedAt: z.string(), callerType: z.string(), callerSector: z.string(), topic: z.string(),
    ideologyArea: z.string(), outcome: z.string(), durationMinutes: z.string(), callerMunicipality: z.string(), citizenMunicipality: z.string(),
    category: z.string(), online: z.boolean(), onlinePlatform: z.string(),
  })
  // The body is any object here: the contract after it decides what it must be.
  .transform(({ receivedAt, callerSector, durationMinutes, callerMunicipality, citizenMunicipality, category, online, onlinePlatform, ...d }): Record<string, unknown> => ({
    ...d,
    // The 2020-21 plan's values (docs/domain.md, "Vocabularies"), left out when not given.
    ...(category ? { category } : {}),
    ...(online ? { online: true, ...(onlinePlatform ? { onlinePlatform } : {}) } : {}),
    receivedAt: fromZonedInput(receivedAt) ?? receivedAt,
    // The sector is asked of professionals only.
    ...(d.callerType === 'professional' ? { callerSector } : {}),
    ...(durationMinutes.trim() ? { durationMinutes: Number(durationMinutes.trim()) } : {}),
    // The shared hotline records both municipalities where known (docs/domain.md, "The shared hotline").
    ...(callerMunicipality.trim() ? { callerMunicipality: callerMunicipality.trim() } : {}),
    ...(citizenMunicipality.trim() ? { citizenMunicipality: citizenMunicipality.trim() } : {}),
  }))
  .pipe(CallInput);

/**
 * The advisory call form, made to be filled in during a phone call: one column, native controls, sensible defaults
 * (the VINK line, received when the form opened), focus in the first field, Enter saves. A call holds no person;
 * choosing "forwarded as a concern" saves the call and opens the concern intake for it in the same step.
 */
export function CallFormPage(_props: PageProps) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const draft = useForm({ resolver: zodResolver(CallDraft), defaultValues: freshDraft(), shouldFocusError: false });
  const save = useMutation({ mutationFn: async (body: z.output<typeof CallDraft>) => (await apiPost<Call>('/api/v1/calls', body)).body });
  const [saved, setSaved] = useState<Call | null>(null);
  const form = useFormErrors();
  const callerType = draft.watch('callerType');
  const outcome = draft.watch('outcome');
  const forwarding = outcome === 'forwarded_concern';
  const online = draft.watch('online');
  // Vocabularies kept by the administrator: the form offers their active entries.
  const categories = useVocabulary('category');
  const platforms = useVocabulary('online_platform');

  useEffect(() => {
    draft.setFocus('channel');
    // Once, when the form opens.
  }, []);

  // In the form's order.
  const fields: FieldMap = {
    channel: { target: 'call-channel', message: t('calls.errors.channel') },
    callerType: { target: 'call-caller-professional', message: t('calls.errors.callerType') },
    callerSector: { target: 'call-sector', message: t('calls.errors.callerSector') },
    topic: { target: 'call-topic', message: t('calls.errors.topic') },
    ideologyArea: { target: 'call-ideology', message: t('calls.errors.ideologyArea') },
    outcome: { target: 'call-outcome-advice_only', message: t('calls.errors.outcome') },
    durationMinutes: { target: 'call-duration', message: t('calls.errors.duration') },
    callerMunicipality: { target: 'call-caller-municipality', message: t('calls.errors.municipality') },
    citizenMunicipality: { target: 'call-citizen-municipality', message: t('calls.errors.municipality') },
    category: { target: 'call-category', message: t('vocabularies.intake.categoryHint') },
    onlinePlatform: { target: 'call-platform', message: t('vocabularies.intake.platformHint') },
    receivedAt: { target: 'call-received', message: t('calls.errors.receivedAt') },
  };

  const submit = draft.handleSubmit(
    async (body) => {
      if (save.isPending) return;
      form.check([]);
      // A new attempt clears the last success, so a green box never stands above a new error (D21).
      setSaved(null);
      try {
        const call = await save.mutateAsync(body);
        if (call.outcome === 'forwarded_concern') {
          navigate(pathTo('/opkald/:id/videresend', { id: call.id }));
          return;
        }
        setSaved(call);
        draft.reset(freshDraft());
        draft.setFocus('channel');
      } catch (error) {
        form.fromError(error, fields, t);
      }
    },
    (invalid) => {
      setSaved(null);
      form.fromInvalid(invalid, fields, t);
    },
  );

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
          {...draft.register('channel')}
          options={opt('callChannel', CallChannel.options)}
          error={form.errorFor('call-channel')}
        />
        <RadioGroup
          id="call-caller"
          name="callerType"
          legend={t('calls.callerType')}
          value={callerType}
          onChange={(v) => draft.setValue('callerType', v)}
          options={opt('callerType', CallerType.options)}
          error={form.errorFor('call-caller-professional')}
        />
        {callerType === 'professional' && (
          <SelectField
            id="call-sector"
            label={t('calls.callerSector')}
            {...draft.register('callerSector')}
            options={opt('callerSector', CallerSector.options)}
            error={form.errorFor('call-sector')}
          />
        )}
        <TextField
          id="call-topic"
          label={t('calls.topic')}
          hint={t('calls.topicHint')}
          {...draft.register('topic')}
          maxLength={500}
          autoComplete="off"
          error={form.errorFor('call-topic')}
        />
        <SelectField
          id="call-ideology"
          label={t('calls.ideologyArea')}
          {...draft.register('ideologyArea')}
          options={opt('ideology', CALL_IDEOLOGIES)}
          error={form.errorFor('call-ideology')}
        />
        <RadioGroup
          id="call-outcome"
          name="outcome"
          legend={t('calls.outcome')}
          value={outcome}
          onChange={(v) => draft.setValue('outcome', v)}
          options={opt('callOutcome', CallOutcome.options)}
          error={form.errorFor('call-outcome-advice_only')}
        />
        {outcome === 'child_at_risk_report' && <Alert variant="info">{t('calls.childAtRiskNote')}</Alert>}
        {outcome === 'acute_police' && <Alert variant="warning">{t('calls.acuteNote')}</Alert>}
        <TextField
          id="call-duration"
          label={t('calls.duration')}
          hint={t('calls.optional')}
          inputMode="numeric"
          inputClassName="input-width-xs"
          {...draft.register('durationMinutes')}
          error={form.errorFor('call-duration')}
        />
        <TextField
          id="call-caller-municipality"
          label={t('calls.callerMunicipality')}
          hint={t('calls.municipalityHint')}
          inputMode="numeric"
          inputClassName="input-width-xs"
          {...draft.register('callerMunicipality')}
          error={form.errorFor('call-caller-municipality')}
        />
        <TextField
          id="call-citizen-municipality"
          label={t('calls.citizenMunicipality')}
          hint={t('calls.municipalityHint')}
          inputMode="numeric"
          inputClassName="input-width-xs"
          {...draft.register('citizenMunicipality')}
          error={form.errorFor('call-citizen-municipality')}
        />
        {/* Optional details after the quick path of a phone call (docs/domain.md, "Vocabularies"). */}
        <SelectField id="call-category" label={t('vocabularies.intake.category')} hint={t('vocabularies.intake.categoryHint')}
          {...draft.register('category')} options={[{ value: '', label: t('vocabularies.intake.noCategory') }, ...categories.options]}
          error={form.errorFor('call-category')} />
        <Checkbox id="call-online" label={t('vocabularies.intake.online')} checked={online} onChange={(v) => draft.setValue('online', v)} />
        {online && (
          <SelectField id="call-platform" label={t('vocabularies.intake.platform')} hint={t('vocabularies.intake.platformHint')}
            {...draft.register('onlinePlatform')} options={[{ value: '', label: t('vocabularies.intake.noPlatform') }, ...platforms.options]}
            error={form.errorFor('call-platform')} />
        )}
        <TextField
          id="call-received"
          type="datetime-local"
          label={t('calls.receivedAt')}
          hint={t('calls.receivedAtHint')}
          {...draft.register('receivedAt')}
          error={form.errorFor('call-received')}
        />
        <button type="submit" className="button button-primary">
          {t(forwarding ? 'calls.submitForward' : 'calls.submit')}
        </button>
      </form>
    </>
  );
}
