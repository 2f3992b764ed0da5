import type { Queryable } from '../../platform/db.ts';
import { REOFFER_RESPONSES } from '../../../shared/rules.ts';
import { assessmentProgression } from '../../../shared/assessments.ts';
import { INDICATORS, type IndicatorValue, type MeasureCode } from '../../../shared/indicators.ts';
import { activitiesHeld, peopleReached, shareAgreeing, type ActivityFilter } from '../prevention/index.ts';

/**
 * The indicator engine: each measure of the catalogue (src/shared/indicators.ts) computed for one unit and one
 * calendar year from the recorded work. Nothing here is typed in by hand; the figures are the records.
 *
 * Every measure is written as the list of records behind it (the drill-down shows exactly these), each marked whether
 * it counts; the figure is then derived from that list, so the number and its records can never disagree. Years are
 * calendar years in Copenhagen time: a concern received at 23:30 on 31 December UTC+1 belongs to the next year.
 *
 * Runs in the caller's transaction: under a Scope the actor's row-level security applies as well, and every query
 * is confined to the plan's unit explicitly (RLS alone would also admit other units' cases the actor is a member of).
 */

/** One record behind a figure. weight: what it adds to a count (participants for people reached, else 1). */
export interface MeasureRecord {
  recordType: 'offer' | 'concern' | 'course' | 'follow_up' | 'case' | 'activity' | 'survey_answer' | 'forum_member';
  id: string;
  caseId: string | null;
  date: string | null;
  outcome: string | null;
  counted: boolean;
  weight: number;
}

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
type Ctx = { tx: Queryable; unitId: string; year: number; now: Date; params: Params };

async function rows(c: Ctx, sql: string, extra: unknown[] = []): Promise<Row[]> {
  const r = await c.tx.query<Row>(sql, [c.unitId, `${c.year}-01-01`, `${c.year + 1}-01-01`, ...extra]);
  return r.rows;
}

const str = (p: Params, k: string): string | null => (typeof p[k] === 'string' ? (p[k] as string) : null);
const strs = (p: Params, k: string, fallback: readonly string[] | null): string[] | null =>
  Array.isArray(p[k]) ? (p[k] as string[]) : fallback ? [...fallback] : null;

/** SQL returning the records of one measure. `$1` unit, `$2`/`$3` the year's bounds, `$4...` measure parameters. */
const MEASURES: Record<MeasureCode, (c: Ctx) => Promise<Row[]>> = {
  // First offers only: a re-offer is the unit's second try and is measured by the re-offer shares. An offer still
  // pending has no answer yet and would pull the share down for no reason, so it waits until it is answered.
  offer_acceptance_rate: (c) => rows(c,
    `SELECT o.id, o.case_id, ${localDate('o.offered_at')} AS date, o.response AS outcome, o.response = 'accepted' AS counted, 1 AS weight
       FROM offers o
      WHERE o.unit_id = $1 AND o.reoffer_of IS NULL AND o.response <> 'pending' AND ${inYearTs('o.offered_at')} AND o.type = ANY($4::text[])
      ORDER BY o.offered_at, o.id`,
    [strs(c.params, 'types', ['mentor', 'relative_coach'])]),
  reoffer_3m_share: (c) => reoffer(c, 3),
  reoffer_6m_share: (c) => reoffer(c, 6),
  triage_in_time_share: (c) => {
    const severity = str(c.params, 'severity');
    return rows(c,
      `SELECT c.id, c.case_id, ${localDate('c.triaged_at')} AS date,
              CASE WHEN c.handled_in_time THEN 'in_time' ELSE 'late' END AS outcome, coalesce(c.handled_in_time, false) AS counted, 1 AS weight
         FROM concerns c
        WHERE c.unit_id = $1 AND c.triaged_at IS NOT NULL AND ${inYearTs('c.triaged_at')} AND ($4::text IS NULL OR c.severity = $4)
        ORDER BY c.triaged_at, c.id`,
      [severity]);
  },
  progression_share: progression,
  // "Unknown" is an answer but not a success: the plan's target is people known to be in education or employment.
  education_employment_12m_share: (c) => rows(c,
    `SELECT f.id, f.case_id, to_char(f.due_on, 'YYYY-MM-DD') AS date, f.occupation AS outcome,
            f.occupation IN ('education', 'employment') AS counted, 1 AS weight
       FROM follow_ups f JOIN offers o ON o.id = f.offer_id
      WHERE f.unit_id = $1 AND f.kind = 'twelve_months_after_offer' AND f.answered_at IS NOT NULL AND ${inYearDate('f.due_on')}
        AND ($4::text[] IS NULL OR o.type = ANY($4::text[]))
      ORDER BY f.due_on, f.id`,
    [strs(c.params, 'types', null)]),
  not_at_risk_6m_share: (c) => rows(c,
    `SELECT f.id, f.case_id, ${localDate('f.answered_at')} AS date,
            CASE WHEN f.still_at_risk THEN 'still_at_risk' ELSE 'not_at_risk' END AS outcome, f.still_at_risk = false AS counted, 1 AS weight
       FROM follow_ups f JOIN courses co ON co.id = f.course_id
      WHERE f.unit_id = $1 AND f.kind = 'six_months_after_course' AND f.answered_at IS NOT NULL AND ${inYearTs('f.answered_at')}
        AND ($4::text IS NULL OR co.kind = $4)
      ORDER BY f.answered_at, f.id`,
    [str(c.params, 'kind')]),
  people_reached: (c) => activityRows(c, 'a.participants'),
  survey_agreement_share: (c) => rows(c,
    // Agreement questions: 4 agree, 5 strongly agree. Yes/no questions: 1 yes. Unanswered questions are left out.
    `SELECT sr.id, NULL::uuid AS case_id, to_char(sr.answered_on, 'YYYY-MM-DD') AS date, sa.value::text AS outcome,
            CASE WHEN q.kind = 'yes_no' THEN sa.value = 1 ELSE sa.value >= 4 END AS counted, 1 AS weight
       FROM survey_answers sa JOIN survey_questions q ON q.id = sa.question_id JOIN survey_responses sr ON sr.id = sa.response_id
      WHERE sa.unit_id = $1 AND q.indicator_key = $4 AND sa.value IS NOT NULL AND ${inYearDate('sr.answered_on')}
      ORDER BY sr.answered_on, sr.id`,
    [str(c.params, 'indicatorKey')]),
  meetings_held: (c) => activityRows(c, '1'),
  professional_groups_reached: (c) => rows(c,
    `SELECT a.id, NULL::uuid AS case_id, to_char(a.held_on, 'YYYY-MM-DD') AS date, a.audience_sector AS outcome, true AS counted, 1 AS weight
       FROM activities a
      WHERE a.unit_id = $1 AND ${inYearDate('a.held_on')} AND a.kind = $4 AND a.target_group = 'professionals'
      ORDER BY a.held_on, a.id`,
    [str(c.params, 'kind') ?? 'awareness_talk']),
  local_actors: (c) => rows(c,
    // Members during the year who had signed the charter by its end: membership presupposes the charter.
    `SELECT m.id, NULL::uuid AS case_id, to_char(m.charter_signed_on, 'YYYY-MM-DD') AS date, m.kind AS outcome, true AS counted, 1 AS weight
       FROM forum_members m
      WHERE m.unit_id = $1 AND m.charter_signed_on IS NOT NULL AND m.charter_signed_on < $3::date AND m.joined_on < $3::date
        AND (m.left_on IS NULL OR m.left_on >= $2::date)
      ORDER BY m.joined_on, m.id`),
  concerns_received: (c) => rows(c,
    `SELECT c.id, c.case_id, ${localDate('c.received_at')} AS date, c.status AS outcome, true AS counted, 1 AS weight
       FROM concerns c WHERE c.unit_id = $1 AND ${inYearTs('c.received_at')} ORDER BY c.received_at, c.id`),
  cases_opened: (c) => rows(c,
    `SELECT k.id, k.id AS case_id, ${localDate('k.created_at')} AS date, k.status AS outcome, true AS counted, 1 AS weight
       FROM cases k WHERE k.unit_id = $1 AND ${inYearTs('k.created_at')} ORDER BY k.created_at, k.id`),
  courses_started: (c) => rows(c,
    `SELECT co.id, co.case_id, to_char(co.started_on, 'YYYY-MM-DD') AS date, co.kind AS outcome, true AS counted, 1 AS weight
       FROM courses co WHERE co.unit_id = $1 AND ${inYearDate('co.started_on')} AND ($4::text IS NULL OR co.kind = $4)
      ORDER BY co.started_on, co.id`,
    [str(c.params, 'kind')]),
  milestone: (c) => activityRows(c, '1'),
};

/**
 * Activities held in the year with the optional filters kind, audienceSector, targetGroup: the records behind the
 * prevention module's peopleReached / activitiesHeld figures (same filters), listed for the drill-down.
 */
function activityRows(c: Ctx, weight: string): Promise<Row[]> {
  return rows(c,
    `SELECT a.id, NULL::uuid AS case_id, to_char(a.held_on, 'YYYY-MM-DD') AS date, a.kind AS outcome, true AS counted, ${weight} AS weight
       FROM activities a
      WHERE a.unit_id = $1 AND ${inYearDate('a.held_on')}
        AND ($4::text IS NULL OR a.kind = $4) AND ($5::text IS NULL OR a.audience_sector = $5) AND ($6::text IS NULL OR a.target_group = $6)
      ORDER BY a.held_on, a.id`,
    [str(c.params, 'kind'), str(c.params, 'audienceSector'), str(c.params, 'targetGroup')]);
}

/**
 * First offers declined (or left unanswered: the same missed chance, see rules.ts) in the year, and whether a re-offer
 * of them was made within `months` of the answer. A late re-offer does not count. A decline whose window is still
 * open on the injected clock and has no re-offer yet is left out: it is neither met nor missed yet.
 */
function reoffer(c: Ctx, months: number): Promise<Row[]> {
  return rows(c,
    `SELECT o.id, o.case_id, ${localDate('o.responded_at')} AS date,
            CASE WHEN r.first_at IS NULL THEN 'not_reoffered'
                 WHEN r.first_at <= o.responded_at + make_interval(months => $5) THEN 'reoffered_in_time' ELSE 'reoffered_late' END AS outcome,
            coalesce(r.first_at <= o.responded_at + make_interval(months => $5), false) AS counted, 1 AS weight
       FROM offers o
       LEFT JOIN LATERAL (SELECT min(x.offered_at) AS first_at FROM offers x WHERE x.reoffer_of = o.id) r ON true
      WHERE o.unit_id = $1 AND o.reoffer_of IS NULL AND o.response = ANY($4::text[]) AND ${inYearTs('o.responded_at')}
        AND (r.first_at <= o.responded_at + make_interval(months => $5) OR o.responded_at + make_interval(months => $5) <= $6::timestamptz)
      ORDER BY o.responded_at, o.id`,
    [[...REOFFER_RESPONSES], months, c.now]);
}

/**
 * Progression on the national assessment tool: per course, the case's start assessment against the first later
 * six-month assessment (or, when there is none, the end assessment) made on or after the course started. The course
 * counts in the year of that second assessment; it progressed when the mean risk change over the dimensions known at
 * both (shared/assessments.ts; unknown ratings are NULL and ignored) is negative. A course with no second assessment
 * yet, or with no dimension known at both, is left out: it has no result to count.
 */
async function progression(c: Ctx): Promise<Row[]> {
  const pairs = await c.tx.query<{ id: string; case_id: string; start_id: string; start_on: string; later_id: string; later_kind: 'six_months' | 'end'; later_on: string }>(
    `SELECT co.id, co.case_id, s.id AS start_id, to_char(s.assessed_on, 'YYYY-MM-DD') AS start_on,
            l.id AS later_id, l.kind AS later_kind, to_char(l.assessed_on, 'YYYY-MM-DD') AS later_on
       FROM courses co
       JOIN assessments s ON s.case_id = co.case_id AND s.kind = 'start'
       JOIN LATERAL (SELECT a.id, a.kind, a.assessed_on FROM assessments a
                      WHERE a.case_id = co.case_id AND a.kind IN ('six_months', 'end') AND a.assessed_on > s.assessed_on AND a.assessed_on >= co.started_on
                      ORDER BY a.kind = 'six_months' DESC, a.assessed_on, a.id LIMIT 1) l ON true
      WHERE co.unit_id = $1 AND ${inYearDate('l.assessed_on')} AND ($4::text IS NULL OR co.kind = $4)
      ORDER BY l.assessed_on, co.id`,
    [c.unitId, `${c.year}-01-01`, `${c.year + 1}-01-01`, str(c.params, 'kind')],
  );
  if (pairs.rows.length === 0) return [];
  const ids = [...new Set(pairs.rows.flatMap((p) => [p.start_id, p.later_id]))];
  const ratings = await c.tx.query<{ assessment_id: string; dimension_code: string; risk: number | null; resources: number | null }>(
    'SELECT assessment_id, dimension_code, risk, resources FROM assessment_ratings WHERE assessment_id = ANY($1::uuid[])', [ids],
  );
  const byAssessment = new Map<string, { dimension: string; risk: number | null; resources: number | null }[]>();
  for (const r of ratings.rows) {
    const list = byAssessment.get(r.assessment_id) ?? [];
    list.push({ dimension: r.dimension_code, risk: r.risk, resources: r.resources });
    byAssessment.set(r.assessment_id, list);
  }
  const out: Row[] = [];
  for (const p of pairs.rows) {
    const prog = assessmentProgression([
      { id: p.start_id, kind: 'start', assessedOn: p.start_on, ratings: byAssessment.get(p.start_id) ?? [] },
      { id: p.later_id, kind: p.later_kind, assessedOn: p.later_on, ratings: byAssessment.get(p.later_id) ?? [] },
    ]);
    const change = prog.comparisons[0]?.overall.meanRiskChange ?? null;
    if (change === null) continue;
    out.push({ id: p.id, case_id: p.case_id, date: p.later_on, outcome: change < 0 ? 'improved' : 'not_improved', counted: change < 0, weight: 1 });
  }
  return out;
}

/** The records behind a measure for a unit and year, for the drill-down and for the figure. */
export async function measureRecords(tx: Queryable, unitId: string, measure: MeasureCode, params: Params, year: number, now: Date): Promise<MeasureRecord[]> {
  const list = await MEASURES[measure]({ tx, unitId, year, now, params });
  return list.map((r) => ({
    recordType: RECORD_TYPES[measure], id: r.id, caseId: r.case_id, date: r.date, outcome: r.outcome, counted: r.counted, weight: Number(r.weight),
  }));
}

const RECORD_TYPES: Record<MeasureCode, MeasureRecord['recordType']> = {
  offer_acceptance_rate: 'offer', reoffer_3m_share: 'offer', reoffer_6m_share: 'offer', triage_in_time_share: 'concern', progression_share: 'course',
  education_employment_12m_share: 'follow_up', not_at_risk_6m_share: 'follow_up', people_reached: 'activity', survey_agreement_share: 'survey_answer',
  meetings_held: 'activity', professional_groups_reached: 'activity', local_actors: 'forum_member', concerns_received: 'concern', cases_opened: 'case',
  courses_started: 'course', milestone: 'activity',
};

/** The figure from its records: a share (percent, null when nobody is in the denominator) or a count. */
export function figureFromRecords(measure: MeasureCode, records: readonly MeasureRecord[]): IndicatorValue {
  const recordIds = records.map((r) => r.id);
  if (INDICATORS[measure].unit === 'share') {
    const denominator = records.length;
    const numerator = records.filter((r) => r.counted).length;
    // "Nobody offered" is not 0%: no denominator, no figure.
    const value = denominator === 0 ? null : Math.round((numerator * 10_000) / denominator) / 100;
    return { value, numerator, denominator, recordIds };
  }
  if (measure === 'milestone') return { value: records.some((r) => r.counted) ? 1 : 0, recordIds };
  if (measure === 'professional_groups_reached') return { value: new Set(records.map((r) => r.outcome)).size, recordIds };
  return { value: records.filter((r) => r.counted).reduce((s, r) => s + r.weight, 0), recordIds };
}

/**
 * Computes one measure for a unit and a year: `{ value, numerator?, denominator?, recordIds }`. Params must already be
 * valid for the measure (validated when the indicator was created).
 */
export async function computeMeasure(tx: Queryable, unitId: string, measure: MeasureCode, params: Params, year: number, now: Date): Promise<IndicatorValue> {
  const records = await measureRecords(tx, unitId, measure, params, year, now);
  const figure = figureFromRecords(measure, records);
  // Prevention-work figures come from the prevention module's own helpers (one definition of "people reached",
  // "activities held" and "share agreeing" across VINK); the records above are what the drill-down lists.
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const filter = { kind: str(params, 'kind') ?? undefined, audienceSector: str(params, 'audienceSector') ?? undefined, targetGroup: str(params, 'targetGroup') ?? undefined } as ActivityFilter;
  if (measure === 'people_reached') return { ...figure, value: await peopleReached(tx, [unitId], from, to, filter) };
  if (measure === 'meetings_held') return { ...figure, value: await activitiesHeld(tx, [unitId], from, to, { ...filter, kind: filter.kind! }) };
  if (measure === 'survey_agreement_share') {
    const { numerator, denominator } = await shareAgreeing(tx, [unitId], from, to, { indicatorKey: str(params, 'indicatorKey')! });
    return { ...figure, numerator, denominator, value: denominator === 0 ? null : Math.round((numerator * 10_000) / denominator) / 100 };
  }
  return figure;
}
