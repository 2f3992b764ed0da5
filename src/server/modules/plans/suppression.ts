import { CASELOAD_COUNTS, type CaseloadCount, type CaseloadRow, type Figure } from '../../../shared/plans.ts';

/**
 * Statistical disclosure control for aggregates shown to roles that may not see the records themselves (analysts,
 * administrators). The rule, as the unit publishes statistics:
 *
 * 1. Primary suppression: every count under 5 (0 included) is replaced by null.
 * 2. Complementary (secondary) suppression: a table's total is published, so a single suppressed cell in a column
 *    could be recovered as total − the other cells. Whenever a column has exactly one suppressed group cell and its
 *    total is shown, the smallest other shown cell of that column is suppressed too. Two hidden cells only reveal
 *    their sum. Columns are independent (the funnel's counts are nested, not added across), and the share justified
 *    is withheld whenever either of its counts is.
 * 3. Consistency across queries (docs/security.md, threat model: a signed-in user reading beyond their need to know).
 *    Rules 1 and 2 protect one table; an analyst can ask for many, and subtract one from another. So the cells that
 *    are suppressed are always the same fixed cells — one calendar year × one group — and every other figure is
 *    built from those as published:
 *    - analysts ask for whole calendar years only (repo.ts refuses other periods), so no two periods differ by a
 *      few days' cases;
 *    - each year's table of a breakdown is published on its own by rules 1 and 2, the same table whichever range it
 *      is asked within (publishCaseload is a function of that year's counts alone);
 *    - a range of several years is the sum of its years' published cells, and is withheld when any of them is
 *      (publishCaseloadOverYears): the sum of published cells only, never an exact sum over hidden ones.
 *    Every figure an analyst sees is thus a published year cell or a sum of published year cells, so no subtraction
 *    of figures, however the ranges overlap, yields more than the yearly tables do; within a year the breakdowns
 *    share only the year's total, and rule 2 leaves at least two hidden cells beside it. Coordinators and managers
 *    (exact) are not affected. tests/suppression-differencing.int.test.ts runs the attack.
 */
export const SMALL_COUNT = 5;

export type RawCaseloadRow = { group: string } & Record<CaseloadCount, number | null>;

function share(n: number | null, d: number | null): number | null {
  return n === null || d === null || d === 0 ? null : Math.round((n * 10_000) / d) / 100;
}

/** Rows and total as published: exact when `exact`, else suppressed as described above. `null` counts stay null (not applicable). */
export function publishCaseload(rows: readonly RawCaseloadRow[], total: RawCaseloadRow, exact: boolean): { rows: CaseloadRow[]; total: CaseloadRow } {
  const hidden = rows.map(() => new Set<CaseloadCount>());
  const totalHidden = new Set<CaseloadCount>();
  if (!exact) {
    for (const col of CASELOAD_COUNTS) {
      if (total[col] !== null && total[col] < SMALL_COUNT) totalHidden.add(col);
      rows.forEach((r, i) => {
        const v = r[col];
        if (v !== null && v < SMALL_COUNT) hidden[i]!.add(col);
      });
      const suppressed = rows.map((_, i) => i).filter((i) => hidden[i]!.has(col));
      if (suppressed.length === 1 && !totalHidden.has(col)) {
        const candidates = rows
          .map((r, i) => ({ i, v: r[col] }))
          .filter((x): x is { i: number; v: number } => x.v !== null && !hidden[x.i]!.has(col))
          .sort((a, b) => a.v - b.v || a.i - b.i);
        if (candidates[0]) hidden[candidates[0].i]!.add(col);
      }
    }
  }
  const present = (r: RawCaseloadRow, h: Set<CaseloadCount>): CaseloadRow => {
    const v = (col: CaseloadCount) => (h.has(col) ? null : r[col]);
    return {
      group: r.group,
      calls: v('calls'), concerns: v('concerns'), justified: v('justified'),
      justifiedShare: share(v('justified'), v('concerns')),
      offered: v('offered'), accepted: v('accepted'), coursesStarted: v('coursesStarted'),
      suppressed: h.size > 0,
      suppressedCells: CASELOAD_COUNTS.filter((c) => h.has(c)),
    };
  };
  return { rows: rows.map((r, i) => present(r, hidden[i]!)), total: present(total, totalHidden) };
}

/**
 * A table over several calendar years as published to an analyst (rule 3): each year's rows and total, raw, are
 * published on their own (rules 1 and 2), then added up cell by cell. A cell any year withholds is withheld in the
 * sum; a group missing from a year's table had nothing that year (its table lists it by absence) and adds 0.
 * `compare` orders the groups as assembleCaseload does (statistics.ts).
 */
export function publishCaseloadOverYears(
  years: readonly { rows: readonly RawCaseloadRow[]; total: RawCaseloadRow }[], compare: (a: string, b: string) => number,
): { rows: CaseloadRow[]; total: CaseloadRow } {
  const published = years.map((y) => publishCaseload(y.rows, y.total, false));
  if (published.length === 1) return published[0]!;
  return sumPublishedCaseloads(published, compare);
}

/**
 * The cell-wise sum of tables that are already published (rule 3): a cell any table withholds is withheld in the sum;
 * a group missing from a table adds 0. Used for ranges of years, and for the national view's sum over units
 * (modules/national), so a sum is never exact over a hidden cell.
 */
export function sumPublishedCaseloads(
  published: readonly { rows: readonly CaseloadRow[]; total: CaseloadRow }[], compare: (a: string, b: string) => number,
): { rows: CaseloadRow[]; total: CaseloadRow } {
  const add = (group: string, cells: readonly (CaseloadRow | undefined)[]): CaseloadRow => {
    const hidden: CaseloadCount[] = [];
    const sums = {} as Record<CaseloadCount, number | null>;
    for (const col of CASELOAD_COUNTS) {
      // Null when withheld, or when the count does not apply (calls by age band): then no table has a number.
      let sum: number | null = null;
      for (const c of cells) {
        if (!c) continue;
        if (c.suppressedCells.includes(col)) {
          hidden.push(col);
          sum = null;
          break;
        }
        if (c[col] !== null) sum = (sum ?? 0) + c[col];
      }
      sums[col] = sum;
    }
    return {
      group, ...sums, justifiedShare: share(sums.justified, sums.concerns), suppressed: hidden.length > 0, suppressedCells: hidden,
    };
  };
  const groups = [...new Set(published.flatMap((p) => p.rows.map((r) => r.group)))].sort(compare);
  return {
    rows: groups.map((g) => add(g, published.map((p) => p.rows.find((r) => r.group === g)))),
    total: add('total', published.map((p) => p.total)),
  };
}

/**
 * A computed figure as published. For measures counted from case records, unless `exact`: the figure is withheld
 * when its count, its numerator, its denominator or the complement (denominator − numerator) is under 5, since
 * any of them recovers the others.
 */
export function publishFigure(v: { value: number | null; numerator?: number; denominator?: number }, fromCaseRecords: boolean, exact: boolean): Figure {
  const figure: Figure = { value: v.value, numerator: v.numerator ?? null, denominator: v.denominator ?? null, suppressed: false };
  if (exact || !fromCaseRecords) return figure;
  const counts = v.denominator !== undefined
    ? [v.numerator ?? 0, v.denominator, v.denominator - (v.numerator ?? 0)]
    : [v.value ?? 0];
  if (counts.some((n) => n < SMALL_COUNT)) return { value: null, numerator: null, denominator: null, suppressed: true };
  return figure;
}
