import { AgeBandSchema } from '../../../shared/support.ts';
import { CallIdeologyArea, ConcernChannel } from '../../../shared/intake.ts';
import { Gender } from '../../../shared/contracts.ts';
import type { CaseloadGroupBy } from '../../../shared/plans.ts';
import type { RawCaseloadRow } from './suppression.ts';

/**
 * The caseload in the funnel form of public statistics (calls → concerns → justified → offered → accepted, and
 * courses started) for one unit and a period of local (Copenhagen) dates, grouped by one dimension.
 *
 * The funnel follows the concerns received in the period as a cohort: justified counts those of them the Infohus
 * found justified; offered, accepted and courses started count those of them whose case got an offer, an accepted
 * offer or a course on or after the concern was received (whenever that happened). Counting per concern keeps every
 * column additive over the groups, so the total is the sum of the rows (which the suppression relies on). Calls are
 * anonymous: they are broken down only by year and ideology; for other groupings they appear in the total only.
 * The counting queries are in repo.ts; this file shapes their rows into the table, with no I/O.
 */

/** Groups listed even when empty, so tables have a stable shape from year to year. */
export const FIXED_GROUPS: Partial<Record<CaseloadGroupBy, readonly string[]>> = {
  ideology: CallIdeologyArea.options,
  ageBand: AgeBandSchema.options,
  gender: Gender.options,
  channel: ConcernChannel.options,
};

/** Whether calls can be broken down by this dimension (they hold no person). */
export function callsByGroup(groupBy: CaseloadGroupBy): boolean {
  return groupBy === 'year' || groupBy === 'ideology';
}

/** The groups listed for a period even when empty: its years, or the dimension's catalogue. */
function fixedGroups(groupBy: CaseloadGroupBy, from: string, to: string): readonly string[] {
  if (groupBy !== 'year') return FIXED_GROUPS[groupBy] ?? [];
  const first = Number(from.slice(0, 4));
  return Array.from({ length: Number(to.slice(0, 4)) - first + 1 }, (_, i) => String(first + i));
}

/** The order of a table's rows: fixed groups in their catalogue order, then any others (districts) alphabetically with 'unknown' last. */
export function groupOrder(groupBy: CaseloadGroupBy, from: string, to: string): (a: string, b: string) => number {
  const fixed = fixedGroups(groupBy, from, to);
  const order = (g: string) => (fixed.includes(g) ? fixed.indexOf(g) : g === 'unknown' ? 1e6 + 1 : 1e6);
  return (a, b) => order(a) - order(b) || a.localeCompare(b, 'da');
}

/** A concern group's funnel counts, as the repository's query returns them. */
export interface ConcernGroupCounts { g: string; concerns: number; justified: number; offered: number; accepted: number; courses: number }

/**
 * Raw caseload rows (ordered: fixed groups in catalogue order, then others alphabetically with 'unknown' last) and
 * their total, from the per-group concern counts and call counts of a period from..to (local dates).
 */
export function assembleCaseload(
  groupBy: CaseloadGroupBy, from: string, to: string, concerns: readonly ConcernGroupCounts[], calls: readonly { g: string; n: number }[],
): { rows: RawCaseloadRow[]; total: RawCaseloadRow } {
  const byCalls = callsByGroup(groupBy);
  const groups = new Map<string, RawCaseloadRow>();
  const empty = (group: string): RawCaseloadRow => ({ group, calls: byCalls ? 0 : null, concerns: 0, justified: 0, offered: 0, accepted: 0, coursesStarted: 0 });
  const fixed = fixedGroups(groupBy, from, to);
  for (const g of fixed) groups.set(g, empty(g));
  for (const r of concerns) {
    const row = groups.get(r.g) ?? empty(r.g);
    Object.assign(row, { concerns: r.concerns, justified: r.justified, offered: r.offered, accepted: r.accepted, coursesStarted: r.courses });
    groups.set(r.g, row);
  }
  let totalCalls = 0;
  for (const r of calls) {
    totalCalls += r.n;
    if (!byCalls) continue;
    const row = groups.get(r.g) ?? empty(r.g);
    row.calls = r.n;
    groups.set(r.g, row);
  }
  const compare = groupOrder(groupBy, from, to);
  const rows = [...groups.values()].sort((a, b) => compare(a.group, b.group));
  const sum = (k: 'concerns' | 'justified' | 'offered' | 'accepted' | 'coursesStarted') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  const total: RawCaseloadRow = {
    group: 'total', calls: totalCalls, concerns: sum('concerns'), justified: sum('justified'), offered: sum('offered'), accepted: sum('accepted'),
    coursesStarted: sum('coursesStarted'),
  };
  return { rows, total };
}
