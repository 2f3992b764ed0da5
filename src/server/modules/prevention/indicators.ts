import type { Scope } from '../../access/scope.ts';
import type { ActivityKind } from '../../../shared/prevention.ts';
import { preventionFigureRepo, type ActivityFilter } from './repo.ts';

/**
 * The prevention figures the action plan's indicators are computed from (docs/domain.md: "Indicators are computed
 * from the recorded work, never typed in by hand"). Each runs in the caller's scope and counts only the given units
 * that the actor reaches (repo.ts). Periods are Danish calendar dates, from and to both inclusive (YYYY-MM-DD).
 */

type OneOrMany<T> = T | readonly T[];
export type { ActivityFilter };

/**
 * People reached: the sum of participants of the activities held in the period, optionally only of some kinds,
 * audience sectors or target groups (e.g. awareness talks for school staff; school courses for pupils). A person at
 * two activities counts twice: activities carry counts, never names.
 */
export function peopleReached(s: Scope, unitIds: readonly string[], from: string, to: string, params: ActivityFilter = {}): Promise<number> {
  return preventionFigureRepo(s).peopleReached(unitIds, from, to, params);
}

/** Activities held in the period of the given kind(s) (e.g. citizen-forum meetings, hearings). */
export function activitiesHeld(
  s: Scope, unitIds: readonly string[], from: string, to: string, params: ActivityFilter & { kind: OneOrMany<ActivityKind> },
): Promise<number> {
  return preventionFigureRepo(s).activitiesHeld(unitIds, from, to, params);
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
  s: Scope, unitIds: readonly string[], from: string, to: string, _params: Record<string, never> = {},
): Promise<number> {
  const { members, organisations } = await preventionFigureRepo(s).localActors(unitIds, from, to);
  return members + organisations;
}

/**
 * Share agreeing with the survey questions marked indicatorKey, over the responses answered in the period: numerator
 * = answers agreeing (agreement 4 or 5; yes/no 1), denominator = all non-empty answers. The caller divides (and
 * decides what 0/0 means for its target).
 */
export function shareAgreeing(
  s: Scope, unitIds: readonly string[], from: string, to: string, params: { indicatorKey: string },
): Promise<{ numerator: number; denominator: number }> {
  return preventionFigureRepo(s).shareAgreeing(unitIds, from, to, params.indicatorKey);
}
