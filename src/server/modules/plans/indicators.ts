import { INDICATORS, targetMet, type IndicatorValue, type MeasureCode } from '../../../shared/indicators.ts';
import type { Figure, Target, TargetStatus } from '../../../shared/plans.ts';

/**
 * The indicator engine's pure half: each measure of the catalogue (src/shared/indicators.ts) is computed for one unit
 * and one calendar year from the recorded work. Nothing is typed in by hand; the figures are the records.
 *
 * Every measure is written as the list of records behind it (the drill-down shows exactly these), each marked whether
 * it counts; the figure is then derived from that list here, so the number and its records can never disagree. The
 * queries that list the records are in repo.ts.
 */

/** One record behind a figure. weight: what it adds to a count (participants for people reached, else 1). */
export interface MeasureRecord {
  recordType: 'offer' | 'concern' | 'course' | 'follow_up' | 'case' | 'activity' | 'survey_answer' | 'forum_member' | 'milestone_decision'
    | 'psychiatry_consultation';
  id: string;
  caseId: string | null;
  date: string | null;
  outcome: string | null;
  counted: boolean;
  weight: number;
}

/** The kind of record each measure lists. */
export const RECORD_TYPES: Record<MeasureCode, MeasureRecord['recordType']> = {
  offer_acceptance_rate: 'offer', reoffer_3m_share: 'offer', reoffer_6m_share: 'offer', triage_in_time_share: 'concern', progression_share: 'course',
  education_employment_12m_share: 'follow_up', not_at_risk_6m_share: 'follow_up', people_reached: 'activity', survey_agreement_share: 'survey_answer',
  meetings_held: 'activity', professional_groups_reached: 'activity', local_actors: 'forum_member', concerns_received: 'concern', cases_opened: 'case',
  courses_started: 'course', milestone: 'milestone_decision', people_reached_cumulative: 'activity', persons_by_level_year_end: 'case',
  // The 2020-21 plan's registers (docs/domain.md, "Risk environments and networks", "The psychiatry pathway").
  concerns_from_environment: 'concern', psychiatry_consultations: 'psychiatry_consultation',
};

/** The figure from its records: a share (percent, null when nobody is in the denominator) or a count. */
export function figureFromRecords(measure: MeasureCode, records: readonly MeasureRecord[]): IndicatorValue {
  const recordIds = records.map((r) => r.id);
  if (INDICATORS[measure].unit === 'share') {
    const denominator = records.length;
    const numerator = records.filter((r) => r.counted).length;
    return { value: shareOf(numerator, denominator), numerator, denominator, recordIds };
  }
  if (measure === 'milestone') return { value: records.some((r) => r.counted) ? 1 : 0, recordIds };
  if (measure === 'professional_groups_reached') return { value: new Set(records.map((r) => r.outcome)).size, recordIds };
  return { value: records.filter((r) => r.counted).reduce((s, r) => s + r.weight, 0), recordIds };
}

/**
 * A measure's records summed up in SQL for one year (repo.ts, measureByYears): how many records, how many count, the
 * weight of those that count, and the distinct outcomes among them.
 */
export interface MeasureAggregate {
  n: number;
  counted: number;
  weighted: number;
  outcomes: number;
}

/** A share in percent with two decimals, null when nobody is in the denominator ("nobody offered" is not 0%). */
function shareOf(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator * 10_000) / denominator) / 100;
}

/**
 * The figure from its records' aggregate: the same figure figureFromRecords gives from the records listed one by one
 * (tests/set-based-figures.int.test.ts holds the two equal), so the dashboard never lists records to count them.
 */
export function figureFromAggregate(measure: MeasureCode, a: MeasureAggregate): IndicatorValue {
  if (INDICATORS[measure].unit === 'share') return { value: shareOf(a.counted, a.n), numerator: a.counted, denominator: a.n };
  if (measure === 'milestone') return { value: a.counted > 0 ? 1 : 0 };
  // Every record of this measure counts and has an outcome (the audience sector is NOT NULL in the schema).
  if (measure === 'professional_groups_reached') return { value: a.outcomes };
  return { value: a.weighted };
}

/** Whether a year had any recorded work for the measure (a year before the plan is shown in the trend only then). */
export function hasData(v: IndicatorValue): boolean {
  return v.denominator !== undefined ? v.denominator > 0 : (v.value ?? 0) > 0;
}

/** A published figure against its target: suppressed, no target, no data, met or not met. */
export function statusOf(target: Target | null, fig: Figure): TargetStatus {
  if (fig.suppressed) return 'suppressed';
  if (!target) return 'no_target';
  // A figure that is not suppressed carries the exact value, numerator and denominator.
  const met = targetMet(target.comparison, target.target, { value: fig.value, numerator: fig.numerator ?? undefined, denominator: fig.denominator ?? undefined });
  return met === null ? 'no_data' : met ? 'met' : 'not_met';
}
