import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, TextArea, type SummaryError } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { todayInDenmark } from '../../components/dates.ts';
import { dimensionsOf, labelText } from './instrument.ts';
import { AssessmentKind as AssessmentKinds } from '../../../shared/assessments.ts';
import type { Assessment, AssessmentKind, Instrument } from './types.ts';

type Choice = string; // a scale value as text, 'unknown', or '' for not chosen yet

/**
 * Records an assessment on the national tool: every dimension rated for risk and for resources, each with an explicit
 * "unknown" (never a silent default). Used on the case page and in the mentor view.
 */
export function AssessmentForm({
  caseId, instrument, idPrefix, onSaved,
}: { caseId: string; instrument: Instrument; idPrefix: string; onSaved(a: Assessment): void }) {
  const { t } = useTranslation();
  const dims = dimensionsOf(instrument);
  const [kind, setKind] = useState<AssessmentKind | ''>('');
  const [assessedOn, setAssessedOn] = useState(todayInDenmark());
  const [summary, setSummary] = useState('');
  const [risk, setRisk] = useState<Record<string, Choice>>({});
  const [resources, setResources] = useState<Record<string, Choice>>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();

  const options = instrument.scale.map((s) => ({ value: s.value === null ? 'unknown' : String(s.value), label: labelText(s.label) }));
  const toRating = (c: Choice) => (c === 'unknown' ? null : Number(c));

  const fields: FieldMap = {
    kind: { target: `${idPrefix}-kind-start`, message: t('cases.assessments.errors.kind') },
    assessedOn: { target: `${idPrefix}-date`, message: t('cases.assessments.errors.date') },
    summary: { target: `${idPrefix}-summary`, message: t('cases.assessments.errors.summary') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found: SummaryError[] = [];
    if (!kind) found.push(fields.kind!);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(assessedOn)) found.push(fields.assessedOn!);
    for (const d of dims) {
      const name = labelText(d.label);
      if (!risk[d.code]) found.push({ target: `${idPrefix}-${d.code}-risk-${options[0]!.value}`, message: t('cases.assessments.errors.risk', { dimension: name }) });
      if (!resources[d.code]) found.push({ target: `${idPrefix}-${d.code}-resources-${options[0]!.value}`, message: t('cases.assessments.errors.resources', { dimension: name }) });
    }
    if (!form.check(found)) return;
    setBusy(true);
    try {
      const r = await apiPost<Assessment>(`/api/v1/cases/${caseId}/assessments`, {
        kind,
        assessedOn,
        instrumentId: instrument.id,
        ratings: dims.map((d) => ({ dimension: d.code, risk: toRating(risk[d.code]!), resources: toRating(resources[d.code]!) })),
        ...(summary.trim() ? { summary: summary.trim() } : {}),
      });
      setKind('');
      setSummary('');
      setRisk({});
      setResources({});
      setSaved(true);
      onSaved(r.body);
    } catch (error) {
      form.fromError(error, fields, t);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="vink-form vink-assessment-form" noValidate onSubmit={submit}>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <LiveRegion>{saved && <Alert variant="success">{t('cases.assessments.saved')}</Alert>}</LiveRegion>
      <RadioGroup
        id={`${idPrefix}-kind`}
        name={`${idPrefix}-kind`}
        legend={t('cases.assessments.kindLegend')}
        value={kind}
        onChange={(v) => setKind(v as AssessmentKind)}
        error={form.errorFor(fields.kind!.target)}
        options={AssessmentKinds.options.map((k) => ({ value: k, label: t(`cases.assessments.kind.${k}`) }))}
      />
      <TextField
        id={`${idPrefix}-date`}
        label={t('cases.assessments.date')}
        type="date"
        value={assessedOn}
        onChange={(e) => setAssessedOn(e.target.value)}
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
              onChange={(v) => setRisk((r) => ({ ...r, [d.code]: v }))}
              error={form.errorFor(`${idPrefix}-${d.code}-risk-${options[0]!.value}`)}
              options={options}
            />
            <RadioGroup
              id={`${idPrefix}-${d.code}-resources`}
              name={`${idPrefix}-${d.code}-resources`}
              legend={t('cases.assessments.measure.resources')}
              value={resources[d.code] ?? ''}
              onChange={(v) => setResources((r) => ({ ...r, [d.code]: v }))}
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
        value={summary}
        maxLength={5000}
        onChange={(e) => setSummary(e.target.value)}
        error={form.errorFor(fields.summary!.target)}
      />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('cases.assessments.submit')}
      </button>
    </form>
  );
}
