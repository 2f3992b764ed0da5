import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPatch, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, useRouter, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { CheckboxGroup, ErrorSummary, RadioGroup, SelectField, TextArea } from '../../components/forms.tsx';
import { formatDkk } from '../../components/numbers.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { INDICATORS, MEASURE_CODES, comparisonsFor, type MeasureCode } from '../../../shared/indicators.ts';
import type { PlanDetail } from './types.ts';
import './plans.css';

type T = (key: string, options?: Record<string, unknown>) => string;
const YEAR = /^\d{4}$/;
const AMOUNT = /^\d+([.,]\d{1,2})?$/;
const toNumber = (s: string) => Number(s.trim().replace(',', '.'));

/**
 * Creating an action plan (/handleplaner/ny): its name and period. The plan starts as a draft; tracks, indicators,
 * budget and approval are added on its edit page. The server validates everything again (docs/domain.md).
 */
export function PlanNewPage(_props: PageProps) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [name, setName] = useState('');
  const [firstYear, setFirstYear] = useState('');
  const [lastYear, setLastYear] = useState('');
  const form = useFormErrors();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost<PlanDetail>('/api/v1/plans', body)).body });
  const fields: FieldMap = {
    name: { target: 'plan-name', message: t('planEdit.errors.name') },
    firstYear: { target: 'plan-first-year', message: t('planEdit.errors.firstYear') },
    lastYear: { target: 'plan-last-year', message: t('planEdit.errors.lastYear') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    const problems = [
      !name.trim() && fields.name!,
      !YEAR.test(firstYear.trim()) && fields.firstYear!,
      (!YEAR.test(lastYear.trim()) || Number(lastYear) < Number(firstYear)) && fields.lastYear!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      const plan = await save.mutateAsync({ name: name.trim(), firstYear: Number(firstYear), lastYear: Number(lastYear), tracks: [] });
      navigate(`/handleplaner/${plan.id}/rediger`);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <>
      <PageHeading>{t('planEdit.newHeading')}</PageHeading>
      <p className="font-lead">{t('planEdit.newIntro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.newHeading')}>
        <TextField id="plan-name" label={t('planEdit.name')} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={form.errorFor('plan-name')} />
        <TextField id="plan-first-year" inputMode="numeric" inputClassName="input-width-xs" label={t('planEdit.firstYear')} value={firstYear}
          onChange={(e) => setFirstYear(e.target.value)} error={form.errorFor('plan-first-year')} />
        <TextField id="plan-last-year" inputMode="numeric" inputClassName="input-width-xs" label={t('planEdit.lastYear')} value={lastYear}
          onChange={(e) => setLastYear(e.target.value)} error={form.errorFor('plan-last-year')} />
        <button type="submit" className="button button-primary">{t('planEdit.create')}</button>
      </form>
    </>
  );
}

/**
 * Editing an action plan (/handleplaner/:id/rediger): its details and status (draft or approved, by which committee
 * and when), tracks and target groups with their purpose text, indicators from the catalogue with parameters and
 * yearly targets, budget lines (money or staffing in FTE) and spending, and the decisions that meet milestones.
 * Every form sends to the server, which validates and answers 400 naming the field, 409 on a stale plan.
 */
export function PlanEditPage({ params }: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const path = `/api/v1/plans/${encodeURIComponent(params.id ?? '')}`;
  const plan = useResource<PlanDetail>(params.id ? path : null);
  const refresh = useRefresh();
  const reload = () => refresh(path);
  if (plan.error) return <><PageHeading>{t('planEdit.heading')}</PageHeading><Alert variant="error">{t('errors.notFoundRecord')}</Alert></>;
  if (!plan.data) return <><PageHeading>{t('planEdit.heading')}</PageHeading><p role="status">{t('app.loading')}</p></>;
  const p = plan.data;
  return (
    <>
      <PageHeading>{t('planEdit.headingFor', { name: p.name })}</PageHeading>
      <p className="font-lead">{t('planEdit.intro')}</p>
      <p><Link to={`/handleplaner/${p.id}`}>{t('planEdit.toDashboard')}</Link></p>
      <DetailsSection plan={p} onSaved={reload} />
      <TracksSection plan={p} onSaved={reload} />
      <IndicatorsSection plan={p} onSaved={reload} />
      {can(user, 'budget.manage') && <BudgetSection plan={p} onSaved={reload} />}
      <MilestonesSection plan={p} />
    </>
  );
}

function Section({ heading, children }: { heading: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="vink-plan-section" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {children}
    </section>
  );
}

/** A saved-message region shared by the small forms: announced politely, cleared on the next attempt. */
function useSaved() {
  const [saved, setSaved] = useState<string | null>(null);
  return { saved, setSaved, region: <LiveRegion>{saved && <Alert variant="success">{saved}</Alert>}</LiveRegion> };
}

function DetailsSection({ plan, onSaved }: { plan: PlanDetail; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState(plan.name);
  const [firstYear, setFirstYear] = useState(String(plan.firstYear));
  const [lastYear, setLastYear] = useState(String(plan.lastYear));
  const [status, setStatus] = useState<string>(plan.status);
  const [committee, setCommittee] = useState(plan.committee ?? '');
  const [approvedOn, setApprovedOn] = useState(plan.approvedOn ?? '');
  useEffect(() => {
    setName(plan.name); setFirstYear(String(plan.firstYear)); setLastYear(String(plan.lastYear)); setStatus(plan.status);
    setCommittee(plan.committee ?? ''); setApprovedOn(plan.approvedOn ?? '');
  }, [plan.version]);
  const form = useFormErrors();
  const { setSaved, region } = useSaved();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPatch<PlanDetail>(`/api/v1/plans/${plan.id}`, body)).body });
  const fields: FieldMap = {
    name: { target: 'edit-name', message: t('planEdit.errors.name') },
    firstYear: { target: 'edit-first-year', message: t('planEdit.errors.firstYear') },
    lastYear: { target: 'edit-last-year', message: t('planEdit.errors.lastYear') },
    status: { target: 'edit-status-draft', message: t('planEdit.errors.status') },
    committee: { target: 'edit-committee', message: t('planEdit.errors.committee') },
    approvedOn: { target: 'edit-approved-on', message: t('planEdit.errors.approvedOn') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(null);
    const approving = status === 'approved';
    const problems = [
      !name.trim() && fields.name!,
      !YEAR.test(firstYear.trim()) && fields.firstYear!,
      (!YEAR.test(lastYear.trim()) || Number(lastYear) < Number(firstYear)) && fields.lastYear!,
      approving && !committee.trim() && fields.committee!,
      approving && !approvedOn && plan.status === 'draft' && fields.approvedOn!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await save.mutateAsync({
        version: plan.version, name: name.trim(), firstYear: Number(firstYear), lastYear: Number(lastYear), status,
        committee: committee.trim() || null, approvedOn: approvedOn || null,
      });
      await onSaved();
      setSaved(t('planEdit.details.saved'));
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <Section heading={t('planEdit.details.heading')}>
      <p>{t(`planEdit.status.${plan.status}`)}{plan.committee ? ` – ${plan.committee}` : ''}{plan.approvedOn ? ` (${plan.approvedOn})` : ''}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.conflict && <Alert variant="error">{t('planEdit.conflict')}</Alert>}
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
      </LiveRegion>
      {region}
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.details.heading')}>
        <TextField id="edit-name" label={t('planEdit.name')} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={form.errorFor('edit-name')} />
        <TextField id="edit-first-year" inputMode="numeric" inputClassName="input-width-xs" label={t('planEdit.firstYear')} value={firstYear}
          onChange={(e) => setFirstYear(e.target.value)} error={form.errorFor('edit-first-year')} />
        <TextField id="edit-last-year" inputMode="numeric" inputClassName="input-width-xs" label={t('planEdit.lastYear')} value={lastYear}
          onChange={(e) => setLastYear(e.target.value)} error={form.errorFor('edit-last-year')} />
        <RadioGroup id="edit-status" name="status" legend={t('planEdit.statusLabel')} value={status} onChange={setStatus} error={form.errorFor('edit-status-draft')}
          options={(['draft', 'approved'] as const).map((s) => ({ value: s, label: t(`planEdit.status.${s}`) }))} />
        <TextField id="edit-committee" label={t('planEdit.committee')} hint={t('planEdit.committeeHint')} maxLength={200} value={committee}
          onChange={(e) => setCommittee(e.target.value)} error={form.errorFor('edit-committee')} />
        <TextField id="edit-approved-on" type="date" label={t('planEdit.approvedOn')} value={approvedOn}
          onChange={(e) => setApprovedOn(e.target.value)} error={form.errorFor('edit-approved-on')} />
        <button type="submit" className="button button-primary">{t('planEdit.details.save')}</button>
      </form>
    </Section>
  );
}

function TracksSection({ plan, onSaved }: { plan: PlanDetail; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('track');
  const [purpose, setPurpose] = useState('');
  const form = useFormErrors();
  const { setSaved, region } = useSaved();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost(`/api/v1/plans/${plan.id}/tracks`, body)).body });
  const fields: FieldMap = {
    name: { target: 'track-name', message: t('planEdit.errors.trackName') },
    kind: { target: 'track-kind-track', message: t('planEdit.errors.trackKind') },
    purpose: { target: 'track-purpose', message: t('planEdit.errors.purpose') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(null);
    if (!form.check([!name.trim() && fields.name!].filter((x): x is FieldMap[string] => Boolean(x)))) return;
    try {
      await save.mutateAsync({ name: name.trim(), kind, ...(purpose.trim() ? { purpose: purpose.trim() } : {}) });
      await onSaved();
      setSaved(t('planEdit.tracks.saved', { name: name.trim() }));
      setName('');
      setPurpose('');
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <Section heading={t('planEdit.tracks.heading')}>
      {plan.tracks.length === 0 ? <p>{t('planEdit.tracks.none')}</p> : (
        <ol className="vink-plan-list">
          {plan.tracks.map((tr) => (
            <li key={tr.id}>
              <strong>{tr.name}</strong> ({t(`planEdit.trackKind.${tr.kind}`)}){tr.purpose ? <><br />{tr.purpose}</> : null}
            </li>
          ))}
        </ol>
      )}
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      {region}
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.tracks.add')}>
        <TextField id="track-name" label={t('planEdit.tracks.name')} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={form.errorFor('track-name')} />
        <RadioGroup id="track-kind" name="trackKind" legend={t('planEdit.tracks.kind')} value={kind} onChange={setKind} error={form.errorFor('track-kind-track')}
          options={(['track', 'target_group'] as const).map((k) => ({ value: k, label: t(`planEdit.trackKind.${k}`) }))} />
        <TextArea id="track-purpose" label={t('planEdit.tracks.purpose')} hint={t('planEdit.tracks.purposeHint')} maxLength={2000} value={purpose}
          onChange={(e) => setPurpose(e.target.value)} error={form.errorFor('track-purpose')} />
        <button type="submit" className="button button-secondary">{t('planEdit.tracks.add')}</button>
      </form>
    </Section>
  );
}

// --- indicator parameters from the catalogue's schema --------------------------------------------------------------

type ParamField =
  | { key: string; type: 'enum'; options: readonly string[]; required: boolean }
  | { key: string; type: 'enumList'; options: readonly string[]; required: boolean }
  | { key: string; type: 'number'; required: boolean }
  | { key: string; type: 'text'; required: boolean };

/** The parameters a measure takes, read from its schema in the catalogue (src/shared/indicators.ts). */
function paramFields(measure: MeasureCode): ParamField[] {
  const schema = INDICATORS[measure].params as unknown as z.ZodObject<Record<string, z.ZodType>>;
  return Object.entries(schema.shape).map(([key, s]) => {
    let inner: z.ZodType = s;
    let required = true;
    if (inner instanceof z.ZodOptional) {
      inner = inner.unwrap() as z.ZodType;
      required = false;
    }
    if (inner instanceof z.ZodEnum) return { key, type: 'enum', options: inner.options as string[], required };
    if (inner instanceof z.ZodArray && inner.element instanceof z.ZodEnum) return { key, type: 'enumList', options: inner.element.options as string[], required };
    if (inner instanceof z.ZodNumber) return { key, type: 'number', required };
    return { key, type: 'text', required };
  });
}

/** The label of a parameter's value, from the vocabulary the value belongs to. */
function valueLabel(t: T, exists: (k: string) => boolean, key: string, options: readonly string[], value: string): string {
  const prefix = key === 'types' ? 'cases.offerType'
    : key === 'kind' ? (options.includes('awareness_talk') ? 'prevention.kind' : 'cases.courseKind')
      : key === 'audienceSector' || key === 'groups' ? 'prevention.sector'
        : key === 'targetGroup' ? 'prevention.targetGroup'
          : key === 'severity' ? 'vocab.severity'
            : `planEdit.values.${key}`;
  return exists(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value;
}

function IndicatorsSection({ plan, onSaved }: { plan: PlanDetail; onSaved(): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const exists = (k: string) => i18n.exists(k);
  const lang = i18n.language;
  const years = Array.from({ length: plan.lastYear - plan.firstYear + 1 }, (_, i) => plan.firstYear + i);
  const [measure, setMeasure] = useState<MeasureCode | ''>('');
  const [trackId, setTrackId] = useState('');
  const [labelDa, setLabelDa] = useState('');
  const [values, setValues] = useState<Record<string, string | string[]>>({});
  const [targets, setTargets] = useState<Record<number, { comparison: string; target: string }>>({});
  const form = useFormErrors();
  const { setSaved, region } = useSaved();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost(`/api/v1/plans/${plan.id}/indicators`, body)).body });
  const pfields = measure ? paramFields(measure) : [];
  const comparisons = measure ? comparisonsFor(measure) : [];
  const fields: FieldMap = {
    measure: { target: 'indicator-measure', message: t('planEdit.errors.measure') },
    trackId: { target: 'indicator-track', message: t('planEdit.errors.track') },
    labelDa: { target: 'indicator-label', message: t('planEdit.errors.label') },
    ...Object.fromEntries(pfields.map((f) => [`params.${f.key}`, { target: f.type === 'enumList' ? `indicator-param-${f.key}-${f.options[0]}` : `indicator-param-${f.key}`, message: t('planEdit.errors.param', { name: t(`planEdit.params.${f.key}`) }) }])),
    ...Object.fromEntries(years.map((y, i) => [`targets.${i}`, { target: `indicator-target-${y}`, message: t('planEdit.errors.target', { year: y }) }])),
  };
  function choose(code: string) {
    setMeasure(code as MeasureCode);
    setValues({});
    setTargets({});
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(null);
    const problems = [
      !measure && fields.measure!,
      !labelDa.trim() && fields.labelDa!,
      ...pfields.filter((f) => f.required && !(Array.isArray(values[f.key]) ? (values[f.key] as string[]).length : values[f.key])).map((f) => fields[`params.${f.key}`]!),
      ...years.filter((y) => targets[y]?.target && !AMOUNT.test(targets[y]!.target.trim())).map((y) => fields[`targets.${years.indexOf(y)}`]!),
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems) || !measure) return;
    const params: Record<string, unknown> = {};
    for (const f of pfields) {
      const v = values[f.key];
      if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      params[f.key] = f.type === 'number' ? Number(v) : v;
    }
    const chosenTargets = years.filter((y) => targets[y]?.target?.trim()).map((year) => ({
      year, comparison: targets[year]!.comparison || comparisons[0], target: measure === 'milestone' ? 1 : toNumber(targets[year]!.target),
    }));
    try {
      await save.mutateAsync({ measure, params, labelDa: labelDa.trim(), ...(trackId ? { trackId } : {}), targets: chosenTargets });
      await onSaved();
      setSaved(t('planEdit.indicators.saved', { label: labelDa.trim() }));
      setLabelDa('');
      setValues({});
      setTargets({});
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <Section heading={t('planEdit.indicators.heading')}>
      {plan.indicators.length === 0 ? <p>{t('planEdit.indicators.none')}</p> : (
        <ol className="vink-plan-list">
          {plan.indicators.map((ind) => (
            <li key={ind.id}>
              <strong>{ind.labelDa}</strong> ({lang === 'en' ? INDICATORS[ind.measure].labelEn : INDICATORS[ind.measure].labelDa})
              {ind.targets.length > 0 && <> – {ind.targets.map((tg) => `${tg.year}: ${t(`planEdit.comparison.${tg.comparison}`)} ${tg.comparison === 'done' ? '' : tg.target}`).join('; ')}</>}
            </li>
          ))}
        </ol>
      )}
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      {region}
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.indicators.add')}>
        <SelectField id="indicator-measure" label={t('planEdit.indicators.measure')} value={measure} onChange={(e) => choose(e.target.value)} error={form.errorFor('indicator-measure')}
          options={[{ value: '', label: t('planEdit.choose') }, ...MEASURE_CODES.map((c) => ({ value: c, label: lang === 'en' ? INDICATORS[c].labelEn : INDICATORS[c].labelDa }))]} />
        {measure && <p className="form-hint vink-indicator-how">{t('plans.targets.how', { how: lang === 'en' ? INDICATORS[measure].howEn : INDICATORS[measure].howDa })}</p>}
        <SelectField id="indicator-track" label={t('planEdit.indicators.track')} value={trackId} onChange={(e) => setTrackId(e.target.value)} error={form.errorFor('indicator-track')}
          options={[{ value: '', label: t('planEdit.noTrack') }, ...plan.tracks.map((tr) => ({ value: tr.id, label: tr.name }))]} />
        <TextField id="indicator-label" label={t('planEdit.indicators.label')} hint={t('planEdit.indicators.labelHint')} maxLength={200} value={labelDa}
          onChange={(e) => setLabelDa(e.target.value)} error={form.errorFor('indicator-label')} />
        {pfields.map((f) => {
          const label = `${t(`planEdit.params.${f.key}`)}${f.required ? '' : ` ${t('planEdit.optional')}`}`;
          const id = `indicator-param-${f.key}`;
          if (f.type === 'enum') {
            return <SelectField key={f.key} id={id} label={label} value={(values[f.key] as string) ?? ''} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              error={form.errorFor(id)} options={[{ value: '', label: t('planEdit.choose') }, ...f.options.map((o) => ({ value: o, label: valueLabel(t, exists, f.key, f.options, o) }))]} />;
          }
          if (f.type === 'enumList') {
            return <CheckboxGroup key={f.key} id={id} name={f.key} legend={label} value={(values[f.key] as string[]) ?? []} onChange={(v) => setValues({ ...values, [f.key]: v })}
              error={form.errorFor(`${id}-${f.options[0]}`)} options={f.options.map((o) => ({ value: o, label: valueLabel(t, exists, f.key, f.options, o) }))} />;
          }
          return <TextField key={f.key} id={id} label={label} inputMode={f.type === 'number' ? 'numeric' : undefined} value={(values[f.key] as string) ?? ''}
            onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} error={form.errorFor(id)} />;
        })}
        {measure && (
          <fieldset className="vink-targets">
            <legend className="form-label">{t('planEdit.indicators.targets')}</legend>
            <p className="form-hint">{t(measure === 'milestone' ? 'planEdit.indicators.milestoneHint' : 'planEdit.indicators.targetsHint')}</p>
            {years.map((y) => (
              <div key={y} className="vink-target-row">
                {comparisons.length > 1 && (
                  <SelectField id={`indicator-comparison-${y}`} label={t('planEdit.indicators.comparison', { year: y })} value={targets[y]?.comparison ?? comparisons[0]!}
                    onChange={(e) => setTargets({ ...targets, [y]: { comparison: e.target.value, target: targets[y]?.target ?? '' } })}
                    options={comparisons.map((c) => ({ value: c, label: t(`planEdit.comparison.${c}`) }))} />
                )}
                <TextField id={`indicator-target-${y}`} inputMode="decimal" inputClassName="input-width-xs"
                  label={measure === 'milestone' ? t('planEdit.indicators.milestoneYear', { year: y }) : t('planEdit.indicators.target', { year: y })}
                  value={targets[y]?.target ?? ''} error={form.errorFor(`indicator-target-${y}`)}
                  onChange={(e) => setTargets({ ...targets, [y]: { comparison: targets[y]?.comparison ?? comparisons[0]!, target: e.target.value } })} />
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit" className="button button-secondary">{t('planEdit.indicators.add')}</button>
      </form>
    </Section>
  );
}

function BudgetSection({ plan, onSaved }: { plan: PlanDetail; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const years = Array.from({ length: plan.lastYear - plan.firstYear + 1 }, (_, i) => plan.firstYear + i);
  const [trackId, setTrackId] = useState('');
  const [year, setYear] = useState(String(plan.firstYear));
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('money');
  const [fte, setFte] = useState('');
  const [amount, setAmount] = useState('');
  const [label, setLabel] = useState('');
  const form = useFormErrors();
  const { setSaved, region } = useSaved();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost(`/api/v1/plans/${plan.id}/budget-lines`, body)).body });
  const trackName = new Map(plan.tracks.map((tr) => [tr.id, tr.name]));
  const fields: FieldMap = {
    trackId: { target: 'budget-track', message: t('planEdit.errors.track') },
    year: { target: 'budget-year', message: t('planEdit.errors.budgetYear') },
    fundingSource: { target: 'budget-source', message: t('planEdit.errors.source') },
    kind: { target: 'budget-kind-money', message: t('planEdit.errors.budgetKind') },
    fte: { target: 'budget-fte', message: t('planEdit.errors.fte') },
    amountDkk: { target: 'budget-amount', message: t('planEdit.errors.amount') },
    label: { target: 'budget-label', message: t('planEdit.errors.budgetLabel') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(null);
    const problems = [
      !source.trim() && fields.fundingSource!,
      kind === 'staffing' && (!AMOUNT.test(fte.trim()) || toNumber(fte) <= 0) && fields.fte!,
      !AMOUNT.test(amount.trim()) && fields.amountDkk!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await save.mutateAsync({
        year: Number(year), fundingSource: source.trim(), amountDkk: toNumber(amount), kind, ...(kind === 'staffing' ? { fte: toNumber(fte) } : {}),
        ...(trackId ? { trackId } : {}), ...(label.trim() ? { label: label.trim() } : {}),
      });
      await onSaved();
      setSaved(t('planEdit.budget.saved'));
      setAmount('');
      setFte('');
      setLabel('');
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <Section heading={t('planEdit.budget.heading')}>
      {plan.budgetLines.length === 0 ? <p>{t('planEdit.budget.none')}</p> : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('planEdit.budget.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planEdit.budget.year')}</th>
                <th scope="col">{t('planEdit.budget.track')}</th>
                <th scope="col">{t('planEdit.budget.source')}</th>
                <th scope="col">{t('planEdit.budget.kind')}</th>
                <th scope="col" className="vink-num">{t('planEdit.budget.amount')}</th>
                <th scope="col" className="vink-num">{t('planEdit.budget.spent')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.budgetLines.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{b.year}</th>
                  <td>{b.trackId ? trackName.get(b.trackId) ?? '' : t('planEdit.noTrack')}</td>
                  <td>{b.fundingSource}{b.label ? ` – ${b.label}` : ''}</td>
                  <td>{b.kind === 'staffing' ? t('planEdit.budget.staffingFte', { fte: b.fte }) : t('planEdit.budgetKind.money')}</td>
                  <td className="vink-num">{formatDkk(b.amountDkk)}</td>
                  <td className="vink-num">{formatDkk(b.spentDkk)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      {region}
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.budget.add')}>
        <SelectField id="budget-year" label={t('planEdit.budget.year')} value={year} onChange={(e) => setYear(e.target.value)} error={form.errorFor('budget-year')}
          options={years.map((y) => ({ value: String(y), label: String(y) }))} />
        <SelectField id="budget-track" label={t('planEdit.budget.track')} value={trackId} onChange={(e) => setTrackId(e.target.value)} error={form.errorFor('budget-track')}
          options={[{ value: '', label: t('planEdit.noTrack') }, ...plan.tracks.map((tr) => ({ value: tr.id, label: tr.name }))]} />
        <TextField id="budget-source" label={t('planEdit.budget.source')} hint={t('planEdit.budget.sourceHint')} maxLength={200} value={source}
          onChange={(e) => setSource(e.target.value)} error={form.errorFor('budget-source')} />
        <RadioGroup id="budget-kind" name="budgetKind" legend={t('planEdit.budget.kind')} value={kind} onChange={setKind} error={form.errorFor('budget-kind-money')}
          options={(['money', 'staffing'] as const).map((k) => ({ value: k, label: t(`planEdit.budgetKind.${k}`) }))} />
        {kind === 'staffing' && (
          <TextField id="budget-fte" inputMode="decimal" inputClassName="input-width-xs" label={t('planEdit.budget.fte')} value={fte}
            onChange={(e) => setFte(e.target.value)} error={form.errorFor('budget-fte')} />
        )}
        <TextField id="budget-amount" inputMode="decimal" inputClassName="input-width-s" label={t('planEdit.budget.amountDkk')} value={amount}
          onChange={(e) => setAmount(e.target.value)} error={form.errorFor('budget-amount')} />
        <TextField id="budget-label" label={t('planEdit.budget.label')} maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} error={form.errorFor('budget-label')} />
        <button type="submit" className="button button-secondary">{t('planEdit.budget.add')}</button>
      </form>
      {plan.budgetLines.length > 0 && <SpendingForm plan={plan} onSaved={onSaved} />}
    </Section>
  );
}

function SpendingForm({ plan, onSaved }: { plan: PlanDetail; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const [lineId, setLineId] = useState('');
  const [spentOn, setSpentOn] = useState('');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const form = useFormErrors();
  const { setSaved, region } = useSaved();
  const save = useMutation({ mutationFn: async ({ id, body }: { id: string; body: object }) => (await apiPost(`/api/v1/budget-lines/${id}/spending`, body)).body });
  const trackName = new Map(plan.tracks.map((tr) => [tr.id, tr.name]));
  const fields: FieldMap = {
    line: { target: 'spending-line', message: t('planEdit.errors.line') },
    spentOn: { target: 'spending-on', message: t('planEdit.errors.spentOn') },
    amountDkk: { target: 'spending-amount', message: t('planEdit.errors.spendingAmount') },
    description: { target: 'spending-description', message: t('planEdit.errors.description') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(null);
    const problems = [
      !lineId && fields.line!,
      !spentOn && fields.spentOn!,
      (!/^-?\d+([.,]\d{1,2})?$/.test(amount.trim()) || toNumber(amount) === 0) && fields.amountDkk!,
      !description.trim() && fields.description!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await save.mutateAsync({ id: lineId, body: { spentOn, amountDkk: toNumber(amount), description: description.trim() } });
      await onSaved();
      setSaved(t('planEdit.spending.saved'));
      setAmount('');
      setDescription('');
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <>
      <h3>{t('planEdit.spending.heading')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      {region}
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.spending.heading')}>
        <SelectField id="spending-line" label={t('planEdit.spending.line')} value={lineId} onChange={(e) => setLineId(e.target.value)} error={form.errorFor('spending-line')}
          options={[{ value: '', label: t('planEdit.choose') }, ...plan.budgetLines.map((b) => ({
            value: b.id, label: `${b.year} · ${b.trackId ? trackName.get(b.trackId) ?? '' : t('planEdit.noTrack')} · ${b.fundingSource}${b.label ? ` – ${b.label}` : ''}`,
          }))]} />
        <TextField id="spending-on" type="date" label={t('planEdit.spending.spentOn')} value={spentOn} onChange={(e) => setSpentOn(e.target.value)} error={form.errorFor('spending-on')} />
        <TextField id="spending-amount" inputMode="decimal" inputClassName="input-width-s" label={t('planEdit.spending.amount')} hint={t('planEdit.spending.amountHint')}
          value={amount} onChange={(e) => setAmount(e.target.value)} error={form.errorFor('spending-amount')} />
        <TextField id="spending-description" label={t('planEdit.spending.description')} maxLength={500} value={description}
          onChange={(e) => setDescription(e.target.value)} error={form.errorFor('spending-description')} />
        <button type="submit" className="button button-secondary">{t('planEdit.spending.add')}</button>
      </form>
    </>
  );
}

interface Decision { id: string; milestoneKey: string; decidedOn: string; approvedBy: string; documentRef: string }

function MilestonesSection({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const path = `/api/v1/plans/${plan.id}/milestone-decisions`;
  const milestones = plan.indicators.filter((i) => i.measure === 'milestone' && typeof i.params.milestoneKey === 'string');
  const decisions = useResource<Decision[]>(milestones.length ? path : null);
  const refresh = useRefresh();
  const [key, setKey] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [approvedBy, setApprovedBy] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const form = useFormErrors();
  const { setSaved, region } = useSaved();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost(path, body)).body });
  const fields: FieldMap = {
    milestoneKey: { target: 'decision-milestone', message: t('planEdit.errors.milestone') },
    decidedOn: { target: 'decision-on', message: t('planEdit.errors.decidedOn') },
    approvedBy: { target: 'decision-approved-by', message: t('planEdit.errors.approvedBy') },
    documentRef: { target: 'decision-document', message: t('planEdit.errors.document') },
  };
  if (!milestones.length) return null;
  const labelOf = (k: string) => milestones.find((m) => m.params.milestoneKey === k)?.labelDa ?? k;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(null);
    const problems = [
      !key && fields.milestoneKey!, !decidedOn && fields.decidedOn!, !approvedBy.trim() && fields.approvedBy!, !documentRef.trim() && fields.documentRef!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await save.mutateAsync({ milestoneKey: key, decidedOn, approvedBy: approvedBy.trim(), documentRef: documentRef.trim() });
      await refresh(path);
      setSaved(t('planEdit.milestones.saved'));
      setDocumentRef('');
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <Section heading={t('planEdit.milestones.heading')}>
      <p>{t('planEdit.milestones.intro')}</p>
      {decisions.data && decisions.data.length > 0 && (
        <ul className="vink-plan-list">
          {decisions.data.map((d) => <li key={d.id}>{t('planEdit.milestones.entry', { label: labelOf(d.milestoneKey), date: d.decidedOn, by: d.approvedBy, doc: d.documentRef })}</li>)}
        </ul>
      )}
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      {region}
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.milestones.add')}>
        <SelectField id="decision-milestone" label={t('planEdit.milestones.milestone')} value={key} onChange={(e) => setKey(e.target.value)} error={form.errorFor('decision-milestone')}
          options={[{ value: '', label: t('planEdit.choose') }, ...milestones.map((m) => ({ value: String(m.params.milestoneKey), label: m.labelDa }))]} />
        <TextField id="decision-on" type="date" label={t('planEdit.milestones.decidedOn')} value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} error={form.errorFor('decision-on')} />
        <TextField id="decision-approved-by" label={t('planEdit.milestones.approvedBy')} hint={t('planEdit.milestones.approvedByHint')} maxLength={200} value={approvedBy}
          onChange={(e) => setApprovedBy(e.target.value)} error={form.errorFor('decision-approved-by')} />
        <TextField id="decision-document" label={t('planEdit.milestones.document')} hint={t('planEdit.milestones.documentHint')} maxLength={500} value={documentRef}
          onChange={(e) => setDocumentRef(e.target.value)} error={form.errorFor('decision-document')} />
        <button type="submit" className="button button-secondary">{t('planEdit.milestones.add')}</button>
      </form>
    </Section>
  );
}
