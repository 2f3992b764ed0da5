import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Link, useRouter, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert } from '../../components/Alert.tsx';
import { SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatDkk, formatPercent } from '../../components/numbers.ts';
import { figureText, formatValue, indicatorLabel } from './format.ts';
import { ReportPanel } from './ReportPanel.tsx';
import { ReportTextsForm } from './ReportTextsForm.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TrendChart } from './TrendChart.tsx';
import type { Dashboard, DashboardIndicator, PlanDetail, PlanSummary } from './types.ts';
import './plans.css';

type PlanTrack = PlanDetail['tracks'][number];

/** The year asked for in the query string (?aar=2016), a plain year and nothing else. */
function yearFrom(search: string): number | undefined {
  const y = Number(new URLSearchParams(search).get('aar'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : undefined;
}


/**
 * The action-plan dashboard (/handleplaner/:id?aar=2016): every indicator's actual against its target for the year,
 * each indicator's trend over the years (chart and table), the budget against spending by track and funding source,
 * and the yearly report. Figures are computed by the server from the recorded work; for analysts and administrators
 * small counts arrive withheld and are shown as such.
 */
export function PlansDashboardPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { navigate, search } = useRouter();
  const plans = useResource<PlanSummary[]>('/api/v1/plans');
  const planId = params.id;
  const year = yearFrom(search);
  const plan = useResource<PlanDetail>(planId ? `/api/v1/plans/${encodeURIComponent(planId)}` : null);
  const dashboard = useResource<Dashboard>(planId ? `/api/v1/plans/${encodeURIComponent(planId)}/dashboard${query({ year })}` : null);

  // Without a plan in the URL, open the newest plan.
  const sorted = [...(plans.data ?? [])].sort((a, b) => b.firstYear - a.firstYear || a.name.localeCompare(b.name));
  useEffect(() => {
    if (!planId && sorted[0]) navigate(`/handleplaner/${sorted[0].id}`, { replace: true });
  }, [planId, sorted[0]?.id]);

  const lang = i18n.language;
  // The plan's own name already says "Handleplan" (D17): it is the heading as it stands.
  const heading = dashboard.data ? dashboard.data.name : t('plans.heading');
  return (
    <>
      <PageHeading>{heading}</PageHeading>
      <p className="font-lead">{t('plans.intro')}</p>
      {can(user, 'plan.manage') && (
        <p className="vink-plan-actions">
          <Link to="/handleplaner/ny">{t('planEdit.newPlan')}</Link>
          {planId && <> · <Link to={`/handleplaner/${planId}/rediger`}>{t('planEdit.editPlan')}</Link></>}
        </p>
      )}
      {plans.error ? (
        <Alert variant="error">{t('errors.loadFailed')}</Alert>
      ) : !plans.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : plans.data.length === 0 ? (
        <p>{t('plans.none')}</p>
      ) : (
        <PlanChooser plans={sorted} planId={planId} year={dashboard.data?.year ?? year} onChoose={(id, y) => navigate(`/handleplaner/${id}${query({ aar: y })}`)} />
      )}
      {dashboard.error ? (
        <Alert variant="error">{t('errors.notFoundRecord')}</Alert>
      ) : planId && !dashboard.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : dashboard.data ? (
        <DashboardView
          data={dashboard.data}
          tracks={plan.data?.tracks ?? []}
          lang={lang}
          drilldown={can(user, 'statistics.drilldown')}
          report={can(user, 'report.export')}
          manage={can(user, 'plan.manage')}
        />
      ) : null}
    </>
  );
}

function PlanChooser({ plans, planId, year, onChoose }: { plans: PlanSummary[]; planId: string | undefined; year: number | undefined; onChoose(id: string, year: number): void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(planId ?? plans[0]?.id ?? '');
  const [chosenYear, setChosenYear] = useState(year ? String(year) : '');
  useEffect(() => setChosen(planId ?? plans[0]?.id ?? ''), [planId]);
  useEffect(() => setChosenYear(year ? String(year) : ''), [year]);
  const plan = plans.find((p) => p.id === chosen);
  const years = plan ? Array.from({ length: plan.lastYear - plan.firstYear + 1 }, (_, i) => plan.firstYear + i) : [];
  const yearValue = years.includes(Number(chosenYear)) ? chosenYear : String(years[0] ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen && yearValue) onChoose(chosen, Number(yearValue));
  }
  return (
    <form className="vink-plan-chooser" onSubmit={submit} aria-label={t('plans.choose.label')}>
      <SelectField id="plan-choice" label={t('plans.choose.plan')} value={chosen} onChange={(e) => setChosen(e.target.value)}
        options={plans.map((p) => ({ value: p.id, label: `${p.name} (${p.firstYear}–${p.lastYear})` }))} />
      <SelectField id="plan-year" label={t('plans.choose.year')} value={yearValue} onChange={(e) => setChosenYear(e.target.value)}
        options={years.map((y) => ({ value: String(y), label: String(y) }))} />
      <button type="submit" className="button button-secondary">{t('plans.choose.show')}</button>
    </form>
  );
}

function DashboardView({ data, tracks, lang, drilldown, report, manage }: {
  data: Dashboard; tracks: PlanTrack[]; lang: string; drilldown: boolean; report: boolean; manage: boolean;
}) {
  const { t } = useTranslation();
  const targetsId = useId();
  const trendId = useId();
  const budgetId = useId();
  const withTarget = data.indicators.filter((i) => i.status !== 'no_target');
  const met = withTarget.filter((i) => i.status === 'met').length;
  // Indicators grouped by track in the plan's track order; indicators without a track last.
  const groups = [...tracks].sort((a, b) => a.position - b.position).map((tr) => ({ id: tr.id, name: tr.name, items: data.indicators.filter((i) => i.trackId === tr.id) }));
  const loose = data.indicators.filter((i) => !i.trackId || !tracks.some((tr) => tr.id === i.trackId));
  if (loose.length) groups.push({ id: 'none', name: tracks.length ? t('plans.noTrack') : t('plans.allIndicators'), items: loose });

  return (
    <>
      <section className="vink-plan-section" aria-labelledby={targetsId}>
        <h2 id={targetsId}>{t('plans.targets.heading', { year: data.year })}</h2>
        <p className="vink-summary">{t('plans.targets.summary', { met, total: withTarget.length, year: data.year })}</p>
        {!data.exactCounts && <Alert variant="info">{t('plans.suppressedNote')}</Alert>}
        {groups.filter((g) => g.items.length).map((g) => (
          <div key={g.id} className="table--responsive-scroll">
            <table className="table table--compact vink-target-table">
              <caption>{g.name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plans.targets.indicator')}</th>
                  <th scope="col">{t('plans.targets.target')}</th>
                  <th scope="col">{t('plans.targets.actual')}</th>
                  <th scope="col">{t('plans.targets.status')}</th>
                  {drilldown && <th scope="col">{t('plans.targets.records')}</th>}
                </tr>
              </thead>
              <tbody>
                {g.items.map((ind) => (
                  <tr key={ind.indicatorId}>
                    <th scope="row" className="vink-indicator-label">
                      {indicatorLabel(lang, ind)}
                      <span className="vink-indicator-how">{t('plans.targets.how', { how: lang === 'en' ? ind.howEn : ind.howDa })}</span>
                    </th>
                    <td>{targetText(t, ind)}</td>
                    <td>{figureText(t, ind.unit, ind.actual)}</td>
                    <td><StatusBadge status={ind.status} /></td>
                    {drilldown && (
                      <td>
                        <Link to={`/handleplaner/${data.planId}/indikatorer/${ind.indicatorId}${query({ aar: data.year })}`}>
                          {t('plans.targets.showRecords')}
                          <span className="sr-only">: {indicatorLabel(lang, ind)}</span>
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <section className="vink-plan-section" aria-labelledby={trendId}>
        <h2 id={trendId}>{t('plans.trend.heading')}</h2>
        <p>{t('plans.trend.intro')}</p>
        {data.indicators.map((ind) => (
          <details key={ind.indicatorId} className="vink-trend">
            <summary>{indicatorLabel(lang, ind)}</summary>
            <TrendChart indicator={ind} label={indicatorLabel(lang, ind)} />
            <TrendTable indicator={ind} label={indicatorLabel(lang, ind)} />
          </details>
        ))}
      </section>

      <section className="vink-plan-section" aria-labelledby={budgetId}>
        <h2 id={budgetId}>{t('plans.budget.heading', { year: data.year })}</h2>
        <BudgetTable data={data} />
      </section>

      {manage && data.year >= data.firstYear && <ReportTextsForm data={data} lang={lang} />}
      {report && <ReportPanel planId={data.planId} year={data.year} />}
    </>
  );
}

function targetText(t: (k: string, o?: Record<string, unknown>) => string, ind: DashboardIndicator): string {
  if (!ind.target) return t('plans.targets.none');
  if (ind.target.comparison === 'done') return t('plans.comparison.done');
  return t(`plans.comparison.${ind.target.comparison}`, { value: formatValue(ind.unit, ind.target.target) });
}

function TrendTable({ indicator, label }: { indicator: DashboardIndicator; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact">
        <caption className="sr-only">{t('plans.trend.tableCaption', { label })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plans.trend.year')}</th>
            <th scope="col">{t('plans.targets.target')}</th>
            <th scope="col">{t('plans.targets.actual')}</th>
            <th scope="col">{t('plans.targets.status')}</th>
          </tr>
        </thead>
        <tbody>
          {indicator.trend.map((p) => (
            <tr key={p.year}>
              <th scope="row">{p.year}</th>
              <td>{p.target === null ? '–' : formatValue(indicator.unit, p.target)}</td>
              <td>{figureText(t, indicator.unit, p)}</td>
              <td><StatusBadge status={p.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BudgetTable({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const rows = data.budget.rows.filter((r) => r.year === data.year);
  if (!rows.length) return <p>{t('plans.budget.none')}</p>;
  const share = (spent: number, budget: number) => (budget > 0 ? formatPercent((spent / budget) * 100) : '–');
  // Overspending is marked in words as well as colour (D24), so it is not missed by anyone.
  const over = (spent: number, budget: number) => spent > budget;
  const remaining = (spent: number, budget: number) => (
    <td className={over(spent, budget) ? 'vink-num vink-over' : 'vink-num'}>
      {formatDkk(budget - spent)}
      {over(spent, budget) && <span className="vink-over-note"> {t('plans.budget.overspent')}</span>}
    </td>
  );
  // The server's total covers the whole plan period; the year's own total is the sum of its rows.
  const yearTotal = rows.reduce((s, r) => ({ budgetDkk: s.budgetDkk + r.budgetDkk, spentDkk: s.spentDkk + r.spentDkk }), { budgetDkk: 0, spentDkk: 0 });
  const totals = [
    { key: 'year', label: t('plans.budget.total', { year: data.year }), ...yearTotal },
    { key: 'plan', label: t('plans.budget.planTotal', { first: data.firstYear, last: data.lastYear }), ...data.budget.total },
  ];
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact vink-budget-table">
        <caption className="sr-only">{t('plans.budget.caption', { year: data.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plans.budget.track')}</th>
            <th scope="col">{t('plans.budget.source')}</th>
            <th scope="col" className="vink-num">{t('plans.budget.budget')}</th>
            <th scope="col" className="vink-num">{t('plans.budget.spent')}</th>
            <th scope="col" className="vink-num">{t('plans.budget.remaining')}</th>
            <th scope="col" className="vink-num">{t('plans.budget.spentShare')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.trackId ?? 'none'}-${r.fundingSource}-${i}`}>
              <th scope="row">{r.trackName ?? t('plans.noTrack')}</th>
              <td>{r.fundingSource}</td>
              <td className="vink-num">{formatDkk(r.budgetDkk)}</td>
              <td className="vink-num">{formatDkk(r.spentDkk)}</td>
              {remaining(r.spentDkk, r.budgetDkk)}
              <td className="vink-num">{share(r.spentDkk, r.budgetDkk)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {totals.map((s) => (
            <tr key={s.key}>
              <th scope="row" colSpan={2}>{s.label}</th>
              <td className="vink-num">{formatDkk(s.budgetDkk)}</td>
              <td className="vink-num">{formatDkk(s.spentDkk)}</td>
              {remaining(s.spentDkk, s.budgetDkk)}
              <td className="vink-num">{share(s.spentDkk, s.budgetDkk)}</td>
            </tr>
          ))}
        </tfoot>
      </table>
    </div>
  );
}
