import type { Queryable } from '../../platform/db.ts';
import { AGREEING_VALUES, type ActivityKind, type AudienceSector, type TargetGroup } from '../../../shared/prevention.ts';

/**
 * The prevention figures the action plan's indicators are computed from (DOMAIN.md: "Indicators are computed from
 * the recorded work, never typed in by hand"). Each runs in the caller's transaction (a Scope's tx, already confined
 * by row-level security) and also filters on unitIds explicitly. Periods are Danish calendar dates, from and to both
 * inclusive (YYYY-MM-DD).
 */

type OneOrMany<T> = T | readonly T[];
const many = <T>(v: OneOrMany<T> | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

export interface ActivityFilter {
  kind?: OneOrMany<ActivityKind> | undefined;
  audienceSector?: OneOrMany<AudienceSector> | undefined;
  targetGroup?: OneOrMany<TargetGroup> | undefined;
}

function activityWhere(unitIds: readonly string[], from: string, to: string, f: ActivityFilter, params: unknown[]): string {
  params.push(unitIds, from, to);
  let where = 'unit_id = ANY($1::uuid[]) AND held_on BETWEEN $2::date AND $3::date';
  const kinds = many(f.kind);
  const sectors = many(f.audienceSector);
  const groups = many(f.targetGroup);
  if (kinds) where += ` AND kind = ANY($${params.push(kinds)}::text[])`;
  if (sectors) where += ` AND audience_sector = ANY($${params.push(sectors)}::text[])`;
  if (groups) where += ` AND target_group = ANY($${params.push(groups)}::text[])`;
  return where;
}

/**
 * People reached: the sum of participants of the activities held in the period, optionally only of some kinds,
 * audience sectors or target groups (e.g. awareness talks for school staff; school courses for pupils). A person at
 * two activities counts twice: activities carry counts, never names.
 */
export async function peopleReached(tx: Queryable, unitIds: readonly string[], from: string, to: string, params: ActivityFilter = {}): Promise<number> {
  const p: unknown[] = [];
  const r = await tx.query<{ n: number }>(`SELECT coalesce(sum(participants), 0)::int AS n FROM activities WHERE ${activityWhere(unitIds, from, to, params, p)}`, p);
  return r.rows[0]!.n;
}

/** Activities held in the period of the given kind(s) (e.g. citizen-forum meetings, hearings). */
export async function activitiesHeld(
  tx: Queryable, unitIds: readonly string[], from: string, to: string, params: ActivityFilter & { kind: OneOrMany<ActivityKind> },
): Promise<number> {
  const p: unknown[] = [];
  const r = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities WHERE ${activityWhere(unitIds, from, to, params, p)}`, p);
  return r.rows[0]!.n;
}

/**
 * Local actors involved in the period (the plan's "≥ 15 local actors"). Definition:
 *   forum members + activity organisations, where
 *   - forum members = distinct citizen-forum member organisations active at some point in the period (joined on or
 *     before to, and not left before from), whether or not they have signed the charter yet;
 *   - activity organisations = the largest organisation count on any single activity held in the period, other than
 *     citizen-forum meetings (whose organisations are the forum members already counted).
 * Activities record how many organisations took part, not which, so counts cannot be deduplicated across
 * activities: the largest single count is the figure that never counts one organisation twice among activities.
 * An organisation that is both a forum member and at another activity may still be counted twice; the count of
 * forum members alone is a lower bound and can be shown beside it.
 */
export async function localActorsInvolved(
  tx: Queryable, unitIds: readonly string[], from: string, to: string, _params: Record<string, never> = {},
): Promise<number> {
  const r = await tx.query<{ members: number; organisations: number }>(
    `SELECT
       (SELECT count(DISTINCT organisation)::int FROM forum_members
         WHERE unit_id = ANY($1::uuid[]) AND joined_on <= $3::date AND (left_on IS NULL OR left_on >= $2::date)) AS members,
       (SELECT coalesce(max(organisations), 0)::int FROM activities
         WHERE unit_id = ANY($1::uuid[]) AND held_on BETWEEN $2::date AND $3::date AND kind <> 'citizen_forum_meeting') AS organisations`,
    [unitIds, from, to],
  );
  const row = r.rows[0]!;
  return row.members + row.organisations;
}

/**
 * Share agreeing with the survey questions marked indicatorKey, over the responses answered in the period: numerator
 * = answers agreeing (agreement 4 or 5; yes/no 1), denominator = all non-empty answers. The caller divides (and
 * decides what 0/0 means for its target).
 */
export async function shareAgreeing(
  tx: Queryable, unitIds: readonly string[], from: string, to: string, params: { indicatorKey: string },
): Promise<{ numerator: number; denominator: number }> {
  const r = await tx.query<{ numerator: number; denominator: number }>(
    `SELECT count(*) FILTER (WHERE (q.kind = 'agreement' AND a.value = ANY($5::int[])) OR (q.kind = 'yes_no' AND a.value = ANY($6::int[])))::int AS numerator,
            count(*)::int AS denominator
       FROM survey_answers a
       JOIN survey_questions q ON q.id = a.question_id
       JOIN survey_responses sr ON sr.id = a.response_id
      WHERE sr.unit_id = ANY($1::uuid[]) AND sr.answered_on BETWEEN $2::date AND $3::date AND q.indicator_key = $4 AND a.value IS NOT NULL`,
    [unitIds, from, to, params.indicatorKey, AGREEING_VALUES.agreement, AGREEING_VALUES.yes_no],
  );
  return r.rows[0]!;
}
