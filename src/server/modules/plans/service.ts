import type { Scope } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { danishDate } from '../../../shared/intake.ts';
import {
  comparisonsFor, INDICATORS, isMeasureCode, targetMet, type Comparison, type IndicatorValue, type MeasureCode,
} from '../../../shared/indicators.ts';
import type {
  BudgetLineInput, CaseloadInput, CaseloadTable, Figure, IndicatorInput, PlanInput, Target, TargetStatus, YearReport,
} from '../../../shared/plans.ts';
import { computeMeasure, figureFromRecords, measureRecords } from './indicators.ts';
import { getReachablePlan, PLAN_COLUMNS, seesExactCounts, unitReachSql, type PlanRow } from './policy.ts';
import { callsByGroup, caseloadCounts } from './statistics.ts';
import { publishCaseload, publishFigure } from './suppression.ts';

// --- rows and presenters -------------------------------------------------------------------------------------------
interface TrackRow { id: string; position: number; name: string }
interface IndicatorRow {
  id: string; position: number; track_id: string | null; measure: string; params: Record<string, unknown>; label_da: string; label_en: string | null;
}
interface TargetRow { indicator_id: string; year: number; comparison: Comparison; target: string }
interface BudgetLineRow {
  id: string; plan_id: string; track_id: string | null; year: number; funding_source: string; amount_dkk: string; label: string | null; spent_dkk: string;
}
interface SpendingRow { id: string; budget_line_id: string; spent_on: string; amount_dkk: string; description: string; created_at: Date }

function presentPlan(p: PlanRow) {
  return { id: p.id, unitId: p.unit_id, name: p.name, firstYear: p.first_year, lastYear: p.last_year, referenceKey: p.reference_key, version: p.version };
}
function presentBudgetLine(b: BudgetLineRow) {
  return {
    id: b.id, planId: b.plan_id, trackId: b.track_id, year: b.year, fundingSource: b.funding_source, amountDkk: Number(b.amount_dkk), label: b.label,
    spentDkk: Number(b.spent_dkk),
  };
}
function presentSpending(e: SpendingRow) {
  return { id: e.id, budgetLineId: e.budget_line_id, spentOn: e.spent_on, amountDkk: Number(e.amount_dkk), description: e.description, createdAt: e.created_at.toISOString() };
}

const BUDGET_LINE_COLUMNS = `b.id, b.plan_id, b.track_id, b.year, b.funding_source, b.amount_dkk::text, b.label,
  coalesce((SELECT sum(e.amount_dkk) FROM spending_entries e WHERE e.budget_line_id = b.id), 0)::text AS spent_dkk`;

interface LoadedIndicator {
  id: string; position: number; trackId: string | null; measure: MeasureCode; params: Record<string, unknown>; labelDa: string; labelEn: string | null;
  targets: Target[];
}

async function loadPlanParts(tx: Queryable, planId: string) {
  const tracks = (await tx.query<TrackRow>('SELECT id, position, name FROM plan_tracks WHERE plan_id = $1 ORDER BY position, id', [planId])).rows;
  const ind = (await tx.query<IndicatorRow>(
    'SELECT id, position, track_id, measure, params, label_da, label_en FROM plan_indicators WHERE plan_id = $1 ORDER BY position, id', [planId],
  )).rows;
  const targets = (await tx.query<TargetRow>(
    `SELECT t.indicator_id, t.year, t.comparison, t.target::text FROM plan_targets t JOIN plan_indicators i ON i.id = t.indicator_id
      WHERE i.plan_id = $1 ORDER BY t.year`, [planId],
  )).rows;
  const lines = (await tx.query<BudgetLineRow>(`SELECT ${BUDGET_LINE_COLUMNS} FROM budget_lines b WHERE b.plan_id = $1
      ORDER BY b.year, (SELECT t.position FROM plan_tracks t WHERE t.id = b.track_id) NULLS LAST, b.funding_source, b.id`, [planId])).rows;
  const indicators: LoadedIndicator[] = ind
    // A measure withdrawn from the catalogue is not shown rather than crashing the plan; the catalogue only grows.
    .filter((i) => isMeasureCode(i.measure))
    .map((i) => ({
      id: i.id, position: i.position, trackId: i.track_id, measure: i.measure as MeasureCode, params: i.params, labelDa: i.label_da, labelEn: i.label_en,
      targets: targets.filter((t) => t.indicator_id === i.id).map((t) => ({ year: t.year, comparison: t.comparison, target: Number(t.target) })),
    }));
  return { tracks, indicators, lines };
}

function presentIndicator(i: LoadedIndicator) {
  return { ...i, unit: INDICATORS[i.measure].unit };
}

// --- validation ----------------------------------------------------------------------------------------------------
/** Validates an indicator against the catalogue and the plan: measure code, its parameters, targets within the period. */
function validateIndicator(plan: PlanRow, input: IndicatorInput): { measure: MeasureCode; params: Record<string, unknown> } {
  if (!isMeasureCode(input.measure)) throw errors.invalidField('measure', 'must be a measure code from the indicator catalogue');
  const measure = input.measure;
  const parsed = INDICATORS[measure].params.safeParse(input.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length ? `params.${issue.path.join('.')}` : 'params';
    throw errors.invalidField(path, issue.code === 'unrecognized_keys' ? `not a parameter of ${measure}` : issue.message);
  }
  const years = new Set<number>();
  input.targets.forEach((t, i) => {
    if (t.year < plan.first_year || t.year > plan.last_year) throw errors.invalidField(`targets.${i}.year`, `must be within the plan period ${plan.first_year}-${plan.last_year}`);
    if (years.has(t.year)) throw errors.invalidField(`targets.${i}.year`, 'has a target already');
    years.add(t.year);
    if (!comparisonsFor(measure).includes(t.comparison)) {
      throw errors.invalidField(`targets.${i}.comparison`, `must be one of ${comparisonsFor(measure).join(', ')} for ${measure}`);
    }
    if (t.comparison === 'done' && t.target !== 1) throw errors.invalidField(`targets.${i}.target`, "must be 1 for comparison 'done'");
    if (INDICATORS[measure].unit === 'share' && t.target > 100) throw errors.invalidField(`targets.${i}.target`, 'is a percentage and must be 0-100');
  });
  return { measure, params: parsed.data as Record<string, unknown> };
}

async function requireTrack(tx: Queryable, planId: string, trackId: string | undefined): Promise<string | null> {
  if (!trackId) return null;
  const r = await tx.query('SELECT 1 FROM plan_tracks WHERE id = $1 AND plan_id = $2', [trackId, planId]);
  if (r.rowCount === 0) throw errors.invalidField('trackId', 'is not a track of this plan');
  return trackId;
}

// --- figures ----------------------------------------------------------------------------------------------------------
function statusOf(target: Target | null, v: IndicatorValue, fig: Figure): TargetStatus {
  if (fig.suppressed) return 'suppressed';
  if (!target) return 'no_target';
  const met = targetMet(target.comparison, target.target, v);
  return met === null ? 'no_data' : met ? 'met' : 'not_met';
}

/** Whether a year before the plan had any recorded work for the measure (shown in the trend only then). */
function hasData(v: IndicatorValue): boolean {
  return v.denominator !== undefined ? v.denominator > 0 : (v.value ?? 0) > 0;
}

/** The current calendar year in Copenhagen, clamped into the plan's period. */
function defaultYear(s: Scope, p: PlanRow): number {
  const y = Number(danishDate(s.now).slice(0, 4));
  return Math.min(Math.max(y, p.first_year), p.last_year);
}

function checkYear(field: string, year: number, p: PlanRow): void {
  if (year < p.first_year - 3 || year > p.last_year) throw errors.invalidField(field, `must be within ${p.first_year - 3}-${p.last_year} (the plan period and 3 years before)`);
}

function budgetRows(lines: BudgetLineRow[], tracks: TrackRow[]) {
  const trackName = new Map(tracks.map((t) => [t.id, t.name]));
  const rows = new Map<string, { trackId: string | null; trackName: string | null; year: number; fundingSource: string; budgetDkk: number; spentDkk: number }>();
  for (const l of lines) {
    const key = `${l.track_id ?? ''}|${l.year}|${l.funding_source}`;
    const row = rows.get(key) ?? { trackId: l.track_id, trackName: l.track_id ? trackName.get(l.track_id) ?? null : null, year: l.year, fundingSource: l.funding_source, budgetDkk: 0, spentDkk: 0 };
    row.budgetDkk += Number(l.amount_dkk);
    row.spentDkk += Number(l.spent_dkk);
    rows.set(key, row);
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  const list = [...rows.values()].map((r) => ({ ...r, budgetDkk: round(r.budgetDkk), spentDkk: round(r.spentDkk) }));
  const total = { budgetDkk: round(list.reduce((s, r) => s + r.budgetDkk, 0)), spentDkk: round(list.reduce((s, r) => s + r.spentDkk, 0)) };
  return { rows: list, total };
}

async function caseloadTable(s: Scope, unitId: string, input: CaseloadInput, exact: boolean): Promise<CaseloadTable> {
  const raw = await caseloadCounts(s.tx, unitId, input.from, input.to, input.groupBy);
  const published = publishCaseload(raw.rows, raw.total, exact);
  return { from: input.from, to: input.to, groupBy: input.groupBy, exactCounts: exact, callsByGroup: callsByGroup(input.groupBy), ...published };
}

/** A plan with its tracks, indicators (with targets) and budget lines (with what was spent). */
async function planDetail(s: Scope, plan: PlanRow) {
  const { tracks, indicators, lines } = await loadPlanParts(s.tx, plan.id);
  return { ...presentPlan(plan), tracks, indicators: indicators.map(presentIndicator), budgetLines: lines.map(presentBudgetLine) };
}

// --- the service ---------------------------------------------------------------------------------------------------------
export const plans = {
  /** Creates an action plan with its tracks in the actor's unit. Plans hold no personal data: no audit row on success. */
  async create(s: Scope, input: PlanInput) {
    s.requireRole('plan.manage', { action: 'create', recordType: 'action_plan' });
    if (input.lastYear < input.firstYear) throw errors.invalidField('lastYear', 'must not be before firstYear');
    const r = await s.tx.query<PlanRow>(
      `INSERT INTO action_plans AS p (unit_id, name, first_year, last_year, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${PLAN_COLUMNS}`,
      [s.actor.unitId, input.name, input.firstYear, input.lastYear, s.now],
    );
    const plan = r.rows[0]!;
    for (const [i, t] of input.tracks.entries()) {
      await s.tx.query('INSERT INTO plan_tracks (plan_id, unit_id, position, name) VALUES ($1, $2, $3, $4)', [plan.id, plan.unit_id, i + 1, t.name]);
    }
    return planDetail(s, plan);
  },

  /** The plans of the actor's unit, newest period first. */
  async list(s: Scope) {
    const reaches = s.requireRole('plan.read', { action: 'search', recordType: 'action_plan' });
    const params: unknown[] = [];
    const r = await s.tx.query<PlanRow>(
      `SELECT ${PLAN_COLUMNS} FROM action_plans p WHERE ${unitReachSql(reaches, s.actor, params, 'p')} ORDER BY p.first_year DESC, p.name`, params,
    );
    return r.rows.map(presentPlan);
  },

  async get(s: Scope, id: string) {
    return planDetail(s, await getReachablePlan(s, id, 'plan.read', 'read'));
  },

  /** Adds an indicator: a catalogue measure with parameters and yearly targets. Its value is never typed in. */
  async addIndicator(s: Scope, planId: string, input: IndicatorInput) {
    const plan = await getReachablePlan(s, planId, 'plan.manage', 'update');
    const { measure, params } = validateIndicator(plan, input);
    const trackId = await requireTrack(s.tx, plan.id, input.trackId);
    const r = await s.tx.query<{ id: string }>(
      `INSERT INTO plan_indicators (plan_id, unit_id, track_id, position, measure, params, label_da, label_en)
       VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM plan_indicators WHERE plan_id = $1), $4, $5::jsonb, $6, $7) RETURNING id`,
      [plan.id, plan.unit_id, trackId, measure, JSON.stringify(params), input.labelDa, input.labelEn ?? null],
    );
    const id = r.rows[0]!.id;
    for (const t of input.targets) {
      await s.tx.query('INSERT INTO plan_targets (indicator_id, unit_id, year, comparison, target) VALUES ($1, $2, $3, $4, $5)', [
        id, plan.unit_id, t.year, t.comparison, t.target,
      ]);
    }
    await s.tx.query('UPDATE action_plans SET version = version + 1 WHERE id = $1', [plan.id]);
    const { indicators } = await loadPlanParts(s.tx, plan.id);
    return presentIndicator(indicators.find((i) => i.id === id)!);
  },

  /** Adds a budget line (track, year, funding source, amount) to a plan. */
  async addBudgetLine(s: Scope, planId: string, input: BudgetLineInput) {
    const plan = await getReachablePlan(s, planId, 'budget.manage', 'update');
    if (input.year < plan.first_year || input.year > plan.last_year) throw errors.invalidField('year', `must be within the plan period ${plan.first_year}-${plan.last_year}`);
    const trackId = await requireTrack(s.tx, plan.id, input.trackId);
    const r = await s.tx.query<{ id: string }>(
      `INSERT INTO budget_lines (plan_id, unit_id, track_id, year, funding_source, amount_dkk, label) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [plan.id, plan.unit_id, trackId, input.year, input.fundingSource, input.amountDkk, input.label ?? null],
    );
    const line = await s.tx.query<BudgetLineRow>(`SELECT ${BUDGET_LINE_COLUMNS} FROM budget_lines b WHERE b.id = $1`, [r.rows[0]!.id]);
    return presentBudgetLine(line.rows[0]!);
  },

  /** Records spending against a budget line of the actor's unit; other units' lines answer 404 (audited). */
  async addSpending(s: Scope, budgetLineId: string, input: { spentOn: string; amountDkk: number; description: string }) {
    const params: unknown[] = [budgetLineId];
    const line = await s.tx.query<{ id: string; unit_id: string }>(
      `SELECT b.id, b.unit_id FROM budget_lines b WHERE b.id = $1 AND ${unitReachSql(s.reaches('budget.manage'), s.actor, params, 'b')}`, params,
    );
    if (!line.rows[0]) s.refuse({ action: 'update', recordType: 'budget_line', recordId: budgetLineId });
    const r = await s.tx.query<SpendingRow>(
      `INSERT INTO spending_entries (unit_id, budget_line_id, spent_on, amount_dkk, description, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, budget_line_id, to_char(spent_on, 'YYYY-MM-DD') AS spent_on, amount_dkk::text, description, created_at`,
      [line.rows[0].unit_id, budgetLineId, input.spentOn, input.amountDkk, input.description, s.actor.id, s.now],
    );
    return presentSpending(r.rows[0]!);
  },

  /**
   * Every indicator's actual against its target for the year (met / not met / no data), the trend over the plan
   * period and the 3 years before it where there was recorded work, and budget against spending. The figures are
   * computed from case records, so the request is audited as one search; analysts get small counts suppressed.
   */
  async dashboard(s: Scope, planId: string, yearAsked: number | undefined) {
    const plan = await getReachablePlan(s, planId, 'plan.read', 'search');
    const year = yearAsked ?? defaultYear(s, plan);
    checkYear('year', year, plan);
    const exact = seesExactCounts(s);
    const { tracks, indicators, lines } = await loadPlanParts(s.tx, plan.id);
    const out = [];
    for (const ind of indicators) {
      const fromCases = INDICATORS[ind.measure].source === 'cases';
      const trend = [];
      let actual: { fig: Figure; status: TargetStatus; target: Target | null } | undefined;
      for (let y = plan.first_year - 3; y <= plan.last_year; y++) {
        const v = await computeMeasure(s.tx, plan.unit_id, ind.measure, ind.params, y, s.now);
        const target = ind.targets.find((t) => t.year === y) ?? null;
        const fig = publishFigure(v, fromCases, exact);
        const status = statusOf(target, v, fig);
        if (y === year) actual = { fig, status, target };
        if (y >= plan.first_year || hasData(v)) trend.push({ ...fig, year: y, target: target?.target ?? null, status });
      }
      out.push({
        indicatorId: ind.id, trackId: ind.trackId, measure: ind.measure, labelDa: ind.labelDa, labelEn: ind.labelEn, unit: INDICATORS[ind.measure].unit,
        target: actual!.target, actual: actual!.fig, status: actual!.status, trend,
      });
    }
    s.audit({ action: 'search', recordType: 'plan_dashboard', recordId: plan.id, criterion: `year=${year}` });
    return {
      planId: plan.id, name: plan.name, year, firstYear: plan.first_year, lastYear: plan.last_year, exactCounts: exact, indicators: out,
      budget: budgetRows(lines, tracks),
    };
  },

  /**
   * The records behind one indicator's figure for a year: ids and minimal fields (case id, date, outcome code), no
   * names and no free text. Only roles that may see those records anyway reach it (statistics.drilldown), and only
   * the plan's own unit's records are listed. It lists case records, so it is audited as one search.
   */
  async indicatorRecords(s: Scope, planId: string, indicatorId: string, year: number) {
    const plan = await getReachablePlan(s, planId, 'statistics.drilldown', 'search');
    const ind = (await loadPlanParts(s.tx, plan.id)).indicators.find((i) => i.id === indicatorId);
    if (!ind) s.refuse({ action: 'search', recordType: 'plan_indicator', recordId: indicatorId });
    checkYear('year', year, plan);
    const records = await measureRecords(s.tx, plan.unit_id, ind.measure, ind.params, year, s.now);
    const v = figureFromRecords(ind.measure, records);
    s.audit({ action: 'search', recordType: 'plan_indicator', recordId: ind.id, criterion: `records ${ind.measure} year=${year}` });
    return {
      indicatorId: ind.id, measure: ind.measure, year, figure: publishFigure(v, false, true),
      records: records.map((r) => ({ recordType: r.recordType, id: r.id, caseId: r.caseId, date: r.date, outcome: r.outcome, counted: r.counted })),
    };
  },

  /**
   * The caseload funnel for the actor's unit, grouped. Coordinators and managers see exact counts; everyone else
   * with statistics.read (analysts) sees pseudonymised aggregates with small counts suppressed (suppression.ts) and
   * only for whole calendar years, so overlapping periods cannot be subtracted. Audited as one search.
   */
  async caseload(s: Scope, input: CaseloadInput): Promise<CaseloadTable> {
    s.requireRole('statistics.read', { action: 'search', recordType: 'statistics', criterion: `caseload by ${input.groupBy}` });
    if (input.to < input.from) throw errors.invalidField('to', 'must not be before from');
    if (Number(input.to.slice(0, 4)) - Number(input.from.slice(0, 4)) > 20) throw errors.invalidField('to', 'the period may span at most 20 years');
    const exact = seesExactCounts(s);
    if (!exact && (!input.from.endsWith('-01-01') || !input.to.endsWith('-12-31'))) {
      throw errors.invalidField(input.from.endsWith('-01-01') ? 'to' : 'from', 'must span whole calendar years (1 January to 31 December) for aggregate statistics');
    }
    const table = await caseloadTable(s, s.actor.unitId, input, exact);
    s.audit({ action: 'search', recordType: 'statistics', criterion: `caseload ${input.from}..${input.to} by ${input.groupBy}` });
    return table;
  },
};

/**
 * The yearly report's data for a plan and year (type YearReport in src/shared/plans.ts): each indicator's target
 * against its actual, the caseload funnel by ideology, age band, gender and channel, and budget against spending by
 * track and funding source. Requires report.export and a plan of the actor's unit (else an audited 403/404).
 * Small counts are suppressed unless the actor sees exact counts (coordinators, managers). Does NOT write the audit
 * row: the caller (the export route) audits the request once, as an export.
 */
export async function buildYearReport(s: Scope, planId: string, year: number): Promise<YearReport> {
  s.requireRole('report.export', { action: 'export', recordType: 'action_plan', recordId: planId });
  const plan = await getReachablePlan(s, planId, 'report.export', 'export');
  if (year < plan.first_year || year > plan.last_year) throw errors.invalidField('year', `must be within the plan period ${plan.first_year}-${plan.last_year}`);
  const exact = seesExactCounts(s);
  const { tracks, indicators, lines } = await loadPlanParts(s.tx, plan.id);
  const trackName = new Map(tracks.map((t) => [t.id, t.name]));
  const reportIndicators = [];
  for (const ind of indicators) {
    const v = await computeMeasure(s.tx, plan.unit_id, ind.measure, ind.params, year, s.now);
    const fig = publishFigure(v, INDICATORS[ind.measure].source === 'cases', exact);
    const target = ind.targets.find((t) => t.year === year) ?? null;
    const status = statusOf(target, v, fig);
    reportIndicators.push({
      indicatorId: ind.id, trackName: ind.trackId ? trackName.get(ind.trackId) ?? null : null, measure: ind.measure, label: ind.labelDa, labelEn: ind.labelEn,
      unit: INDICATORS[ind.measure].unit, target: target?.target ?? null, comparison: target?.comparison ?? null, actual: fig.value,
      met: status === 'met' ? true : status === 'not_met' ? false : null, status, numerator: fig.numerator, denominator: fig.denominator, suppressed: fig.suppressed,
    });
  }
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const byIdeology = await caseloadTable(s, plan.unit_id, { ...period, groupBy: 'ideology' }, exact);
  const budget = budgetRows(lines.filter((l) => l.year === year), tracks);
  const sumBy = <K extends string>(key: (r: (typeof budget.rows)[number]) => K) => {
    const m = new Map<K, { budgetDkk: number; spentDkk: number }>();
    for (const r of budget.rows) {
      const t = m.get(key(r)) ?? { budgetDkk: 0, spentDkk: 0 };
      t.budgetDkk = Math.round((t.budgetDkk + r.budgetDkk) * 100) / 100;
      t.spentDkk = Math.round((t.spentDkk + r.spentDkk) * 100) / 100;
      m.set(key(r), t);
    }
    return m;
  };
  const byTrack = [...sumBy((r) => r.trackId ?? '').entries()].map(([id, t]) => ({ trackId: id || null, trackName: id ? trackName.get(id) ?? null : null, ...t }));
  const byFundingSource = [...sumBy((r) => r.fundingSource).entries()].map(([fundingSource, t]) => ({ fundingSource, ...t }));
  return {
    planId: plan.id, planName: plan.name, year, firstYear: plan.first_year, lastYear: plan.last_year, generatedAt: s.now.toISOString(), exactCounts: exact,
    indicators: reportIndicators,
    caseload: {
      total: byIdeology.total,
      byIdeology,
      byAgeBand: await caseloadTable(s, plan.unit_id, { ...period, groupBy: 'ageBand' }, exact),
      byGender: await caseloadTable(s, plan.unit_id, { ...period, groupBy: 'gender' }, exact),
      byChannel: await caseloadTable(s, plan.unit_id, { ...period, groupBy: 'channel' }, exact),
    },
    budget: { byTrack, byFundingSource, total: budget.total },
  };
}
