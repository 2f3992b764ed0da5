import type { Scope } from '../../access/scope.ts';
import { SMALL_COUNT, publishFigure } from '../plans/index.ts';
import { BIAS_FLAG, biasFlagged, type BiasReport } from '../../../shared/watch.ts';
import { biasRepo, type BiasCount } from './repo.ts';

const share = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 10_000) / d) / 10_000);

/**
 * Publishes the cells as the analysts' statistics are published (plans module, suppression.ts): a cell is withheld
 * when its decided count, its justified count or its unfounded count is under the minimum (publishFigure), and when
 * exactly one cell is withheld, the smallest shown cell is withheld too, so the unit's total cannot recover it.
 */
export function publishBias(cells: readonly BiasCount[]): { hidden: boolean[] } {
  const hidden = cells.map((c) => publishFigure({ value: c.decided, numerator: c.justified, denominator: c.decided }, true, false).suppressed);
  if (hidden.filter(Boolean).length === 1) {
    const next = cells.map((c, i) => ({ i, n: c.decided })).filter((x) => !hidden[x.i]).sort((a, b) => a.n - b.n || a.i - b.i)[0];
    if (next) hidden[next.i] = true;
  }
  return { hidden };
}

/**
 * The bias watch for a calendar year: concerns decided (justified or unfounded) and the share judged justified per
 * ideology × reporter sector × district × gender, against the unit's baseline, small cells suppressed, and a flag on
 * a cell whose unfounded share is far above the baseline (BIAS_FLAG, src/shared/watch.ts). Aggregates only.
 */
export async function biasReport(s: Scope, year: number): Promise<BiasReport> {
  // The year in Danish time, as the unit's statistics count it.
  const from = new Date(`${year}-01-01T00:00:00+01:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+01:00`);
  const { cells, religionOverrides } = await biasRepo(s).counts(from, to, year);
  const decided = cells.reduce((n, c) => n + c.decided, 0);
  const justified = cells.reduce((n, c) => n + c.justified, 0);
  const unfounded = cells.reduce((n, c) => n + c.unfounded, 0);
  const baselineUnfounded = share(unfounded, decided);
  const { hidden } = publishBias(cells);
  return {
    year,
    minCellSize: SMALL_COUNT,
    baseline: { decided, justifiedShare: share(justified, decided), unfoundedShare: baselineUnfounded },
    rule: { minDecided: BIAS_FLAG.minDecided, pointsAbove: BIAS_FLAG.pointsAbove, ratioAbove: BIAS_FLAG.ratioAbove },
    cells: cells.map((c, i) => {
      if (hidden[i]) {
        return { ideologyArea: c.ideologyArea, reporterSector: c.reporterSector, district: c.district, gender: c.gender, decided: null, justifiedShare: null, unfoundedShare: null, flagged: false };
      }
      const unfoundedShare = share(c.unfounded, c.decided);
      return {
        ideologyArea: c.ideologyArea, reporterSector: c.reporterSector, district: c.district, gender: c.gender, decided: c.decided,
        justifiedShare: share(c.justified, c.decided), unfoundedShare,
        flagged: baselineUnfounded !== null && unfoundedShare !== null && biasFlagged(c.decided, unfoundedShare, baselineUnfounded),
      };
    }),
    suppressedCells: hidden.filter(Boolean).length,
    religionOverrides,
  };
}
