import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { CheckboxGroup, ErrorSummary, SelectField, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { GoalOwnerKind, GoalProgress, PLAN_INSTRUMENT, type Goal, type SupportPlan } from '../../../shared/support-plan.ts';
import type { Instrument } from '../../../shared/assessments.ts';
import type { CaseDetail } from '../cases/types.ts';

/** The path of a case's support plan (also read by the case page for its timeline). */
export const supportPlanPath = (caseId: string) => `/api/v1/cases/${caseId}/support-plan`;

/**
 * The support plan (docs/domain.md, "The support plan"): goals with their owner, actions and the assessment
 * dimensions they address; the next review date; recorded reviews with progress per goal. A review is recorded here
 * and then shows in the timeline; the planned one is the case owner's task on "I dag".
 */
export function SupportPlanSection({ detail, plan }: { detail: CaseDetail; plan: SupportPlan }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const instrument = useResource<Instrument>(`/api/v1/assessment-instruments/${PLAN_INSTRUMENT}`);
  const mayManage = canOnCase(user, 'support_plan.manage', detail) && detail.status !== 'closed';
  const lang = i18n.language === 'en' ? 'en' : 'da';
  const dimensionLabel = (code: string) => instrument.data?.dimensions.find((d) => d.code === code)?.label[lang] ?? code;
  const active = plan.goals.filter((g) => g.status === 'active');
  return (
    <section aria-labelledby="plan-heading" className="vink-case-section">
      <h2 id="plan-heading">{t('depth.plan.heading')}</h2>
      <p>{plan.nextReviewOn ? t('depth.plan.nextReview', { date: formatDate(plan.nextReviewOn) }) : t('depth.plan.noReview')}</p>
      {plan.goals.length === 0 ? <p>{t('depth.plan.noGoals')}</p> : (
        <ul className="nobullet-list vink-cards">
          {plan.goals.map((g) => (
            <li key={g.id} className="vink-card">
              <h3 className="h4">{g.title}</h3>
              <dl className="vink-facts">
                <dt>{t('depth.plan.owner')}</dt>
                <dd>{g.ownerName} ({t(`depth.plan.ownerKind.${g.ownerKind}`)})</dd>
                <dt>{t('depth.plan.actions')}</dt>
                <dd>{g.actions}</dd>
                <dt>{t('depth.plan.dimensions')}</dt>
                <dd>{g.dimensions.length ? g.dimensions.map(dimensionLabel).join(', ') : t('depth.plan.noDimensions')}</dd>
                <dt>{t('depth.plan.status')}</dt>
                <dd>{t(`depth.plan.goalStatus.${g.status}`)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {plan.reviews.length > 0 && (
        <>
          <h3>{t('depth.plan.reviews')}</h3>
          <ul className="nobullet-list vink-cards">
            {[...plan.reviews].reverse().map((r) => (
              <li key={r.id} className="vink-card">
                <h4 className="h5">{t('depth.plan.reviewOf', { date: formatDate(r.reviewedOn), name: r.reviewedBy.displayName })}</h4>
                {r.summary && <p className="vink-note-body">{r.summary}</p>}
                <ul>
                  {r.progress.map((p) => (
                    <li key={p.goalId}>{p.goalTitle}: {t(`depth.plan.progress.${p.progress}`)}{p.note ? ` – ${p.note}` : ''}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {mayManage && (
        <div className="vink-button-row">
          <GoalForm caseId={detail.id} needsDate={plan.nextReviewOn === null} instrument={instrument.data} lang={lang} />
          {active.length > 0 && <ReviewForm caseId={detail.id} goals={active} />}
        </div>
      )}
    </section>
  );
}

function GoalForm({ caseId, needsDate, instrument, lang }: { caseId: string; needsDate: boolean; instrument: Instrument | undefined; lang: 'da' | 'en' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [ownerKind, setOwnerKind] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [actions, setActions] = useState('');
  const [dimensions, setDimensions] = useState<string[]>([]);
  const [reviewOn, setReviewOn] = useState('');
  const form = useFormErrors();
  const refresh = useRefresh();
  const add = useMutation({ mutationFn: (body: object) => apiPost(`${supportPlanPath(caseId)}/goals`, body) });
  const fields = {
    title: { target: 'goal-title', message: t('depth.plan.titleRequired') },
    ownerKind: { target: 'goal-owner-kind', message: t('depth.plan.ownerKindRequired') },
    ownerName: { target: 'goal-owner-name', message: t('depth.plan.ownerNameRequired') },
    actions: { target: 'goal-actions', message: t('depth.plan.actionsRequired') },
    dimensions: { target: 'goal-dimensions', message: t('depth.plan.dimensionsInvalid') },
    reviewOn: { target: 'goal-review', message: t('depth.plan.reviewOnRequired') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = [
      !title.trim() && fields.title, !ownerKind && fields.ownerKind, !ownerName.trim() && fields.ownerName, !actions.trim() && fields.actions,
      needsDate && !reviewOn && fields.reviewOn,
    ].filter((x): x is { target: string; message: string } => Boolean(x));
    if (!form.check(missing)) return;
    try {
      await add.mutateAsync({ title: title.trim(), ownerKind, ownerName: ownerName.trim(), actions: actions.trim(), dimensions, ...(reviewOn ? { reviewOn } : {}) });
      setOpen(false);
      setTitle(''); setOwnerKind(''); setOwnerName(''); setActions(''); setDimensions([]); setReviewOn('');
      await refresh(supportPlanPath(caseId));
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (!open) return <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>{t('depth.plan.addGoal')}</button>;
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-labelledby="goal-form-heading">
      <h3 id="goal-form-heading">{t('depth.plan.addGoal')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <TextField id="goal-title" label={t('depth.plan.title')} value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} error={form.errorFor('goal-title') ?? null} />
      <SelectField id="goal-owner-kind" label={t('depth.plan.ownerKindLabel')} value={ownerKind} onChange={(e) => setOwnerKind(e.target.value)}
        error={form.errorFor('goal-owner-kind')}
        options={[{ value: '', label: t('cases.choose') }, ...GoalOwnerKind.options.map((k) => ({ value: k, label: t(`depth.plan.ownerKind.${k}`) }))]} />
      <TextField id="goal-owner-name" label={t('depth.plan.ownerName')} hint={t('depth.plan.ownerNameHint')} value={ownerName} maxLength={200}
        onChange={(e) => setOwnerName(e.target.value)} error={form.errorFor('goal-owner-name') ?? null} />
      <TextArea id="goal-actions" label={t('depth.plan.actions')} value={actions} maxLength={4000} onChange={(e) => setActions(e.target.value)} error={form.errorFor('goal-actions')} />
      {instrument && (
        <CheckboxGroup id="goal-dimensions" name="goal-dimensions" legend={t('depth.plan.dimensions')} hint={t('depth.plan.dimensionsHint')} value={dimensions}
          onChange={setDimensions} error={form.errorFor('goal-dimensions')}
          options={instrument.dimensions.map((d) => ({ value: d.code, label: d.label[lang] }))} />
      )}
      <TextField id="goal-review" type="date" inputClassName="input-width-s" label={t('depth.plan.reviewOn')} hint={needsDate ? t('depth.plan.reviewOnHintFirst') : t('depth.plan.reviewOnHint')}
        min={todayInDenmark()} value={reviewOn} onChange={(e) => setReviewOn(e.target.value)} error={form.errorFor('goal-review') ?? null} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={add.isPending}>{t('depth.plan.saveGoal')}</button>
        <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); }}>{t('cases.cancel')}</button>
      </div>
    </form>
  );
}

function ReviewForm({ caseId, goals }: { caseId: string; goals: Goal[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reviewedOn, setReviewedOn] = useState(todayInDenmark());
  const [summary, setSummary] = useState('');
  const [progress, setProgress] = useState<Record<string, string>>({});
  const [next, setNext] = useState('');
  const form = useFormErrors();
  const refresh = useRefresh();
  const record = useMutation({ mutationFn: (body: object) => apiPost(`${supportPlanPath(caseId)}/reviews`, body) });
  const fields = {
    reviewedOn: { target: 'review-date', message: t('depth.plan.reviewedOnInvalid') },
    progress: { target: `review-progress-${goals[0]!.id}`, message: t('depth.plan.progressRequired') },
    nextReviewOn: { target: 'review-next', message: t('depth.plan.nextInvalid') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = goals.filter((g) => !progress[g.id]).map((g) => ({ target: `review-progress-${g.id}`, message: t('depth.plan.progressFor', { title: g.title }) }));
    if (!reviewedOn) missing.unshift(fields.reviewedOn);
    if (!form.check(missing)) return;
    try {
      await record.mutateAsync({
        reviewedOn, ...(summary.trim() ? { summary: summary.trim() } : {}), nextReviewOn: next || null,
        progress: goals.map((g) => ({ goalId: g.id, progress: progress[g.id] })),
      });
      setOpen(false);
      setSummary(''); setProgress({}); setNext('');
      await refresh(supportPlanPath(caseId), '/api/v1/tasks/mine');
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (!open) return <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>{t('depth.plan.recordReview')}</button>;
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-labelledby="review-form-heading">
      <h3 id="review-form-heading">{t('depth.plan.recordReview')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <TextField id="review-date" type="date" inputClassName="input-width-s" label={t('depth.plan.reviewedOn')} max={todayInDenmark()} value={reviewedOn}
        onChange={(e) => setReviewedOn(e.target.value)} error={form.errorFor('review-date') ?? null} />
      {goals.map((g) => (
        <SelectField key={g.id} id={`review-progress-${g.id}`} label={t('depth.plan.progressFor', { title: g.title })} value={progress[g.id] ?? ''}
          onChange={(e) => setProgress({ ...progress, [g.id]: e.target.value })} error={form.errorFor(`review-progress-${g.id}`)}
          options={[{ value: '', label: t('cases.choose') }, ...GoalProgress.options.map((p) => ({ value: p, label: t(`depth.plan.progress.${p}`) }))]} />
      ))}
      <TextArea id="review-summary" label={t('depth.plan.summary')} value={summary} maxLength={4000} onChange={(e) => setSummary(e.target.value)} />
      <TextField id="review-next" type="date" inputClassName="input-width-s" label={t('depth.plan.nextReviewOn')} hint={t('depth.plan.nextReviewOnHint')}
        value={next} onChange={(e) => setNext(e.target.value)} error={form.errorFor('review-next') ?? null} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={record.isPending}>{t('depth.plan.saveReview')}</button>
        <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); }}>{t('cases.cancel')}</button>
      </div>
    </form>
  );
}
