import type { Scope } from '../../access/scope.ts';
import { callAccessRequestRepo, callRepo } from './repo.ts';
import { suppressHotlineCounts } from './service.ts';

/** The calls module's public face for other modules. Access requests: the calls that became the person's concerns. */
export function callsForAccessRequestInTrx(s: Scope, concernIds: readonly string[]) {
  return callAccessRequestRepo(s).ofConcerns(concernIds);
}

/**
 * The shared hotline's figures for the yearly report of unitId (docs/domain.md, "The yearly report"), null when the
 * unit is in no hotline. The counts over the member units are suppressed as the hotline statistics are (under five
 * withheld, with the complementary cell); the unit's own figures are suppressed the same way unless exactCounts.
 */
export async function hotlineYearReportInTrx(s: Scope, unitId: string, year: number, exactCounts: boolean) {
  const y = await callRepo(s).hotlineYear(unitId, new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1)));
  if (!y) return null;
  const own = (n: number) => (exactCounts || n >= 5 || n === 0 ? n : null);
  return {
    hotlineNames: y.hotlineNames,
    rows: suppressHotlineCounts(y.rows) as { dimension: 'caller_type' | 'topic' | 'outcome' | 'municipality'; value: string | null; calls: number | null }[],
    ownCalls: own(y.ownCalls),
    forwardedIn: own(y.forwardedIn),
  };
}
