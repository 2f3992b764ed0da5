import { named, type Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import type { Action, Reach } from '../../access/policy.ts';
import { reachSql, repository, systemRepository, type ReachRules, type Scope, type SystemScope } from '../../access/scope.ts';
import type { AuditAction, AuditEntry } from '../../audit/audit.ts';
import { REOFFER_RESPONSES } from '../../../shared/rules.ts';
import { INDICATORS, isMeasureCode, type Comparison, type IndicatorValue, type MeasureCode } from '../../../shared/indicators.ts';
import type {
  BudgetLineInput, CaseloadGroupBy, CaseloadInput, CaseloadTable, Figure, MilestoneDecisionInput, PlanInput, Target, TrackInput,
} from '../../../shared/plans.ts';
import { figureFromAggregate, figureFromRecords, hasData, RECORD_TYPES, type MeasureAggregate, type MeasureRecord } from './indicators.ts';
import { seesExactCounts } from './policy.ts';
import { REFERENCE_PLANS } from './reference.ts';
import { assembleCaseload, callsByGroup, groupOrder, type ConcernGroupCounts } from './statistics.ts';
import { publishCaseload, publishCaseloadOverYears, publishFigure, type RawCaseloadRow } from './suppression.ts';

/**
 * The plans module's repository: the only place where SQL on action_plans, plan_tracks, plan_indicators,
 * plan_targets, budget_lines and spending_entries lives (docs/architecture.md), and the reporting queries of the
 * indicator engine and the caseload statistics. Those aggregate across other modules' tables (cases, concerns,
 * persons, calls, offers, courses, follow_ups, assessments, assessment_ratings, and the prevention module's
 * activities, survey answers and forum members) and are kept here, in the repository, as reporting queries: they
 * return counts and record ids, never names or free text. Every figure is an SQL aggregate: one statement for all the
 * indicators and years a dashboard shows (indicatorsByYears), and the caseload tables two statements each
 * (docs/architecture.md, "Figures"). The prevention figures use the same filters and sums as the prevention module's
 * helpers (../prevention/index.ts), and a test holds the two equal, so VINK has one definition of "people reached".
 *
 * Each method applies the actor's reach (every plan and statistics action reaches by 'unit'), the small-count
 * suppression for actors who may not see exact counts (policy.ts, suppression.ts) and its audit entry itself, so no
 * caller can skip them. Plans, budgets and spending hold no personal data: their writes and reads are not audited
 * on success; figures computed from case records are (one search per look).
 */

const PLAN_RULES: ReachRules = {};

function unitReachSql(s: Scope, reaches: readonly Reach[], params: unknown[], alias: string): string {
  return reachSql(reaches, s.actor, params, alias, PLAN_RULES);
}

/** Whether the actor reaches records of unitId for action (the 'unit' reach of the policy table). */
function reachesUnit(s: Scope, action: Action, unitId: string): boolean {
  return s.reaches(action).includes('unit') && s.actor.unitIds.includes(unitId);
}

export interface PlanRow {
  id: string;
  unit_id: string;
  name: string;
  first_year: number;
  last_year: number;
  reference_key: string | null;
  version: number;
  status: 'draft' | 'approved';
  committee: string | null;
  approved_on: string | null;
}
const PLAN_COLUMNS = `p.id, p.unit_id, p.name, p.first_year, p.last_year, p.reference_key, p.version, p.status, p.committee,
  to_char(p.approved_on, 'YYYY-MM-DD') AS approved_on`;

export interface TrackRow { id: string; position: number; name: string; kind: 'track' | 'target_group'; purpose: string | null }
interface IndicatorRow {
  id: string; position: number; track_id: string | null; measure: string; params: Record<string, unknown>; label_da: string; label_en: string | null;
}
interface TargetRow { indicator_id: string; year: number; comparison: Comparison; target: string }
export interface BudgetLineRow {
  id: string; plan_id: string; track_id: string | null; year: number; funding_source: string; amount_dkk: string; label: string | null; spent_dkk: string;
  kind: 'money' | 'staffing'; fte: string | null;
}
export interface ReportTextsRow { version: number; addressee: string; foreword: string | null; comments: Record<string, string>; saved_at: Date }
export interface MilestoneDecisionRow {
  id: string; plan_id: string; milestone_key: string; decided_on: string; approved_by: string; document_ref: string; created_at: Date;
}
const DECISION_COLUMNS = `d.id, d.plan_id, d.milestone_key, to_char(d.decided_on, 'YYYY-MM-DD') AS decided_on, d.approved_by, d.document_ref, d.created_at`;
export interface SpendingRow { id: string; budget_line_id: string; spent_on: string; amount_dkk: string; description: string; created_at: Date }

const BUDGET_LINE_COLUMNS = `b.id, b.plan_id, b.track_id, b.year, b.funding_source, b.amount_dkk::text, b.label, b.kind, b.fte::text,
  coalesce((SELECT sum(e.amount_dkk) FROM spending_entries e WHERE e.budget_line_id = b.id), 0)::text AS spent_dkk`;

/** An indicator of a plan as loaded: a catalogue measure with its parameters and yearly targets. */
export interface LoadedIndicator {
  id: string; position: number; trackId: string | null; measure: MeasureCode; params: Record<string, unknown>; labelDa: string; labelEn: string | null;
  targets: Target[];
}

/** A plan's tracks, indicators (with targets) and budget lines (with what was spent). */
export interface PlanParts {
  tracks: TrackRow[];
  indicators: LoadedIndicator[];
  lines: BudgetLineRow[];
}

/** A plan's tracks, indicators with their targets, and budget lines with what was spent: one statement. */
async function loadPlanParts(tx: Queryable, planId: string): Promise<PlanParts> {
  const r = await tx.query<{ tracks: TrackRow[]; indicators: (IndicatorRow & { targets: TargetRow[] })[]; lines: BudgetLineRow[] }>(
    `SELECT
       (SELECT coalesce(json_agg(json_build_object('id', t.id, 'position', t.position, 'name', t.name, 'kind', t.kind, 'purpose', t.purpose) ORDER BY t.position, t.id), '[]'::json)
          FROM plan_tracks t WHERE t.plan_id = $1) AS tracks,
       (SELECT coalesce(json_agg(json_build_object('id', i.id, 'position', i.position, 'track_id', i.track_id, 'measure', i.measure, 'params', i.params,
                 'label_da', i.label_da, 'label_en', i.label_en,
                 'targets', (SELECT coalesce(json_agg(json_build_object('indicator_id', t.indicator_id, 'year', t.year, 'comparison', t.comparison,
                               'target', t.target::text) ORDER BY t.year), '[]'::json) FROM plan_targets t WHERE t.indicator_id = i.id))
               ORDER BY i.position, i.id), '[]'::json)
          FROM plan_indicators i WHERE i.plan_id = $1) AS indicators,
       (SELECT coalesce(json_agg(to_json(x) ORDER BY x.year, x.track_position NULLS LAST, x.funding_source, x.id), '[]'::json)
          FROM (SELECT ${BUDGET_LINE_COLUMNS}, (SELECT t.position FROM plan_tracks t WHERE t.id = b.track_id) AS track_position
                  FROM budget_lines b WHERE b.plan_id = $1) x) AS lines`,
    [planId],
  );
  const row = r.rows[0]!;
  const indicators: LoadedIndicator[] = row.indicators
    // A measure withdrawn from the catalogue is not shown rather than crashing the plan; the catalogue only grows.
    .filter((i) => isMeasureCode(i.measure))
    .map((i) => ({
      id: i.id, position: i.position, trackId: i.track_id, measure: i.measure as MeasureCode, params: i.params, labelDa: i.label_da, labelEn: i.label_en,
      targets: i.targets.map((t) => ({ year: t.year, comparison: t.comparison, target: Number(t.target) })),
    }));
  const lines = row.lines.map(({ track_position: _p, ...l }: BudgetLineRow & { track_position?: number | null }) => l);
  return { tracks: row.tracks, indicators, lines };
}

// --- plans, budgets, spending ------------------------------------------------------------------------------------

/** Action plans of the actor's unit with their tracks, indicators, budget lines and spending. */
export const planRepo = repository((tx: Queryable, s: Scope) => {
  /**
   * A plan the actor reaches for action. Anything else (no such plan, another unit's plan, or a role that may not do
   * the action) is an audited refusal answering 404, so the existence of other units' plans does not leak.
   */
  const reachable = async (id: string, action: Action, audit: AuditAction): Promise<PlanRow> => {
    const params: unknown[] = [id];
    const r = await tx.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM action_plans p WHERE p.id = $1 AND ${unitReachSql(s, s.reaches(action), params, 'p')}`, params);
    if (!r.rows[0]) s.refuse({ action: audit, recordType: 'action_plan', recordId: id });
    return r.rows[0];
  };
  return {
    reachable,

    /** Creates a plan with its tracks in the actor's unit (plan.manage). Plans hold no personal data: no audit row on success. */
    async create(input: PlanInput): Promise<PlanRow> {
      s.requireRole('plan.manage', { action: 'create', recordType: 'action_plan' });
      const r = await tx.query<PlanRow>(
        `INSERT INTO action_plans AS p (unit_id, name, first_year, last_year, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${PLAN_COLUMNS}`,
        [s.actor.unitId, input.name, input.firstYear, input.lastYear, s.now],
      );
      const plan = r.rows[0]!;
      for (const [i, t] of input.tracks.entries()) {
        await tx.query('INSERT INTO plan_tracks (plan_id, unit_id, position, name, kind, purpose) VALUES ($1, $2, $3, $4, $5, $6)', [
          plan.id, plan.unit_id, i + 1, t.name, t.kind, t.purpose ?? null,
        ]);
      }
      return plan;
    },

    /**
     * Changes a plan the actor reached for plan.manage, at the version it was read (else 409). The caller has
     * validated the change (service.ts). Plans hold no personal data: no audit row on success.
     */
    async update(plan: PlanRow, version: number, next: Pick<PlanRow, 'name' | 'first_year' | 'last_year' | 'status' | 'committee' | 'approved_on'>): Promise<PlanRow> {
      const params: unknown[] = [plan.id, version, next.name, next.first_year, next.last_year, next.status, next.committee, next.approved_on];
      const reach = unitReachSql(s, s.reaches('plan.manage'), params, 'p');
      const r = await tx.query<PlanRow>(
        `UPDATE action_plans p SET name = $3, first_year = $4, last_year = $5, status = $6, committee = $7, approved_on = $8, version = p.version + 1
          WHERE p.id = $1 AND p.version = $2 AND ${reach} RETURNING ${PLAN_COLUMNS}`,
        params,
      );
      if (!r.rows[0]) throw errors.staleVersion(plan.version);
      return r.rows[0];
    },

    /** The first and last year that the plan's targets and budget lines use (null when it has none). */
    async yearsInUse(plan: PlanRow): Promise<{ first: number | null; last: number | null }> {
      const r = await tx.query<{ first: number | null; last: number | null }>(
        `SELECT min(y)::int AS first, max(y)::int AS last FROM (
           SELECT t.year AS y FROM plan_targets t JOIN plan_indicators i ON i.id = t.indicator_id WHERE i.plan_id = $1
           UNION ALL SELECT b.year FROM budget_lines b WHERE b.plan_id = $1) x`, [plan.id]);
      return r.rows[0]!;
    },

    /** Adds a track or target group at the end of a plan the actor reached for plan.manage, and bumps the version. */
    async addTrack(plan: PlanRow, input: TrackInput): Promise<TrackRow> {
      const params: unknown[] = [plan.id, input.name, input.kind, input.purpose ?? null];
      const reach = unitReachSql(s, s.reaches('plan.manage'), params, 'p');
      const r = await tx.query<TrackRow>(
        `INSERT INTO plan_tracks (plan_id, unit_id, position, name, kind, purpose)
         SELECT p.id, p.unit_id, (SELECT coalesce(max(position), 0) + 1 FROM plan_tracks WHERE plan_id = p.id), $2, $3, $4
           FROM action_plans p WHERE p.id = $1 AND ${reach} RETURNING id, position, name, kind, purpose`,
        params,
      );
      if (!r.rows[0]) s.refuse({ action: 'update', recordType: 'action_plan', recordId: plan.id });
      await tx.query('UPDATE action_plans SET version = version + 1 WHERE id = $1', [plan.id]);
      return r.rows[0];
    },

    /** The plans of the actor's unit (plan.read), newest period first. */
    async list(): Promise<PlanRow[]> {
      const reaches = s.requireRole('plan.read', { action: 'search', recordType: 'action_plan' });
      const params: unknown[] = [];
      const r = await tx.query<PlanRow>(
        `SELECT ${PLAN_COLUMNS} FROM action_plans p WHERE ${unitReachSql(s, reaches, params, 'p')} ORDER BY p.first_year DESC, p.name`, params,
      );
      return r.rows;
    },

    /** The tracks, indicators and budget lines of a plan already reached with reachable(). */
    parts(plan: PlanRow): Promise<PlanParts> {
      return loadPlanParts(tx, plan.id);
    },

    /** Whether trackId is a track of plan. */
    async hasTrack(plan: PlanRow, trackId: string): Promise<boolean> {
      const r = await tx.query('SELECT 1 FROM plan_tracks WHERE id = $1 AND plan_id = $2', [trackId, plan.id]);
      return (r.rowCount ?? 0) > 0;
    },

    /**
     * Adds a validated indicator with its targets to a plan within the actor's plan.manage reach (else an audited
     * 404) and bumps the plan's version. Returns the indicator's id.
     */
    async addIndicator(
      plan: PlanRow, trackId: string | null, i: { measure: MeasureCode; params: Record<string, unknown>; labelDa: string; labelEn: string | null; targets: readonly Target[] },
    ): Promise<string> {
      const params: unknown[] = [plan.id, trackId, i.measure, JSON.stringify(i.params), i.labelDa, i.labelEn];
      const reach = unitReachSql(s, s.reaches('plan.manage'), params, 'p');
      const r = await tx.query<{ id: string; unit_id: string }>(
        `INSERT INTO plan_indicators (plan_id, unit_id, track_id, position, measure, params, label_da, label_en)
         SELECT p.id, p.unit_id, $2, (SELECT coalesce(max(position), 0) + 1 FROM plan_indicators WHERE plan_id = p.id), $3, $4::jsonb, $5, $6
           FROM action_plans p WHERE p.id = $1 AND ${reach} RETURNING id, unit_id`,
        params,
      );
      if (!r.rows[0]) s.refuse({ action: 'update', recordType: 'action_plan', recordId: plan.id });
      const { id, unit_id: unitId } = r.rows[0];
      for (const t of i.targets) {
        await tx.query('INSERT INTO plan_targets (indicator_id, unit_id, year, comparison, target) VALUES ($1, $2, $3, $4, $5)', [id, unitId, t.year, t.comparison, t.target]);
      }
      await tx.query('UPDATE action_plans SET version = version + 1 WHERE id = $1', [plan.id]);
      return id;
    },

    /** Adds a budget line to a plan within the actor's budget.manage reach (else an audited 404). */
    async addBudgetLine(plan: PlanRow, trackId: string | null, input: BudgetLineInput): Promise<BudgetLineRow> {
      const params: unknown[] = [plan.id, trackId, input.year, input.fundingSource, input.amountDkk, input.label ?? null, input.kind, input.fte ?? null];
      const reach = unitReachSql(s, s.reaches('budget.manage'), params, 'p');
      const r = await tx.query<{ id: string }>(
        `INSERT INTO budget_lines (plan_id, unit_id, track_id, year, funding_source, amount_dkk, label, kind, fte)
         SELECT p.id, p.unit_id, $2, $3, $4, $5, $6, $7, $8 FROM action_plans p WHERE p.id = $1 AND ${reach} RETURNING id`,
        params,
      );
      if (!r.rows[0]) s.refuse({ action: 'update', recordType: 'action_plan', recordId: plan.id });
      const line = await tx.query<BudgetLineRow>(`SELECT ${BUDGET_LINE_COLUMNS} FROM budget_lines b WHERE b.id = $1`, [r.rows[0].id]);
      return line.rows[0]!;
    },

    /**
     * Records a milestone decision for a plan within the actor's plan.manage reach (else an audited 404). It holds
     * no data about citizens (who approved is a body or office holder): not audited on success, like the plan.
     */
    async addMilestoneDecision(plan: PlanRow, input: MilestoneDecisionInput): Promise<MilestoneDecisionRow> {
      const params: unknown[] = [plan.id, input.milestoneKey, input.decidedOn, input.approvedBy, input.documentRef, s.actor.id, s.now];
      const reach = unitReachSql(s, s.reaches('plan.manage'), params, 'p');
      const r = await tx.query<MilestoneDecisionRow>(
        `WITH d AS (INSERT INTO milestone_decisions (unit_id, plan_id, milestone_key, decided_on, approved_by, document_ref, created_by, created_at)
                    SELECT p.unit_id, p.id, $2, $3, $4, $5, $6, $7 FROM action_plans p WHERE p.id = $1 AND ${reach} RETURNING *)
         SELECT ${DECISION_COLUMNS} FROM d`,
        params,
      );
      if (!r.rows[0]) s.refuse({ action: 'update', recordType: 'action_plan', recordId: plan.id });
      return r.rows[0];
    },

    /** The milestone decisions of a plan already reached with reachable(), oldest first. */
    async milestoneDecisions(plan: PlanRow): Promise<MilestoneDecisionRow[]> {
      const r = await tx.query<MilestoneDecisionRow>(
        `SELECT ${DECISION_COLUMNS} FROM milestone_decisions d WHERE d.plan_id = $1 ORDER BY d.decided_on, d.created_at, d.id`, [plan.id]);
      return r.rows;
    },

    /** Every saved version of a plan's report texts for a year, newest first (a plan already reached). */
    async reportTexts(plan: PlanRow, year: number): Promise<ReportTextsRow[]> {
      const r = await tx.query<ReportTextsRow>(
        `SELECT version, addressee, foreword, comments, saved_at FROM report_texts WHERE plan_id = $1 AND year = $2 ORDER BY version DESC`, [plan.id, year]);
      return r.rows;
    },

    /**
     * Saves a new version of the report texts of a plan the actor reaches for plan.manage. The version must be the
     * next one: a concurrent save loses on the unique key and answers 409. No personal data: not audited.
     */
    async saveReportTexts(plan: PlanRow, year: number, version: number, t: { addressee: string; foreword: string | null; comments: Record<string, string> }): Promise<void> {
      const params: unknown[] = [plan.id, year, version, t.addressee, t.foreword, JSON.stringify(t.comments), s.actor.id, s.now];
      const reach = unitReachSql(s, s.reaches('plan.manage'), params, 'p');
      const r = await tx.query(
        `INSERT INTO report_texts (unit_id, plan_id, year, version, addressee, foreword, comments, saved_by, saved_at)
         SELECT p.unit_id, p.id, $2, $3, $4, $5, $6::jsonb, $7, $8 FROM action_plans p WHERE p.id = $1 AND ${reach}
         ON CONFLICT ON CONSTRAINT report_texts_version_uq DO NOTHING`,
        params,
      );
      if ((r.rowCount ?? 0) === 0) throw errors.staleVersion(version - 1);
    },

    /** Records spending against a budget line the actor reaches for budget.manage; other units' lines answer 404 (audited). */
    async addSpending(budgetLineId: string, input: { spentOn: string; amountDkk: number; description: string }): Promise<SpendingRow> {
      const params: unknown[] = [budgetLineId];
      const line = await tx.query<{ id: string; unit_id: string }>(
        `SELECT b.id, b.unit_id FROM budget_lines b WHERE b.id = $1 AND ${unitReachSql(s, s.reaches('budget.manage'), params, 'b')}`, params,
      );
      if (!line.rows[0]) s.refuse({ action: 'update', recordType: 'budget_line', recordId: budgetLineId });
      const r = await tx.query<SpendingRow>(
        `INSERT INTO spending_entries (unit_id, budget_line_id, spent_on, amount_dkk, description, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, budget_line_id, to_char(spent_on, 'YYYY-MM-DD') AS spent_on, amount_dkk::text, description, created_at`,
        [line.rows[0].unit_id, budgetLineId, input.spentOn, input.amountDkk, input.description, s.actor.id, s.now],
      );
      return r.rows[0]!;
    },
  };
});

// --- the indicator engine's queries --------------------------------------------------------------------------------
//
// Years are calendar years in Copenhagen time: a concern received at 23:30 on 31 December UTC+1 belongs to the next
// year. Every query is confined to the plan's unit explicitly: row-level security alone would also admit other units'
// cases the actor is a member of.

/** One line of the yearly report's prevention work: activities of a kind for a target group, and their attendances. */
export interface PreventionWorkRow { kind: string; targetGroup: string; activities: number; attendances: number }

interface Row {
  id: string;
  case_id: string | null;
  date: string | null;
  outcome: string | null;
  counted: boolean;
  weight: number;
}

const TZ = `'Europe/Copenhagen'`;
/** SQL for a local calendar date of a timestamptz column. */
const localDate = (col: string) => `to_char(${col} AT TIME ZONE ${TZ}, 'YYYY-MM-DD')`;
/** SQL predicate: timestamptz col within [$from, $to) local dates (params 2 and 3). */
const inYearTs = (col: string) => `${col} >= ($2::date::timestamp AT TIME ZONE ${TZ}) AND ${col} < ($3::date::timestamp AT TIME ZONE ${TZ})`;
/** SQL predicate: date col within [$from, $to). */
const inYearDate = (col: string) => `${col} >= $2::date AND ${col} < $3::date`;

type Params = Record<string, unknown>;

/**
 * One measure's records as SQL: `$1` unit, `$2`/`$3` the bounds of the period as `$2::date`/`$3::date` (always written
 * so: measureByYears rewrites them into each year's bounds), `$4...` the measure's parameters (`params`).
 */
interface MeasureSql { sql: string; params: unknown[] }
const q = (sql: string, params: unknown[] = []): MeasureSql => ({ sql, params });

const str = (p: Params, k: string): string | null => (typeof p[k] === 'string' ? (p[k] as string) : null);
const strs = (p: Params, k: string, fallback: readonly string[] | null): string[] | null =>
  Array.isArray(p[k]) ? (p[k] as string[]) : fallback ? [...fallback] : null;

/**
 * The 2020-21 plan's register measures (docs/domain.md, "Risk environments and networks", "The psychiatry pathway"),
 * in their own block. Later concerns from an environment: concerns received in the year naming the environment they
 * came from; with counting 'after_outreach' (default) one counts only when received after the first outreach activity linked to
 * that environment, the others are listed but not counted.
 */
const REGISTER_MEASURES = {
  concerns_from_environment: (p: Params) => q(
    `SELECT c.id, c.case_id, ${localDate('c.received_at')} AS date, e.name AS outcome,
            (NOT $5::boolean OR (o.first_on IS NOT NULL AND (c.received_at AT TIME ZONE ${TZ})::date > o.first_on)) AS counted, 1 AS weight
       FROM concerns c JOIN concern_environments ce ON ce.concern_id = c.id JOIN risk_environments e ON e.id = ce.environment_id
       LEFT JOIN LATERAL (SELECT min(a.held_on) AS first_on FROM activity_links l JOIN activities a ON a.id = l.activity_id
                           WHERE l.environment_id = ce.environment_id AND a.kind = 'outreach') o ON true
      WHERE c.unit_id = $1 AND ${inYearTs('c.received_at')} AND ($4::uuid IS NULL OR ce.environment_id = $4::uuid)
      ORDER BY c.received_at, c.id`,
    [str(p, 'environmentId'), str(p, 'counting') !== 'all']),
  psychiatry_consultations: (p: Params) => q(
    `SELECT pc.id, pc.case_id, to_char(pc.consulted_on, 'YYYY-MM-DD') AS date, pc.outcome, true AS counted, 1 AS weight
       FROM psychiatry_consultations pc
      WHERE pc.unit_id = $1 AND ${inYearDate('pc.consulted_on')} AND ($4::text IS NULL OR pc.outcome = $4)
      ORDER BY pc.consulted_on, pc.id`,
    [str(p, 'outcome')]),
};

/** SQL returning the records of one measure. `$1` unit, `$2`/`$3` the year's bounds, `$4...` measure parameters. */
const MEASURES: Record<MeasureCode, (p: Params, now: Date) => MeasureSql> = {
  // First offers only: a re-offer is the unit's second try and is measured by the re-offer shares. An offer still
  // pending has no answer yet and would pull the share down for no reason, so it waits until it is answered.
  offer_acceptance_rate: (p) => q(
    `SELECT o.id, o.case_id, ${localDate('o.offered_at')} AS date, o.response AS outcome, o.response = 'accepted' AS counted, 1 AS weight
       FROM offers o
      WHERE o.unit_id = $1 AND o.reoffer_of IS NULL AND o.response <> 'pending' AND ${inYearTs('o.offered_at')} AND o.type = ANY($4::text[])
      ORDER BY o.offered_at, o.id`,
    [strs(p, 'types', ['mentor', 'relative_coach'])]),
  reoffer_3m_share: (_p, now) => reoffer(3, now),
  reoffer_6m_share: (_p, now) => reoffer(6, now),
  // The population is explicit: every concern whose triage deadline fell in the year. A concern still untriaged when
  // its deadline has passed (on the injected clock) is late in that year; one whose deadline has not come yet waits.
  triage_in_time_share: (p, now) => q(
    `SELECT c.id, c.case_id, ${localDate('c.triage_deadline_at')} AS date,
            CASE WHEN c.triaged_at IS NULL THEN 'untriaged_late' WHEN c.handled_in_time THEN 'in_time' ELSE 'late' END AS outcome,
            (c.triaged_at IS NOT NULL AND coalesce(c.handled_in_time, false)) AS counted, 1 AS weight
       FROM concerns c
      WHERE c.unit_id = $1 AND ${inYearTs('c.triage_deadline_at')} AND (c.triaged_at IS NOT NULL OR c.triage_deadline_at < $5::timestamptz)
        AND ($4::text IS NULL OR c.severity = $4)
      ORDER BY c.triage_deadline_at, c.id`,
    [str(p, 'severity'), now]),
  progression_share: (p) => progression(p),
  // "Unknown" is an answer but not a success: the plan's target is people known to be in education or employment. A
  // follow-up due in the year that nobody answered is never dropped silently: by the indicator's stated rule it counts
  // as missed (default) or is left out; it is listed as 'unanswered' either way when it counts as missed.
  education_employment_12m_share: (p, now) => q(
    `SELECT f.id, f.case_id, to_char(f.due_on, 'YYYY-MM-DD') AS date, CASE WHEN f.answered_at IS NULL THEN 'unanswered' ELSE f.occupation END AS outcome,
            (f.answered_at IS NOT NULL AND coalesce(f.occupation IN ('education', 'employment'), false)) AS counted, 1 AS weight
       FROM follow_ups f JOIN offers o ON o.id = f.offer_id
      WHERE f.unit_id = $1 AND f.kind = 'twelve_months_after_offer' AND ${inYearDate('f.due_on')}
        AND ${answeredOrMissed('$5', '$6')} AND ($4::text[] IS NULL OR o.type = ANY($4::text[]))
      ORDER BY f.due_on, f.id`,
    [strs(p, 'types', null), unansweredRule(p), now]),
  not_at_risk_6m_share: (p, now) => q(
    `SELECT f.id, f.case_id, to_char(f.due_on, 'YYYY-MM-DD') AS date,
            CASE WHEN f.answered_at IS NULL THEN 'unanswered' WHEN f.still_at_risk THEN 'still_at_risk' ELSE 'not_at_risk' END AS outcome,
            (f.answered_at IS NOT NULL AND f.still_at_risk IS NOT DISTINCT FROM false) AS counted, 1 AS weight
       FROM follow_ups f JOIN courses co ON co.id = f.course_id
      WHERE f.unit_id = $1 AND f.kind = 'six_months_after_course' AND ${inYearDate('f.due_on')}
        AND ${answeredOrMissed('$5', '$6')} AND ($4::text IS NULL OR co.kind = $4)
      ORDER BY f.due_on, f.id`,
    [str(p, 'kind'), unansweredRule(p), now]),
  people_reached: (p) => activityRows(p, 'a.participants'),
  // A period measure: from 1 January of sinceYear ($7) to the end of the year, the same filters as people_reached.
  people_reached_cumulative: (p) => q(
    `SELECT a.id, NULL::uuid AS case_id, to_char(a.held_on, 'YYYY-MM-DD') AS date, a.kind AS outcome, true AS counted, a.participants AS weight
       FROM activities a
      WHERE a.unit_id = $1 AND $2::date IS NOT NULL -- the start of the year is no bound here, but the parameter needs its type
        AND a.held_on >= make_date($7::int, 1, 1) AND a.held_on < $3::date
        AND ($4::text IS NULL OR a.kind = $4) AND ($5::text IS NULL OR a.audience_sector = $5) AND ($6::text IS NULL OR a.target_group = $6)
      ORDER BY a.held_on, a.id`,
    [str(p, 'kind'), str(p, 'audienceSector'), str(p, 'targetGroup'), typeof p.sinceYear === 'number' ? p.sinceYear : 2000]),
  // The strategy's goals: each person with a case open at the year's end (created before it, not closed before it),
  // at the highest level in force then among their open cases (case_prevention_levels, migration 0342); counted
  // when that level is the indicator's. One record per person: the case that carries the level.
  persons_by_level_year_end: (p) => q(
    `SELECT DISTINCT ON (k.person_id) k.id, k.id AS case_id, to_char(($3::date - 1), 'YYYY-MM-DD') AS date, lv.prevention_level AS outcome,
            lv.prevention_level = $4 AS counted, 1 AS weight
       FROM cases k
       JOIN LATERAL (SELECT l.prevention_level FROM case_prevention_levels l
                      WHERE l.case_id = k.id AND l.valid_from < ($3::date::timestamp AT TIME ZONE ${TZ})
                      ORDER BY l.valid_from DESC, l.id DESC LIMIT 1) lv ON true
      WHERE k.unit_id = $1 AND $2::date IS NOT NULL -- a state at the year's end: only the end bound counts
        AND k.created_at < ($3::date::timestamp AT TIME ZONE ${TZ})
        AND (k.closed_at IS NULL OR k.closed_at >= ($3::date::timestamp AT TIME ZONE ${TZ}))
      ORDER BY k.person_id, CASE lv.prevention_level WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, k.created_at, k.id`,
    [str(p, 'level')]),
  survey_agreement_share: (p) => q(
    // Agreement questions: 4 agree, 5 strongly agree. Yes/no questions: 1 yes. Unanswered questions are left out.
    // The same rule as the prevention module's shareAgreeing (AGREEING_VALUES in src/shared/prevention.ts). A response
    // answers its own survey's questions, which are of the same unit; saying so lets the index on the unit's marked
    // questions lead (without it, every unit's questions with the key were tried against every response).
    `SELECT sr.id, NULL::uuid AS case_id, to_char(sr.answered_on, 'YYYY-MM-DD') AS date, sa.value::text AS outcome,
            CASE WHEN q.kind = 'yes_no' THEN sa.value = 1 ELSE sa.value >= 4 END AS counted, 1 AS weight
       FROM survey_answers sa JOIN survey_questions q ON q.id = sa.question_id JOIN survey_responses sr ON sr.id = sa.response_id
      WHERE sr.unit_id = $1 AND q.unit_id = $1 AND q.indicator_key = $4 AND sa.value IS NOT NULL AND ${inYearDate('sr.answered_on')}
      ORDER BY sr.answered_on, sr.id`,
    [str(p, 'indicatorKey')]),
  meetings_held: (p) => activityRows(p, '1'),
  professional_groups_reached: (p) => q(
    `SELECT a.id, NULL::uuid AS case_id, to_char(a.held_on, 'YYYY-MM-DD') AS date, a.audience_sector AS outcome, true AS counted, 1 AS weight
       FROM activities a
      WHERE a.unit_id = $1 AND ${inYearDate('a.held_on')} AND a.kind = $4 AND a.target_group = 'professionals'
        AND ($5::text[] IS NULL OR a.audience_sector = ANY($5::text[]))
      ORDER BY a.held_on, a.id`,
    // The groups the plan chose, when it named them: only those count (docs/domain.md).
    [str(p, 'kind') ?? 'awareness_talk', strs(p, 'groups', null)]),
  local_actors: () => q(
    // Members during the year who had signed the charter by its end: membership presupposes the charter.
    `SELECT m.id, NULL::uuid AS case_id, to_char(m.charter_signed_on, 'YYYY-MM-DD') AS date, m.kind AS outcome, true AS counted, 1 AS weight
       FROM forum_members m
      WHERE m.unit_id = $1 AND m.charter_signed_on IS NOT NULL AND m.charter_signed_on < $3::date AND m.joined_on < $3::date
        AND (m.left_on IS NULL OR m.left_on >= $2::date)
      ORDER BY m.joined_on, m.id`),
  concerns_received: () => q(
    `SELECT c.id, c.case_id, ${localDate('c.received_at')} AS date, c.status AS outcome, true AS counted, 1 AS weight
       FROM concerns c WHERE c.unit_id = $1 AND ${inYearTs('c.received_at')} ORDER BY c.received_at, c.id`),
  cases_opened: () => q(
    `SELECT k.id, k.id AS case_id, ${localDate('k.created_at')} AS date, k.status AS outcome, true AS counted, 1 AS weight
       FROM cases k WHERE k.unit_id = $1 AND ${inYearTs('k.created_at')} ORDER BY k.created_at, k.id`),
  courses_started: (p) => q(
    `SELECT co.id, co.case_id, to_char(co.started_on, 'YYYY-MM-DD') AS date, co.kind AS outcome, true AS counted, 1 AS weight
       FROM courses co WHERE co.unit_id = $1 AND ${inYearDate('co.started_on')} AND ($4::text IS NULL OR co.kind = $4)
      ORDER BY co.started_on, co.id`,
    [str(p, 'kind')]),
  // A decision recorded for the milestone in the year (date, who approved, document); an activity is not a decision.
  milestone: (p) => q(
    `SELECT d.id, NULL::uuid AS case_id, to_char(d.decided_on, 'YYYY-MM-DD') AS date, 'decided' AS outcome, true AS counted, 1 AS weight
       FROM milestone_decisions d
      WHERE d.unit_id = $1 AND d.milestone_key = $4 AND ${inYearDate('d.decided_on')}
      ORDER BY d.decided_on, d.id`,
    [str(p, 'milestoneKey')]),
  ...REGISTER_MEASURES,
};

/** The stated rule for an unanswered due follow-up (src/shared/indicators.ts UnansweredRule): missed unless excluded. */
function unansweredRule(p: Params): string {
  return str(p, 'unanswered') ?? 'missed';
}

/** SQL predicate: the follow-up was answered, or, under the rule 'missed', its due date has passed unanswered. */
function answeredOrMissed(rule: string, now: string): string {
  return `(f.answered_at IS NOT NULL OR (${rule}::text = 'missed' AND f.due_on < (${now}::timestamptz AT TIME ZONE ${TZ})::date))`;
}

/**
 * Activities held in the year with the optional filters kind, audienceSector, targetGroup: the same filters and sums
 * as the prevention module's peopleReached / activitiesHeld (tests/set-based-figures.int.test.ts holds them equal).
 */
function activityRows(p: Params, weight: string): MeasureSql {
  return q(
    `SELECT a.id, NULL::uuid AS case_id, to_char(a.held_on, 'YYYY-MM-DD') AS date, a.kind AS outcome, true AS counted, ${weight} AS weight
       FROM activities a
      WHERE a.unit_id = $1 AND ${inYearDate('a.held_on')}
        AND ($4::text IS NULL OR a.kind = $4) AND ($5::text IS NULL OR a.audience_sector = $5) AND ($6::text IS NULL OR a.target_group = $6)
      ORDER BY a.held_on, a.id`,
    [str(p, 'kind'), str(p, 'audienceSector'), str(p, 'targetGroup')]);
}

/**
 * First offers declined (or left unanswered: the same missed chance, see rules.ts) in the year, and whether a re-offer
 * of them was made within `months` of the answer. A late re-offer does not count. A decline whose window is still
 * open on the injected clock and has no re-offer yet is left out: it is neither met nor missed yet.
 */
function reoffer(months: number, now: Date): MeasureSql {
  return q(
    `SELECT o.id, o.case_id, ${localDate('o.responded_at')} AS date,
            CASE WHEN r.first_at IS NULL THEN 'not_reoffered'
                 WHEN r.first_at <= o.responded_at + make_interval(months => $5) THEN 'reoffered_in_time' ELSE 'reoffered_late' END AS outcome,
            coalesce(r.first_at <= o.responded_at + make_interval(months => $5), false) AS counted, 1 AS weight
       FROM offers o
       LEFT JOIN LATERAL (SELECT min(x.offered_at) AS first_at FROM offers x WHERE x.reoffer_of = o.id) r ON true
      WHERE o.unit_id = $1 AND o.reoffer_of IS NULL AND o.response = ANY($4::text[]) AND ${inYearTs('o.responded_at')}
        AND (r.first_at <= o.responded_at + make_interval(months => $5) OR o.responded_at + make_interval(months => $5) <= $6::timestamptz)
      ORDER BY o.responded_at, o.id`,
    [[...REOFFER_RESPONSES], months, now]);
}

/**
 * Progression on the national assessment tool: per course, the case's start assessment against the first later
 * six-month (or, when there is none, the end) assessment made on or after the course started. The course counts in
 * the year of that second assessment. The plans ask for fewer concern signs AND more resilience (risk and protective
 * factors), so both count: it progressed when the risk points lost plus the resource points gained, over the
 * dimensions known at both (unknown ratings are NULL and ignored), are more than zero. A course with no second
 * assessment yet, or with no dimension known at both, is left out: it has no result to count.
 *
 * With dimensions = 'relevant' (the plan measures the "relevante" factors), only the dimensions of the course's current
 * marking count (table course_dimension_marks, migration 0340; docs/domain.md, "Relevant dimensions of a course"); a
 * course with none marked has nothing to measure and is left out like one with no dimension known at both.
 *
 * A relative-coach course is measured on the coached relative, not the young person ("styrket relation og øget evne til
 * at håndtere konflikt med den unge"): the relative's start assessment on their own instrument against the first later
 * six-month (or else end) one (coach_assessments, migration 0341; docs/domain.md, "The coached relative's instrument").
 * Every item is a strength, so it progressed when the points gained over the items known at both are more than zero.
 */
function progression(p: Params): MeasureSql {
  return q(
    `SELECT co.id, co.case_id, to_char(l.assessed_on, 'YYYY-MM-DD') AS date,
            CASE WHEN g.gain > 0 THEN 'improved' ELSE 'not_improved' END AS outcome, g.gain > 0 AS counted, 1 AS weight
       FROM courses co
       JOIN assessments s ON s.case_id = co.case_id AND s.kind = 'start'
       JOIN LATERAL (SELECT a.id, a.kind, a.assessed_on FROM assessments a
                      WHERE a.case_id = co.case_id AND a.kind IN ('six_months', 'end') AND a.assessed_on > s.assessed_on AND a.assessed_on >= co.started_on
                      ORDER BY a.kind = 'six_months' DESC, a.assessed_on, a.id LIMIT 1) l ON true
       LEFT JOIN LATERAL (SELECT m.dimension_codes FROM course_dimension_marks m WHERE m.course_id = co.id ORDER BY m.version DESC LIMIT 1) rel ON true
       JOIN LATERAL (SELECT sum(lr.risk - sr.risk) AS risk_change, sum(lr.resources - sr.resources) AS resources_change
                       FROM assessment_ratings sr JOIN assessment_ratings lr ON lr.assessment_id = l.id AND lr.dimension_code = sr.dimension_code
                      WHERE sr.assessment_id = s.id AND ($5::text = 'all' OR sr.dimension_code = ANY(rel.dimension_codes))) d
         ON d.risk_change IS NOT NULL OR d.resources_change IS NOT NULL
       CROSS JOIN LATERAL (SELECT coalesce(d.resources_change, 0) - coalesce(d.risk_change, 0) AS gain) g
      WHERE co.unit_id = $1 AND co.kind <> 'relative_coach' AND ${inYearDate('l.assessed_on')} AND ($4::text IS NULL OR co.kind = $4)
     UNION ALL
     SELECT co.id, co.case_id, to_char(l.assessed_on, 'YYYY-MM-DD') AS date,
            CASE WHEN d.gain > 0 THEN 'improved' ELSE 'not_improved' END AS outcome, d.gain > 0 AS counted, 1 AS weight
       FROM courses co
       JOIN coach_assessments s ON s.course_id = co.id AND s.kind = 'start'
       JOIN LATERAL (SELECT a.id, a.assessed_on FROM coach_assessments a
                      WHERE a.course_id = co.id AND a.kind IN ('six_months', 'end') AND a.assessed_on > s.assessed_on
                      ORDER BY a.kind = 'six_months' DESC, a.assessed_on, a.id LIMIT 1) l ON true
       JOIN LATERAL (SELECT sum(lr.rating - sr.rating) AS gain
                       FROM coach_assessment_ratings sr JOIN coach_assessment_ratings lr ON lr.assessment_id = l.id AND lr.dimension_code = sr.dimension_code
                      WHERE sr.assessment_id = s.id) d ON d.gain IS NOT NULL
      WHERE co.unit_id = $1 AND co.kind = 'relative_coach' AND ${inYearDate('l.assessed_on')} AND ($4::text IS NULL OR co.kind = $4)
      ORDER BY date, id`,
    [str(p, 'kind'), str(p, 'dimensions') ?? 'all']);
}

/** The records behind a measure for a unit and year, for the drill-down. */
async function measureRecords(tx: Queryable, unitId: string, measure: MeasureCode, params: Params, year: number, now: Date): Promise<MeasureRecord[]> {
  const m = MEASURES[measure](params, now);
  const list = await tx.query<Row>(m.sql, [unitId, `${year}-01-01`, `${year + 1}-01-01`, ...m.params]);
  return list.rows.map((r) => ({
    recordType: RECORD_TYPES[measure], id: r.id, caseId: r.case_id, date: r.date, outcome: r.outcome, counted: r.counted, weight: Number(r.weight),
  }));
}

/**
 * A measure for a unit and each year fromYear..toYear, exact, in ONE statement: the measure's record query runs once
 * per year (a lateral join on the years, the period bounds rewritten into that year's) and is aggregated in SQL
 * (figureFromAggregate: the same figure figureFromRecords gives from the records). With `withIds` each year carries
 * its record ids too. Params must already be valid for the measure (validated when the indicator was created).
 */
async function measureByYears(
  tx: Queryable, unitId: string, measure: MeasureCode, params: Params, fromYear: number, toYear: number, now: Date, withIds = false,
): Promise<Map<number, IndicatorValue>> {
  const st = measureByYearsStatement(unitId, measure, params, fromYear, toYear, now, withIds);
  const r = await tx.query<MeasureAggregate & { year: number; ids?: string[] }>(st.sql, st.params);
  return new Map(r.rows.map((a) => {
    const v = figureFromAggregate(measure, a);
    return [a.year, withIds ? { ...v, recordIds: a.ids ?? [] } : v];
  }));
}

/**
 * Several measures for a unit and each year fromYear..toYear, exact, in ONE statement (indicatorsByYearsStatement).
 * Returns one map per measure, in the order given.
 */
async function indicatorsByYears(
  tx: Queryable, unitId: string, indicators: readonly { measure: MeasureCode; params: Params }[], fromYear: number, toYear: number, now: Date,
): Promise<Map<number, IndicatorValue>[]> {
  if (indicators.length === 0) return [];
  const st = indicatorsByYearsStatement(unitId, indicators, fromYear, toYear, now);
  // Named by its text: a plan's figures are one shape, planned once per connection instead of on every look.
  const r = await tx.query<MeasureAggregate & { ind: number; year: number }>(named('vink_figures', st.sql), st.params);
  const out = indicators.map(() => new Map<number, IndicatorValue>());
  for (const a of r.rows) out[a.ind]!.set(a.year, figureFromAggregate(indicators[a.ind]!.measure, a));
  return out;
}

/**
 * measureByYearsStatement of each measure, their parameters renumbered, UNION ALL, ordered by measure and year (also
 * the database baseline of bench/national.ts).
 */
export function indicatorsByYearsStatement(
  unitId: string, indicators: readonly { measure: MeasureCode; params: Params }[], fromYear: number, toYear: number, now: Date,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = indicators.map((ind, i) => {
    const st = measureByYearsStatement(unitId, ind.measure, ind.params, fromYear, toYear, now);
    const offset = params.length;
    params.push(...st.params);
    // The statements hold no dollar quoting, so every $n is a parameter.
    return `SELECT ${i}::int AS ind, f.* FROM (${st.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`)}) f`;
  });
  return { sql: `${parts.join('\nUNION ALL\n')}\nORDER BY ind, year`, params };
}

/** The one statement of measureByYears (also the database baseline of bench/national.ts: the same SQL without the app). */
export function measureByYearsStatement(
  unitId: string, measure: MeasureCode, params: Params, fromYear: number, toYear: number, now: Date, withIds = false,
): { sql: string; params: unknown[] } {
  const m = MEASURES[measure](params, now);
  const perYear = m.sql.replaceAll('$2::date', '(make_date(y.year, 1, 1))').replaceAll('$3::date', '(make_date(y.year + 1, 1, 1))');
  // Construction: every use of the period bounds must have been rewritten, else a year would see the wrong period.
  if (/\$[23](?!\d)/.test(perYear)) throw new Error(`measure ${measure}: period bounds must be written $2::date / $3::date`);
  return {
    sql: `SELECT y.year, count(r.id)::int AS n, (count(r.id) FILTER (WHERE r.counted))::int AS counted,
            coalesce(sum(r.weight) FILTER (WHERE r.counted), 0)::int AS weighted, count(DISTINCT r.outcome)::int AS outcomes
            ${withIds ? `, coalesce(array_agg(r.id::text) FILTER (WHERE r.id IS NOT NULL), '{}') AS ids` : ''}
       FROM generate_series($2::int, $3::int) AS y(year)
       LEFT JOIN LATERAL (${perYear}) r ON true
      GROUP BY y.year ORDER BY y.year`,
    params: [unitId, fromYear, toYear, ...m.params],
  };
}

/** One measure for a unit and a year, exact, with its record ids: `{ value, numerator?, denominator?, recordIds }`. */
async function exactMeasure(tx: Queryable, s: Scope, unitId: string, measure: MeasureCode, params: Params, year: number): Promise<IndicatorValue> {
  return (await measureByYears(tx, unitId, measure, params, year, year, s.now, true)).get(year)!;
}

// --- the caseload statistics' queries ------------------------------------------------------------------------------

/** SQL for a concern's group key (alias c for concerns, p for persons). Age band at the concern's received date. */
function concernGroup(groupBy: CaseloadGroupBy): string {
  const received = `(c.received_at AT TIME ZONE ${TZ})::date`;
  switch (groupBy) {
    case 'year': return `extract(year from c.received_at AT TIME ZONE ${TZ})::int::text`;
    case 'ideology': return 'c.ideology_area';
    case 'gender': return 'p.gender';
    case 'channel': return 'c.channel';
    case 'district': return `coalesce(nullif(trim(p.district), ''), 'unknown')`;
    case 'ageBand': {
      const age = `extract(year from age(${received}, p.birth_date))`;
      // An anonymised concern keeps the band it had at receipt (migration 0210, docs/retention.md).
      return `CASE WHEN c.kept_age_band IS NOT NULL THEN c.kept_age_band
                   WHEN p.birth_date IS NULL OR p.birth_date > ${received} THEN 'unknown'
                   WHEN ${age} < 15 THEN 'under_15' WHEN ${age} < 18 THEN '15_17' WHEN ${age} < 25 THEN '18_24'
                   WHEN ${age} < 35 THEN '25_34' ELSE '35_plus' END`;
    }
  }
}

/**
 * Raw caseload counts for unitId between from and to (inclusive local dates), in two statements (concerns, calls);
 * with `byYear` grouped by calendar year too, each year assembled on its own (statistics.ts) over that year. Rows
 * ordered, plus the total.
 */
async function caseloadCounts(
  tx: Queryable, unitId: string, from: string, to: string, groupBy: CaseloadGroupBy, byYear: boolean,
): Promise<{ year: number; rows: RawCaseloadRow[]; total: RawCaseloadRow }[]> {
  const [concernsSql, callsSql] = caseloadStatements(groupBy, byYear);
  const concerns = await tx.query<ConcernGroupCounts & { y: number }>(concernsSql, [unitId, from, to]);
  const calls = await tx.query<{ y: number; g: string; n: number }>(callsSql, [unitId, from, to]);
  if (!byYear) return [{ year: 0, ...assembleCaseload(groupBy, from, to, concerns.rows, calls.rows) }];
  const out = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const yFrom = y === Number(from.slice(0, 4)) ? from : `${y}-01-01`;
    const yTo = y === Number(to.slice(0, 4)) ? to : `${y}-12-31`;
    out.push({ year: y, ...assembleCaseload(groupBy, yFrom, yTo, concerns.rows.filter((r) => r.y === y), calls.rows.filter((r) => r.y === y)) });
  }
  return out;
}

/**
 * The two statements of a caseload table (`$1` unit, `$2`/`$3` first and last local date): concern counts and call
 * counts by group (and by year with byYear). Also the database baseline of bench/national.ts.
 */
export function caseloadStatements(groupBy: CaseloadGroupBy, byYear: boolean): [string, string] {
  const period = (col: string) => `${col} >= ($2::date::timestamp AT TIME ZONE ${TZ}) AND ${col} < (($3::date + 1)::timestamp AT TIME ZONE ${TZ})`;
  const yearOf = (col: string) => (byYear ? `extract(year from ${col} AT TIME ZONE ${TZ})::int` : '0');
  return [
    `SELECT ${yearOf('c.received_at')} AS y, ${concernGroup(groupBy)} AS g, count(*)::int AS concerns,
            count(*) FILTER (WHERE c.status = 'justified')::int AS justified,
            count(*) FILTER (WHERE c.status = 'justified' AND EXISTS (
              SELECT 1 FROM offers o WHERE o.case_id = c.case_id AND o.unit_id = c.unit_id AND o.offered_at >= c.received_at))::int AS offered,
            count(*) FILTER (WHERE c.status = 'justified' AND EXISTS (
              SELECT 1 FROM offers o WHERE o.case_id = c.case_id AND o.unit_id = c.unit_id AND o.offered_at >= c.received_at AND o.response = 'accepted'))::int AS accepted,
            count(*) FILTER (WHERE c.status = 'justified' AND EXISTS (
              SELECT 1 FROM courses co WHERE co.case_id = c.case_id AND co.unit_id = c.unit_id
                AND co.started_on >= (c.received_at AT TIME ZONE ${TZ})::date))::int AS courses
       FROM concerns c JOIN persons p ON p.id = c.person_id
      WHERE c.unit_id = $1 AND ${period('c.received_at')}
      GROUP BY 1, 2`,
    `SELECT ${yearOf('a.received_at')} AS y, ${callGroup(groupBy)} AS g, count(*)::int AS n FROM calls a WHERE a.unit_id = $1 AND ${period('a.received_at')} GROUP BY 1, 2`,
  ];
}

function callGroup(groupBy: CaseloadGroupBy): string {
  return groupBy === 'year' ? `extract(year from a.received_at AT TIME ZONE ${TZ})::int::text` : groupBy === 'ideology' ? 'a.ideology_area' : `'all'`;
}

// --- figures as the actor may see them ------------------------------------------------------------------------------

/** One indicator's figure for one year as published to the actor, and whether that year had any recorded work. */
export interface YearFigure {
  year: number;
  figure: Figure;
  hasData: boolean;
}

/** The four caseload tables of the yearly report. */
export interface ReportCaseload {
  byIdeology: CaseloadTable;
  byAgeBand: CaseloadTable;
  byGender: CaseloadTable;
  byChannel: CaseloadTable;
}

type IndicatorOf = Pick<LoadedIndicator, 'id' | 'measure' | 'params'>;

/**
 * The figures of plans and the caseload statistics. Whether the actor sees exact counts is decided here once
 * (policy.ts: only roles with the drill-down do), and every figure and table leaves already published accordingly
 * (suppression.ts), so no caller can hand exact small counts to an analyst.
 */
export const statisticsRepo = repository((tx: Queryable, s: Scope) => {
  const exact = seesExactCounts(s);
  /** Refuses (audited 404) unless the actor reaches unitId's records for action. */
  const requireUnit = (action: Action, unitId: string, entry: Omit<AuditEntry, 'outcome'>): void => {
    if (!reachesUnit(s, action, unitId)) s.refuse(entry);
  };
  /** Indicators' figures for the years fromYear..toYear as published to the actor: one statement for all of them. */
  const published = async (unitId: string, indicators: readonly IndicatorOf[], fromYear: number, toYear: number): Promise<Map<string, YearFigure[]>> => {
    const values = await indicatorsByYears(tx, unitId, indicators, fromYear, toYear, s.now);
    return new Map(indicators.map((ind, i) => [ind.id, [...values[i]!].map(([year, v]) => ({
      year, figure: publishFigure(v, INDICATORS[ind.measure].source === 'cases', exact), hasData: hasData(v),
    }))]));
  };
  /**
   * A caseload table as the actor may see it. Exact actors get the period counted in one go; everyone else gets each
   * calendar year counted and published on its own, then added up from the published cells only (suppression.ts,
   * rule 3: no subtraction of overlapping ranges gives a hidden cell back).
   */
  const caseloadTable = async (unitId: string, input: CaseloadInput): Promise<CaseloadTable> => {
    let table: Pick<CaseloadTable, 'rows' | 'total'>;
    if (exact) {
      const [raw] = await caseloadCounts(tx, unitId, input.from, input.to, input.groupBy, false);
      table = publishCaseload(raw!.rows, raw!.total, true);
    } else {
      if (!input.from.endsWith('-01-01') || !input.to.endsWith('-12-31')) throw new Error('aggregate statistics cover whole calendar years only');
      const years = await caseloadCounts(tx, unitId, input.from, input.to, input.groupBy, true);
      table = publishCaseloadOverYears(years, groupOrder(input.groupBy, input.from, input.to));
    }
    return { from: input.from, to: input.to, groupBy: input.groupBy, exactCounts: exact, callsByGroup: callsByGroup(input.groupBy), ...table };
  };
  return {
    /** Whether the figures this repository publishes to the actor are exact (else small counts are suppressed). */
    exactCounts: exact,

    /**
     * Each indicator's figures for the years fromYear..toYear of a plan the actor reached for plan.read. The figures
     * are computed from case records, so the look is audited as one search of the plan's dashboard for `year`.
     */
    async dashboard(plan: PlanRow, indicators: readonly IndicatorOf[], fromYear: number, toYear: number, year: number): Promise<Map<string, YearFigure[]>> {
      requireUnit('plan.read', plan.unit_id, { action: 'search', recordType: 'action_plan', recordId: plan.id });
      const out = new Map<string, YearFigure[]>();
      for (const [id, years] of await published(plan.unit_id, indicators, fromYear, toYear)) out.set(id, years);
      s.audit({ action: 'search', recordType: 'plan_dashboard', recordId: plan.id, criterion: `year=${year}` });
      return out;
    },

    /**
     * The yearly report's figures for a plan the actor reached for report.export: each indicator's figure for the
     * year and the caseload tables by ideology, age band, gender and channel. Not audited here: the report is one
     * export, audited by the reports module's repository that collects it (reports/repo.ts).
     */
    async yearReport(plan: PlanRow, indicators: readonly IndicatorOf[], year: number): Promise<{ figures: Map<string, Figure>; caseload: ReportCaseload; prevention: PreventionWorkRow[] }> {
      requireUnit('report.export', plan.unit_id, { action: 'export', recordType: 'action_plan', recordId: plan.id });
      const figures = new Map<string, Figure>();
      for (const [id, years] of await published(plan.unit_id, indicators, year, year)) figures.set(id, years[0]!.figure);
      const period = { from: `${year}-01-01`, to: `${year}-12-31` };
      return {
        figures,
        caseload: {
          byIdeology: await caseloadTable(plan.unit_id, { ...period, groupBy: 'ideology' }),
          byAgeBand: await caseloadTable(plan.unit_id, { ...period, groupBy: 'ageBand' }),
          byGender: await caseloadTable(plan.unit_id, { ...period, groupBy: 'gender' }),
          byChannel: await caseloadTable(plan.unit_id, { ...period, groupBy: 'channel' }),
        },
        // Prevention work by kind and target group: activities and their attendances (participants summed).
        prevention: (await tx.query<PreventionWorkRow>(
          `SELECT a.kind, a.target_group AS "targetGroup", count(*)::int AS activities, coalesce(sum(a.participants), 0)::int AS attendances
             FROM activities a WHERE a.unit_id = $1 AND a.held_on >= $2::date AND a.held_on < $3::date
            GROUP BY a.kind, a.target_group ORDER BY a.kind, a.target_group`, [plan.unit_id, `${year}-01-01`, `${year + 1}-01-01`])).rows,
      };
    },

    /**
     * The records behind one indicator's figure for a year, with the exact figure: only for actors who reach the
     * plan's unit for statistics.drilldown (they may see those records anyway). It lists case records, so it is
     * audited as one search.
     */
    async indicatorRecords(plan: PlanRow, ind: IndicatorOf, year: number): Promise<{ figure: Figure; records: MeasureRecord[] }> {
      requireUnit('statistics.drilldown', plan.unit_id, { action: 'search', recordType: 'action_plan', recordId: plan.id });
      const records = await measureRecords(tx, plan.unit_id, ind.measure, ind.params, year, s.now);
      const v = figureFromRecords(ind.measure, records);
      s.audit({ action: 'search', recordType: 'plan_indicator', recordId: ind.id, criterion: `records ${ind.measure} year=${year}` });
      return { figure: publishFigure(v, false, true), records };
    },

    /**
     * The caseload funnel for the actor's unit (statistics.read), grouped. Actors without exact counts (analysts) get
     * small counts suppressed, only whole calendar years, and ranges of years as sums of the years' published cells,
     * so overlapping ranges cannot be subtracted from each other to give a hidden cell back (suppression.ts, rule 3).
     * Audited as one search.
     */
    async caseload(input: CaseloadInput): Promise<CaseloadTable> {
      s.requireRole('statistics.read', { action: 'search', recordType: 'statistics', criterion: `caseload by ${input.groupBy}` });
      if (!exact && (!input.from.endsWith('-01-01') || !input.to.endsWith('-12-31'))) {
        throw errors.invalidField(input.from.endsWith('-01-01') ? 'to' : 'from', 'must span whole calendar years (1 January to 31 December) for aggregate statistics');
      }
      const table = await caseloadTable(s.actor.unitId, input);
      s.audit({ action: 'search', recordType: 'statistics', criterion: `caseload ${input.from}..${input.to} by ${input.groupBy}` });
      return table;
    },

    /**
     * One measure for a unit the actor reaches for plan.read and a year. Exact (with its record ids) for actors who
     * see exact counts; otherwise a measure counted from case records comes without record ids, and withheld
     * (value null) when suppression.ts would suppress it.
     */
    async measure(unitId: string, measure: MeasureCode, params: Params, year: number): Promise<IndicatorValue> {
      requireUnit('plan.read', unitId, { action: 'search', recordType: 'statistics', criterion: `measure ${measure} year=${year}` });
      const v = await exactMeasure(tx, s, unitId, measure, params, year);
      if (exact || INDICATORS[measure].source !== 'cases') return v;
      if (publishFigure(v, true, false).suppressed) return { value: null };
      const { recordIds: _ids, ...figures } = v;
      return figures;
    },
  };
});

// --- reference plans ----------------------------------------------------------------------------------------------

/** The installer of VINK's reference plans (reference.ts), on the system path (CLI, demo loader). */
export const referencePlanRepo = systemRepository((tx: Queryable, s: SystemScope) => ({
  /**
   * Installs the reference plans with their tracks, indicators, targets and budget lines in a unit. Idempotent: a
   * plan whose reference_key the unit already has is left as it is (and a concurrent install loses the unique-key
   * race quietly). Plans hold no personal data: not audited. Returns the keys it installed.
   */
  async install(unitId: string): Promise<string[]> {
    const installed: string[] = [];
    for (const plan of REFERENCE_PLANS) {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO action_plans (unit_id, name, first_year, last_year, reference_key, created_at, status, committee, approved_on)
         VALUES ($1, $2, $3, $4, $5, $6, 'approved', $7, $8)
         ON CONFLICT ON CONSTRAINT action_plans_reference_uq DO NOTHING RETURNING id`,
        [unitId, plan.name, plan.firstYear, plan.lastYear, plan.key, s.now, plan.committee, plan.approvedOn],
      );
      const planId = r.rows[0]?.id;
      if (!planId) continue;
      const trackIds: string[] = [];
      for (const [i, track] of plan.tracks.entries()) {
        const { name, kind, purpose } = typeof track === 'string' ? { name: track, kind: 'track', purpose: null } : track;
        const t = await tx.query<{ id: string }>('INSERT INTO plan_tracks (plan_id, unit_id, position, name, kind, purpose) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
          planId, unitId, i + 1, name, kind, purpose,
        ]);
        trackIds.push(t.rows[0]!.id);
      }
      const track = (n: number | null) => (n === null ? null : trackIds[n - 1]!);
      for (const [i, ind] of plan.indicators.entries()) {
        // Reference data goes through the same catalogue check as a plan made through the API.
        INDICATORS[ind.measure].params.parse(ind.params);
        const row = await tx.query<{ id: string }>(
          `INSERT INTO plan_indicators (plan_id, unit_id, track_id, position, measure, params, label_da, label_en) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING id`,
          [planId, unitId, track(ind.track), i + 1, ind.measure, JSON.stringify(ind.params), ind.labelDa, ind.labelEn],
        );
        for (const t of ind.targets) {
          await tx.query('INSERT INTO plan_targets (indicator_id, unit_id, year, comparison, target) VALUES ($1, $2, $3, $4, $5)', [row.rows[0]!.id, unitId, t.year, t.comparison, t.target]);
        }
      }
      for (const b of plan.budget) {
        await tx.query('INSERT INTO budget_lines (plan_id, unit_id, track_id, year, funding_source, amount_dkk, label, kind, fte) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
          planId, unitId, track(b.track), b.year, b.fundingSource, b.amountDkk, b.label, b.fte ? 'staffing' : 'money', b.fte ?? null,
        ]);
      }
      installed.push(plan.key);
    }
    return installed;
  },
}));
