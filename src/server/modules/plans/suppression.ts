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
 * 3. The caller restricts analysts to whole calendar years, so two overlapping periods cannot be subtracted from
 *    each other to isolate a few days' cases.
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
