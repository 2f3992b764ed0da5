import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { todayInDenmark } from '../../components/dates.ts';
import { dimensionsOf, labelText } from './instrument.ts';
import { AssessmentInput, AssessmentKind as AssessmentKinds } from '../../../shared/assessments.ts';
import type { Assessment, Instrument } from './types.ts';

/** A choice on the scale as the radio buttons hold it: a value as text, 'unknown', or absent when not chosen yet. */
const toRating = (c: string | undefined) => (c === 'unknown' ? null : c ? Number(c) : undefined);

/**
 * The form's fields turned into the request body and checked with the server's contract (AssessmentInput): every
 * dimension of the instrument needs a risk and a resources choice, "unknown" included, before anything is sent.
 */
function assessmentSchema(instrument: Instrument) {
  const dims = dimensionsOf(instrument);
  return z
    .object({ kind: z.string(), assessedOn: z.string(), summary: z.string(), risk: z.record(z.string(), z.string()), resources: z.record(z.string(), z.string()) })
    .transform((d) => ({
      kind: d.kind,
      assessedOn: d.assessedOn,
      instrumentId: instrument.id,
      ratings: dims.map((x) => ({ dimension: x.code, risk: toRating(d.risk[x.code]), resources: toRating(d.resources[x.code]) })),
      ...(d.summary.trim() ? { summary: d.summary } : {}),
    }))
    .pipe(AssessmentInput);
}

/**
 * Records an assessment on the national tool: every dimension rated for risk and for resources, each with an explicit
 * "unknown" (never a silent default). Used on the case page and in the mentor view.
 */
export function AssessmentForm({
  caseId, instrument, idPrefix, onSaved,
}: { caseId: string; instrument: Instrument; idPrefix: string; onSaved(a: Assessment): void }) {
  const { t } = useTranslation();
  const dims = dimensionsOf(instrument);
  const schema = useMemo(() => assessmentSchema(instrument), [instrument]);
  const draft = useForm({
    resolver: zodResolver(schema),
    defaultValues: { kind: '', assessedOn: todayInDenmark(), summary: '', risk: {}, resources: {} },
    shouldFocusError: false,
  });
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const save = useMutation({
    mutationFn: async (body: z.output<typeof schema>) => (await apiPost<Assessment>(`/api/v1/cases/${caseId}/assessments`, body)).body,
  });

  const options = instrument.scale.map((s) => ({ value: s.value === null ? 'unknown' : String(s.value), label: labelText(s.label) }));
  const risk = draft.watch('risk');
  const resources = draft.watch('resources');

  // In the form's order: the kind, the date, each dimension's two choices, the summary.
  const fields: FieldMap = {
    kind: { target: `${idPrefix}-kind-start`, message: t('cases.assessments.errors.kind') },
    assessedOn: { target: `${idPrefix}-date`, message: t('cases.assessments.errors.date') },
  };
  dims.forEach((d, i) => {
    const dimension = labelText(d.label);
    fields[`ratings.${i}.risk`] = { target: `${idPrefix}-${d.code}-risk-${options[0]!.value}`, message: t('cases.assessments.errors.risk', { dimension }) };
    fields[`ratings.${i}.resources`] = { target: `${idPrefix}-${d.code}-resources-${options[0]!.value}`, message: t('cases.assessments.errors.resources', { dimension }) };
  });
  fields.summary = { target: `${idPrefix}-summary`, message: t('cases.assessments.errors.summary') };

  const submit = draft.handleSubmit(
    async (body) => {
      form.check([]);
      setSaved(false);
      try {
        const assessment = await save.mutateAsync(body);
        draft.reset({ ...draft.getValues(), kind: '', summary: '', risk: {}, resources: {} });
        setSaved(true);
        onSaved(assessment);
      } catch (error) {
        form.fromError(error, fields, t);
      }
    },
    (invalid) => {
      setSaved(false);
      form.fromInvalid(invalid, fields, t);
    },
  );

  return (
    <form className="vink-form vink-assessment-form" noValidate onSubmit={submit}>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <LiveRegion>{saved && <Alert variant="success">{t('cases.assessments.saved')}</Alert>}</LiveRegion>
      <RadioGroup
        id={`${idPrefix}-kind`}
        name={`${idPrefix}-kind`}
        legend={t('cases.assessments.kindLegend')}
        value={draft.watch('kind')}
        onChange={(v) => draft.setValue('kind', v)}
        error={form.errorFor(fields.kind!.target)}
        options={AssessmentKinds.options.map((k) => ({ value: k, label: t(`cases.assessments.kind.${k}`) }))}
      />
      <TextField
        id={`${idPrefix}-date`}
        label={t('cases.assessments.date')}
        type="date"
        {...draft.register('assessedOn')}
        error={form.errorFor(fields.assessedOn!.target)}
      />
      {dims.map((d) => (
        <fieldset key={d.code} className="vink-dimension">
          <legend className="h4">{labelText(d.label)}</legend>
          <div className="vink-dimension-measures">
            <RadioGroup
              id={`${idPrefix}-${d.code}-risk`}
              name={`${idPrefix}-${d.code}-risk`}
              legend={t('cases.assessments.measure.risk')}
              value={risk[d.code] ?? ''}
              onChange={(v) => draft.setValue('risk', { ...risk, [d.code]: v })}
              error={form.errorFor(`${idPrefix}-${d.code}-risk-${options[0]!.value}`)}
              options={options}
            />
            <RadioGroup
              id={`${idPrefix}-${d.code}-resources`}
              name={`${idPrefix}-${d.code}-resources`}
              legend={t('cases.assessments.measure.resources')}
              value={resources[d.code] ?? ''}
              onChange={(v) => draft.setValue('resources', { ...resources, [d.code]: v })}
              error={form.errorFor(`${idPrefix}-${d.code}-resources-${options[0]!.value}`)}
              options={options}
            />
          </div>
        </fieldset>
      ))}
      <TextArea
        id={`${idPrefix}-summary`}
        label={t('cases.assessments.summary')}
        hint={t('cases.assessments.summaryHint')}
        maxLength={5000}
        {...draft.register('summary')}
        error={form.errorFor(fields.summary!.target)}
      />
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('cases.assessments.submit')}
      </button>
    </form>
  );
}
