import type { Scope, SystemScope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { comparisonsFor, indicatorHow, INDICATORS, isMeasureCode, type IndicatorValue, type MeasureCode } from '../../../shared/indicators.ts';
import type {
  BudgetLineInput, CaseloadInput, CaseloadTable, Figure, IndicatorInput, MilestoneDecisionInput, PlanInput, PlanUpdate, ReportTextsInput, Target, TargetStatus,
  TrackInput,
  YearReport,
} from '../../../shared/plans.ts';
import { PLAN_STATUS_TRANSITIONS } from '../../../shared/plans.ts';
import { statusOf } from './indicators.ts';
import {
  planRepo, referencePlanRepo, statisticsRepo, type BudgetLineRow, type LoadedIndicator, type MilestoneDecisionRow, type PlanRow, type ReportTextsRow, type SpendingRow,
  type TrackRow,
} from './repo.ts';

/*
 * Workflow rules of action plans (periods, the indicator catalogue, targets, budget years) and the shape of what
 * leaves the server. Data access, reach, suppression and the audit entries are in repo.ts.
 */

// --- presenters ----------------------------------------------------------------------------------------------------
function presentPlan(p: PlanRow) {
  return {
    id: p.id, unitId: p.unit_id, name: p.name, firstYear: p.first_year, lastYear: p.last_year, referenceKey: p.reference_key, version: p.version,
    status: p.status, committee: p.committee, approvedOn: p.approved_on,
  };
}
function presentBudgetLine(b: BudgetLineRow) {
  return {
    id: b.id, planId: b.plan_id, trackId: b.track_id, year: b.year, fundingSource: b.funding_source, amountDkk: Number(b.amount_dkk), label: b.label,
    spentDkk: Number(b.spent_dkk), kind: b.kind, fte: b.fte === null ? null : Number(b.fte),
  };
}
function presentSpending(e: SpendingRow) {
  return { id: e.id, budgetLineId: e.budget_line_id, spentOn: e.spent_on, amountDkk: Number(e.amount_dkk), description: e.description, createdAt: e.created_at.toISOString() };
}
function presentTexts(plan: PlanRow, year: number, versions: readonly ReportTextsRow[]) {
  const cur = versions[0];
  return {
    planId: plan.id, year, version: cur?.version ?? 0, addressee: cur?.addressee ?? null, foreword: cur?.foreword ?? null,
    comments: Object.entries(cur?.comments ?? {}).map(([indicatorId, text]) => ({ indicatorId, text })),
    savedAt: cur ? cur.saved_at.toISOString() : null,
    history: versions.map((v) => ({ version: v.version, savedAt: v.saved_at.toISOString() })),
  };
}
function presentDecision(d: MilestoneDecisionRow) {
  return {
    id: d.id, planId: d.plan_id, milestoneKey: d.milestone_key, decidedOn: d.decided_on, approvedBy: d.approved_by, documentRef: d.document_ref,
    createdAt: d.created_at.toISOString(),
  };
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

/** The track of the plan named by trackId, or null when none is given; another plan's track is a 400. */
async function requireTrack(s: Scope, plan: PlanRow, trackId: string | undefined): Promise<string | null> {
  if (!trackId) return null;
  if (!(await planRepo(s).hasTrack(plan, trackId))) throw errors.invalidField('trackId', 'is not a track of this plan');
  return trackId;
}

// --- figures ----------------------------------------------------------------------------------------------------------
/** The current calendar year in Copenhagen, clamped into the plan's period. */
function defaultYear(s: Scope, p: PlanRow): number {
  const y = Number(danishDateOf(s.now).slice(0, 4));
  return Math.min(Math.max(y, p.first_year), p.last_year);
}

function checkYear(field: string, year: number, p: PlanRow): void {
  if (year < p.first_year - 3 || year > p.last_year) throw errors.invalidField(field, `must be within ${p.first_year - 3}-${p.last_year} (the plan period and 3 years before)`);
}

function budgetRows(lines: readonly BudgetLineRow[], tracks: readonly TrackRow[]) {
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

/** A plan with its tracks, indicators (with targets) and budget lines (with what was spent). */
async function planDetail(s: Scope, plan: PlanRow) {
  const { tracks, indicators, lines } = await planRepo(s).parts(plan);
  return { ...presentPlan(plan), tracks, indicators: indicators.map(presentIndicator), budgetLines: lines.map(presentBudgetLine) };
}

// --- the service ---------------------------------------------------------------------------------------------------------
export const plans = {
  /** Creates an action plan with its tracks in the actor's unit. Plans hold no personal data: no audit row on success. */
  async create(s: Scope, input: PlanInput) {
    // The role is checked before the input, so a role without the right gets 403 whatever it sends.
    s.requireRole('plan.manage', { action: 'create', recordType: 'action_plan' });
    if (input.lastYear < input.firstYear) throw errors.invalidField('lastYear', 'must not be before firstYear');
    return planDetail(s, await planRepo(s).create(input));
  },

  /**
   * Changes a plan: name, period, status with the approving committee and date. The period must still hold every
   * target and budget line (400 naming the field); a status change follows PLAN_STATUS_TRANSITIONS (409 naming the
   * allowed ones); approving needs the committee and the approval date (400). A stale version is a 409.
   */
  async update(s: Scope, planId: string, input: PlanUpdate) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.manage', 'update');
    if (input.version !== plan.version) throw errors.staleVersion(plan.version);
    const next = {
      name: input.name ?? plan.name,
      first_year: input.firstYear ?? plan.first_year,
      last_year: input.lastYear ?? plan.last_year,
      status: input.status ?? plan.status,
      committee: input.committee === undefined ? plan.committee : input.committee,
      approved_on: input.approvedOn === undefined ? plan.approved_on : input.approvedOn,
    };
    if (next.last_year < next.first_year) throw errors.invalidField(input.lastYear !== undefined ? 'lastYear' : 'firstYear', 'the last year must not be before the first year');
    if (next.first_year !== plan.first_year || next.last_year !== plan.last_year) {
      const used = await repo.yearsInUse(plan);
      if (used.first !== null && used.first < next.first_year) throw errors.invalidField('firstYear', `must not be after ${used.first}: targets or budget lines use that year`);
      if (used.last !== null && used.last > next.last_year) throw errors.invalidField('lastYear', `must not be before ${used.last}: targets or budget lines use that year`);
    }
    if (next.status !== plan.status && !PLAN_STATUS_TRANSITIONS[plan.status].includes(next.status)) {
      const allowed = PLAN_STATUS_TRANSITIONS[plan.status];
      throw errors.conflict(`A plan in status "${plan.status}" cannot move to "${next.status}". Allowed: ${allowed.join(', ')}.`, { allowed: [...allowed], current: plan.status });
    }
    if (next.status === 'approved') {
      if (!next.committee) throw errors.invalidField('committee', 'is required to approve a plan: the committee that approved it');
      if (!next.approved_on && plan.status === 'draft') throw errors.invalidField('approvedOn', 'is required to approve a plan: the date it was approved');
    }
    return planDetail(s, await repo.update(plan, input.version, next));
  },

  /** Adds a track or target group, with its purpose or effect text, at the end of a plan. */
  async addTrack(s: Scope, planId: string, input: TrackInput) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.manage', 'update');
    return repo.addTrack(plan, input);
  },

  /** The current texts of a plan's yearly report for a year, and the list of saved versions. */
  async reportTexts(s: Scope, planId: string, year: number) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.read', 'read');
    checkYear('year', year, plan);
    return presentTexts(plan, year, await repo.reportTexts(plan, year));
  },

  /**
   * Saves the addressee, foreword and comments of a plan's yearly report as a new version. Each comment must be on an
   * indicator of the plan with a target in the year; a target the year's figures show as missed needs a comment
   * (400 naming comments.<indicator id>). A stale version answers 409.
   */
  async saveReportTexts(s: Scope, planId: string, year: number, input: ReportTextsInput) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.manage', 'update');
    if (year < plan.first_year || year > plan.last_year) throw errors.invalidField('year', `must be within the plan period ${plan.first_year}-${plan.last_year}`);
    const current = (await repo.reportTexts(plan, year))[0]?.version ?? 0;
    if (input.version !== current) throw errors.staleVersion(current);
    const { indicators } = await repo.parts(plan);
    const targeted = indicators.filter((i) => i.targets.some((t) => t.year === year));
    const comments: Record<string, string> = {};
    input.comments.forEach((c, i) => {
      if (!targeted.some((ind) => ind.id === c.indicatorId)) throw errors.invalidField(`comments.${i}.indicatorId`, `is not an indicator of this plan with a target in ${year}`);
      if (c.text) comments[c.indicatorId] = c.text;
    });
    // A missed target needs its comment: the committee asks why (docs/domain.md, "The yearly report").
    // Computed from case records, so the look is audited as one search (statisticsRepo.dashboard).
    const figures = targeted.length ? await statisticsRepo(s).dashboard(plan, targeted, year, year, year) : new Map();
    for (const ind of targeted) {
      const fig = figures.get(ind.id)![0]!.figure;
      if (statusOf(ind.targets.find((t) => t.year === year)!, fig) === 'not_met' && !comments[ind.id]) {
        throw errors.invalidField(`comments.${ind.id}`, 'is required: the target was missed');
      }
    }
    await repo.saveReportTexts(plan, year, current + 1, { addressee: input.addressee, foreword: input.foreword || null, comments });
    return presentTexts(plan, year, await repo.reportTexts(plan, year));
  },

  /** The plans of the actor's unit, newest period first. */
  async list(s: Scope) {
    return (await planRepo(s).list()).map(presentPlan);
  },

  async get(s: Scope, id: string) {
    return planDetail(s, await planRepo(s).reachable(id, 'plan.read', 'read'));
  },

  /** Adds an indicator: a catalogue measure with parameters and yearly targets. Its value is never typed in. */
  async addIndicator(s: Scope, planId: string, input: IndicatorInput) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.manage', 'update');
    const { measure, params } = validateIndicator(plan, input);
    const trackId = await requireTrack(s, plan, input.trackId);
    const id = await repo.addIndicator(plan, trackId, { measure, params, labelDa: input.labelDa, labelEn: input.labelEn ?? null, targets: input.targets });
    const { indicators } = await repo.parts(plan);
    return presentIndicator(indicators.find((i) => i.id === id)!);
  },

  /** Adds a budget line (track, year, funding source, amount) to a plan. */
  async addBudgetLine(s: Scope, planId: string, input: BudgetLineInput) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'budget.manage', 'update');
    if (input.year < plan.first_year || input.year > plan.last_year) throw errors.invalidField('year', `must be within the plan period ${plan.first_year}-${plan.last_year}`);
    if (input.kind === 'staffing' && input.fte === undefined) throw errors.invalidField('fte', 'is required for a staffing line: the full-time equivalents (årsværk)');
    if (input.kind === 'money' && input.fte !== undefined) throw errors.invalidField('fte', "is only for a staffing line (kind 'staffing')");
    const trackId = await requireTrack(s, plan, input.trackId);
    return presentBudgetLine(await repo.addBudgetLine(plan, trackId, input));
  },

  /**
   * Records the decision that meets a milestone (date, who approved it, the document). The key must be the
   * milestoneKey of one of the plan's milestone indicators and the date within the plan period (else 400).
   */
  async recordMilestoneDecision(s: Scope, planId: string, input: MilestoneDecisionInput) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.manage', 'update');
    const { indicators } = await repo.parts(plan);
    if (!indicators.some((i) => i.measure === 'milestone' && i.params.milestoneKey === input.milestoneKey)) {
      throw errors.invalidField('milestoneKey', 'is not the key of a milestone indicator of this plan');
    }
    const y = Number(input.decidedOn.slice(0, 4));
    if (y < plan.first_year || y > plan.last_year) throw errors.invalidField('decidedOn', `must be within the plan period ${plan.first_year}-${plan.last_year}`);
    return presentDecision(await repo.addMilestoneDecision(plan, input));
  },

  /** The milestone decisions recorded for a plan, oldest first. */
  async milestoneDecisions(s: Scope, planId: string) {
    const repo = planRepo(s);
    const plan = await repo.reachable(planId, 'plan.read', 'read');
    return (await repo.milestoneDecisions(plan)).map(presentDecision);
  },

  /** Records spending against a budget line of the actor's unit; other units' lines answer 404 (audited). */
  async addSpending(s: Scope, budgetLineId: string, input: { spentOn: string; amountDkk: number; description: string }) {
    return presentSpending(await planRepo(s).addSpending(budgetLineId, input));
  },

  /**
   * Every indicator's actual against its target for the year (met / not met / no data), the trend over the plan
   * period and the 3 years before it where there was recorded work, and budget against spending. The figures are
   * computed from case records, so the request is audited as one search; analysts get small counts suppressed.
   */
  async dashboard(s: Scope, planId: string, yearAsked: number | undefined) {
    const plan = await planRepo(s).reachable(planId, 'plan.read', 'search');
    const year = yearAsked ?? defaultYear(s, plan);
    checkYear('year', year, plan);
    const { tracks, indicators, lines } = await planRepo(s).parts(plan);
    const stats = statisticsRepo(s);
    const figures = await stats.dashboard(plan, indicators, plan.first_year - 3, plan.last_year, year);
    const out = [];
    for (const ind of indicators) {
      const trend = [];
      let actual: { fig: Figure; status: TargetStatus; target: Target | null } | undefined;
      for (const { year: y, figure: fig, hasData } of figures.get(ind.id)!) {
        const target = ind.targets.find((t) => t.year === y) ?? null;
        const status = statusOf(target, fig);
        if (y === year) actual = { fig, status, target };
        if (y >= plan.first_year || hasData) trend.push({ ...fig, year: y, target: target?.target ?? null, status });
      }
      out.push({
        indicatorId: ind.id, trackId: ind.trackId, measure: ind.measure, labelDa: ind.labelDa, labelEn: ind.labelEn, unit: INDICATORS[ind.measure].unit,
        howDa: indicatorHow(ind.measure, ind.params, 'da'), howEn: indicatorHow(ind.measure, ind.params, 'en'), target: actual!.target, actual: actual!.fig, status: actual!.status, trend,
      });
    }
    return {
      planId: plan.id, name: plan.name, year, firstYear: plan.first_year, lastYear: plan.last_year, exactCounts: stats.exactCounts, indicators: out,
      budget: budgetRows(lines, tracks),
    };
  },

  /**
   * The records behind one indicator's figure for a year: ids and minimal fields (case id, date, outcome code), no
   * names and no free text. Only roles that may see those records anyway reach it (statistics.drilldown), and only
   * the plan's own unit's records are listed. It lists case records, so it is audited as one search.
   */
  async indicatorRecords(s: Scope, planId: string, indicatorId: string, year: number) {
    const plan = await planRepo(s).reachable(planId, 'statistics.drilldown', 'search');
    const ind = (await planRepo(s).parts(plan)).indicators.find((i) => i.id === indicatorId);
    if (!ind) s.refuse({ action: 'search', recordType: 'plan_indicator', recordId: indicatorId });
    checkYear('year', year, plan);
    const { figure, records } = await statisticsRepo(s).indicatorRecords(plan, ind, year);
    return {
      indicatorId: ind.id, measure: ind.measure, year, figure,
      records: records.map((r) => ({ recordType: r.recordType, id: r.id, caseId: r.caseId, date: r.date, outcome: r.outcome, counted: r.counted })),
    };
  },

  /**
   * The caseload funnel for the actor's unit, grouped. Coordinators and managers see exact counts; everyone else
   * with statistics.read (analysts) sees pseudonymised aggregates with small counts suppressed and only for whole
   * calendar years (both applied by the repository). Audited as one search.
   */
  async caseload(s: Scope, input: CaseloadInput): Promise<CaseloadTable> {
    // The role is checked before the input, so a role without the right gets 403 whatever it sends.
    s.requireRole('statistics.read', { action: 'search', recordType: 'statistics', criterion: `caseload by ${input.groupBy}` });
    if (input.to < input.from) throw errors.invalidField('to', 'must not be before from');
    if (Number(input.to.slice(0, 4)) - Number(input.from.slice(0, 4)) > 20) throw errors.invalidField('to', 'the period may span at most 20 years');
    return statisticsRepo(s).caseload(input);
  },
};

/**
 * The yearly report's data for a plan and year (type YearReport in src/shared/plans.ts): each indicator's target
 * against its actual, the caseload funnel by ideology, age band, gender and channel, and budget against spending by
 * track and funding source. Requires report.export and a plan of the actor's unit (else an audited 403/404).
 * Small counts are suppressed unless the actor sees exact counts (coordinators, managers). Does NOT write the audit
 * row: the reports module's repository, which collects the report, audits the export once.
 */
export async function buildYearReport(s: Scope, planId: string, year: number): Promise<YearReport> {
  s.requireRole('report.export', { action: 'export', recordType: 'action_plan', recordId: planId });
  const plan = await planRepo(s).reachable(planId, 'report.export', 'export');
  if (year < plan.first_year || year > plan.last_year) throw errors.invalidField('year', `must be within the plan period ${plan.first_year}-${plan.last_year}`);
  const { tracks, indicators, lines } = await planRepo(s).parts(plan);
  const stats = statisticsRepo(s);
  const { figures, caseload, prevention } = await stats.yearReport(plan, indicators, year);
  const texts = (await planRepo(s).reportTexts(plan, year))[0];
  const trackName = new Map(tracks.map((t) => [t.id, t.name]));
  const reportIndicators = [];
  for (const ind of indicators) {
    const fig = figures.get(ind.id)!;
    const target = ind.targets.find((t) => t.year === year) ?? null;
    const status = statusOf(target, fig);
    reportIndicators.push({
      indicatorId: ind.id, trackName: ind.trackId ? trackName.get(ind.trackId) ?? null : null, measure: ind.measure, label: ind.labelDa, labelEn: ind.labelEn,
      unit: INDICATORS[ind.measure].unit, target: target?.target ?? null, comparison: target?.comparison ?? null, actual: fig.value,
      met: status === 'met' ? true : status === 'not_met' ? false : null, status, numerator: fig.numerator, denominator: fig.denominator, suppressed: fig.suppressed,
      comment: texts?.comments[ind.id] ?? null, howDa: indicatorHow(ind.measure, ind.params, 'da'),
    });
  }
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
    planId: plan.id, planName: plan.name, year, firstYear: plan.first_year, lastYear: plan.last_year, generatedAt: s.now.toISOString(), exactCounts: stats.exactCounts,
    texts: texts ? { addressee: texts.addressee, foreword: texts.foreword, version: texts.version } : null,
    indicators: reportIndicators,
    caseload: {
      total: caseload.byIdeology.total,
      ...caseload,
    },
    budget: { byTrack, byFundingSource, total: budget.total },
    prevention,
    // The shared hotline's section is added by the reports module (calls/index.ts hotlineYearReportInTrx).
    hotline: null,
    // Staffing and workload are added by the reports module (reports/repo.ts).
    staffing: null,
  };
}

/**
 * One measure of the indicator catalogue for a unit and a calendar year, computed from the recorded work in the
 * actor's scope (statisticsRepo.measure: the unit must be within the actor's reach; without exact counts, case
 * figures come without record ids and small ones are withheld). Params must be valid for the measure.
 */
export function computeMeasure(s: Scope, unitId: string, measure: MeasureCode, params: Record<string, unknown>, year: number): Promise<IndicatorValue> {
  return statisticsRepo(s).measure(unitId, measure, params, year);
}

/**
 * Installs VINK's reference plans (reference.ts) in a unit, on the system path (the CLI's reference-plans command and
 * the demo loader, inside runAsSystem). Idempotent; returns the keys it installed.
 */
export function installReferencePlansInTrx(s: SystemScope, unitId: string): Promise<string[]> {
  return referencePlanRepo(s).install(unitId);
}
