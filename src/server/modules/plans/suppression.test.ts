import { describe, expect, it } from 'vitest';
import { publishCaseload, publishCaseloadOverYears, publishFigure, type RawCaseloadRow } from './suppression.ts';

const row = (group: string, c: Partial<RawCaseloadRow> = {}): RawCaseloadRow => ({
  group, calls: null, concerns: 20, justified: 10, offered: 8, accepted: 6, coursesStarted: 6, ...c,
});
const totalOf = (rows: RawCaseloadRow[]): RawCaseloadRow => {
  const sum = (k: 'concerns' | 'justified' | 'offered' | 'accepted' | 'coursesStarted') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  return { group: 'total', calls: 100, concerns: sum('concerns'), justified: sum('justified'), offered: sum('offered'), accepted: sum('accepted'), coursesStarted: sum('coursesStarted') };
};

describe('publishCaseload', () => {
  it('shows exact counts when exact', () => {
    const rows = [row('a', { concerns: 3, justified: 1 }), row('b')];
    const out = publishCaseload(rows, totalOf(rows), true);
    expect(out.rows[0]).toMatchObject({ concerns: 3, justified: 1, justifiedShare: 33.33, suppressed: false, suppressedCells: [] });
  });

  it('replaces every count under 5 (0 included) by null and flags the row', () => {
    const rows = [row('a', { concerns: 4, justified: 0, offered: 0, accepted: 0, coursesStarted: 0 }), row('b', { concerns: 5 }), row('c', { concerns: 30 })];
    const out = publishCaseload(rows, totalOf(rows), false);
    expect(out.rows[0]).toMatchObject({ concerns: null, justified: null, justifiedShare: null, suppressed: true });
    // The lone hidden 4 would follow from the total, so the smallest other cell (5) goes too; 30 stays.
    expect(out.rows.map((r) => r.concerns)).toEqual([null, null, 30]);
  });

  it('suppresses a complementary cell so a lone hidden cell cannot be recovered from the total', () => {
    const rows = [row('a', { concerns: 3 }), row('b', { concerns: 12 }), row('c', { concerns: 9 })];
    const out = publishCaseload(rows, totalOf(rows), false);
    // 3 is hidden; without more, total 24 − 12 − 9 would give it back. The smallest other cell (9) is hidden too.
    expect(out.rows.map((r) => r.concerns)).toEqual([null, 12, null]);
    expect(out.total.concerns).toBe(24);
    expect(out.rows[2]!.suppressedCells).toEqual(['concerns']);
    // The share is withheld when either of its counts is.
    expect(out.rows[2]!.justifiedShare).toBeNull();
    expect(out.rows[1]!.justifiedShare).toBe(83.33);
  });

  it('needs no complementary cell when two cells are already hidden, or the total itself is', () => {
    const rows = [row('a', { concerns: 3 }), row('b', { concerns: 2 }), row('c', { concerns: 9 })];
    expect(publishCaseload(rows, totalOf(rows), false).rows.map((r) => r.concerns)).toEqual([null, null, 9]);
    const tiny = [row('a', { concerns: 3 }), row('b', { concerns: 0 })];
    const out = publishCaseload(tiny, totalOf(tiny), false);
    expect(out.total.concerns).toBeNull();
  });

  it('leaves not-applicable counts (calls by age band) null without calling them suppressed', () => {
    const rows = [row('a', { calls: null })];
    const out = publishCaseload(rows, totalOf(rows), false);
    expect(out.rows[0]!.calls).toBeNull();
    expect(out.rows[0]!.suppressedCells).not.toContain('calls');
    expect(out.total.calls).toBe(100);
  });
});

describe('publishFigure', () => {
  it('withholds a share from case records when the numerator, denominator or complement is under 5', () => {
    expect(publishFigure({ value: 75, numerator: 3, denominator: 4 }, true, false)).toEqual({ value: null, numerator: null, denominator: null, suppressed: true });
    expect(publishFigure({ value: 90, numerator: 18, denominator: 20 }, true, false).suppressed).toBe(true);
    expect(publishFigure({ value: 60, numerator: 12, denominator: 20 }, true, false)).toEqual({ value: 60, numerator: 12, denominator: 20, suppressed: false });
  });

  it('withholds small counts from case records but never prevention-work figures or exact viewers', () => {
    expect(publishFigure({ value: 3 }, true, false).suppressed).toBe(true);
    expect(publishFigure({ value: 3 }, false, false)).toEqual({ value: 3, numerator: null, denominator: null, suppressed: false });
    expect(publishFigure({ value: 75, numerator: 3, denominator: 4 }, true, true).suppressed).toBe(false);
  });
});

describe('publishCaseloadOverYears', () => {
  const byName = (a: string, b: string) => a.localeCompare(b);
  it('adds up the years\' published cells and withholds a sum when any year withholds its cell', () => {
    const y1 = [row('a', { concerns: 3 }), row('b', { concerns: 12 }), row('c', { concerns: 9 })];
    const y2 = [row('a', { concerns: 8 }), row('b', { concerns: 28 }), row('c', { concerns: 30 })];
    const out = publishCaseloadOverYears([{ rows: y1, total: totalOf(y1) }, { rows: y2, total: totalOf(y2) }], byName);
    // 2021 hides a (3) and c (9); 2022 hides nothing. a and c over both years would give them back against 2022.
    expect(out.rows.map((r) => r.concerns)).toEqual([null, 40, null]);
    expect(out.rows[0]!.suppressedCells).toContain('concerns');
    expect(out.total.concerns).toBe(90);
    expect(out.rows[1]!.justifiedShare).toBe(50);
  });

  it('counts a group missing from a year (a district) as none that year, and keeps not-applicable counts null', () => {
    const y1 = [row('x', { concerns: 6 })];
    const y2 = [row('x', { concerns: 5 }), row('y', { concerns: 7 })];
    const out = publishCaseloadOverYears([{ rows: y1, total: totalOf(y1) }, { rows: y2, total: totalOf(y2) }], byName);
    expect(out.rows.map((r) => [r.group, r.concerns, r.calls, r.suppressed])).toEqual([['x', 11, null, false], ['y', 7, null, false]]);
    expect(out.total).toMatchObject({ concerns: 18, calls: 200 });
  });
});
