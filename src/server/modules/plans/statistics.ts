import type { Queryable } from '../../platform/db.ts';
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
 */

const TZ = `'Europe/Copenhagen'`;

/** Groups listed even when empty, so tables have a stable shape from year to year. */
const FIXED_GROUPS: Partial<Record<CaseloadGroupBy, readonly string[]>> = {
  ideology: CallIdeologyArea.options,
  ageBand: AgeBandSchema.options,
  gender: Gender.options,
  channel: ConcernChannel.options,
};

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
      return `CASE WHEN p.birth_date IS NULL OR p.birth_date > ${received} THEN 'unknown'
                   WHEN ${age} < 15 THEN 'under_15' WHEN ${age} < 18 THEN '15_17' WHEN ${age} < 25 THEN '18_24'
                   WHEN ${age} < 35 THEN '25_34' ELSE '35_plus' END`;
    }
  }
}

/** Whether calls can be broken down by this dimension (they hold no person). */
export function callsByGroup(groupBy: CaseloadGroupBy): boolean {
  return groupBy === 'year' || groupBy === 'ideology';
}

/** Raw caseload counts for unitId between from and to (inclusive local dates); rows ordered, plus the total. */
export async function caseloadCounts(tx: Queryable, unitId: string, from: string, to: string, groupBy: CaseloadGroupBy): Promise<{ rows: RawCaseloadRow[]; total: RawCaseloadRow }> {
  const period = (col: string) => `${col} >= ($2::date::timestamp AT TIME ZONE ${TZ}) AND ${col} < (($3::date + 1)::timestamp AT TIME ZONE ${TZ})`;
  const concerns = await tx.query<{ g: string; concerns: number; justified: number; offered: number; accepted: number; courses: number }>(
    `SELECT ${concernGroup(groupBy)} AS g, count(*)::int AS concerns,
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
      GROUP BY 1`,
    [unitId, from, to],
  );
  const byCalls = callsByGroup(groupBy);
  const callGroup = groupBy === 'year' ? `extract(year from a.received_at AT TIME ZONE ${TZ})::int::text` : groupBy === 'ideology' ? 'a.ideology_area' : `'all'`;
  const calls = await tx.query<{ g: string; n: number }>(
    `SELECT ${callGroup} AS g, count(*)::int AS n FROM calls a WHERE a.unit_id = $1 AND ${period('a.received_at')} GROUP BY 1`,
    [unitId, from, to],
  );

  const groups = new Map<string, RawCaseloadRow>();
  const empty = (group: string): RawCaseloadRow => ({ group, calls: byCalls ? 0 : null, concerns: 0, justified: 0, offered: 0, accepted: 0, coursesStarted: 0 });
  const fixed = groupBy === 'year'
    ? Array.from({ length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 }, (_, i) => String(Number(from.slice(0, 4)) + i))
    : FIXED_GROUPS[groupBy] ?? [];
  for (const g of fixed) groups.set(g, empty(g));
  for (const r of concerns.rows) {
    const row = groups.get(r.g) ?? empty(r.g);
    Object.assign(row, { concerns: r.concerns, justified: r.justified, offered: r.offered, accepted: r.accepted, coursesStarted: r.courses });
    groups.set(r.g, row);
  }
  let totalCalls = 0;
  for (const r of calls.rows) {
    totalCalls += r.n;
    if (!byCalls) continue;
    const row = groups.get(r.g) ?? empty(r.g);
    row.calls = r.n;
    groups.set(r.g, row);
  }
  // Fixed groups in their catalogue order, then any others (districts) alphabetically with 'unknown' last.
  const order = (g: string) => (fixed.includes(g) ? fixed.indexOf(g) : g === 'unknown' ? 1e6 + 1 : 1e6);
  const rows = [...groups.values()].sort((a, b) => order(a.group) - order(b.group) || a.group.localeCompare(b.group, 'da'));
  const sum = (k: 'concerns' | 'justified' | 'offered' | 'accepted' | 'coursesStarted') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  const total: RawCaseloadRow = {
    group: 'total', calls: totalCalls, concerns: sum('concerns'), justified: sum('justified'), offered: sum('offered'), accepted: sum('accepted'),
    coursesStarted: sum('coursesStarted'),
  };
  return { rows, total };
}
