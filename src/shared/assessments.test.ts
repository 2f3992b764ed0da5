import { describe, expect, it } from 'vitest';
import { assessmentProgression, nextReassessmentDue, ratingErrors, reassessmentDue, type RatedAssessment } from './assessments.ts';

const r = (dimension: string, risk: number | null, resources: number | null) => ({ dimension, risk, resources });

describe('assessment progression', () => {
  it('has no baseline and no comparisons without assessments', () => {
    expect(assessmentProgression([])).toEqual({ baseline: null, comparisons: [] });
  });

  it('compares each later assessment with the first, per dimension and overall', () => {
    const start: RatedAssessment = { id: 'a1', kind: 'start', assessedOn: '2026-01-10', ratings: [r('x', 3, 1), r('y', 2, 2), r('z', null, 1), r('w', 1, 1)] };
    const six: RatedAssessment = { id: 'a2', kind: 'six_months', assessedOn: '2026-07-10', ratings: [r('x', 1, 2), r('y', 3, 2), r('z', 2, null), r('w', 1, 1)] };
    const end: RatedAssessment = { id: 'a3', kind: 'end', assessedOn: '2026-12-01', ratings: [r('x', 0, 3), r('y', 2, 1), r('z', 0, 3), r('w', 2, 3)] };
    // Given out of order: the first by date is the baseline.
    const p = assessmentProgression([end, start, six]);
    expect(p.baseline).toEqual({ assessmentId: 'a1', kind: 'start', assessedOn: '2026-01-10' });
    expect(p.comparisons.map((c) => c.assessmentId)).toEqual(['a2', 'a3']);

    const [c6, cEnd] = p.comparisons;
    const byDim = (c: typeof c6) => Object.fromEntries(c!.dimensions.map((d) => [d.dimension, d]));
    const d6 = byDim(c6);
    expect(d6.x).toMatchObject({ riskChange: -2, resourcesChange: 1, direction: 'improved' });
    expect(d6.y).toMatchObject({ riskChange: 1, resourcesChange: 0, direction: 'worsened' });
    // Unknown on either side: no change computed, never treated as 0.
    expect(d6.z).toMatchObject({ riskBefore: null, riskAfter: 2, riskChange: null, resourcesChange: null, direction: 'unknown' });
    expect(d6.w).toMatchObject({ riskChange: 0, resourcesChange: 0, direction: 'unchanged' });
    expect(c6!.overall).toEqual({
      meanRiskChange: (-2 + 1 + 0) / 3, meanResourcesChange: (1 + 0 + 0) / 3, knownRiskDimensions: 3, knownResourcesDimensions: 3,
      improved: 1, worsened: 1, mixed: 0, unchanged: 1, unknown: 1,
    });

    const dEnd = byDim(cEnd);
    expect(dEnd.y).toMatchObject({ riskChange: 0, resourcesChange: -1, direction: 'worsened' });
    expect(dEnd.z).toMatchObject({ riskChange: null, resourcesChange: 2, direction: 'improved' });
    expect(dEnd.w).toMatchObject({ riskChange: 1, resourcesChange: 2, direction: 'mixed' });
    expect(cEnd!.overall.meanRiskChange).toBeCloseTo((-3 + 0 + 1) / 3);
    expect(cEnd!.overall).toMatchObject({ knownRiskDimensions: 3, knownResourcesDimensions: 4, improved: 2, worsened: 1, mixed: 1, unchanged: 0, unknown: 0 });
  });

  it('with all risks unknown the mean risk change is null, not 0', () => {
    const p = assessmentProgression([
      { id: 'a', kind: 'start', assessedOn: '2026-01-01', ratings: [r('x', null, 1)] },
      { id: 'b', kind: 'other', assessedOn: '2026-02-01', ratings: [r('x', 2, 1)] },
    ]);
    expect(p.comparisons[0]!.overall.meanRiskChange).toBeNull();
    expect(p.comparisons[0]!.overall.knownRiskDimensions).toBe(0);
  });

  it('a dimension present on one side only is unknown (e.g. a new instrument version)', () => {
    const p = assessmentProgression([
      { id: 'a', kind: 'start', assessedOn: '2026-01-01', ratings: [r('x', 1, 1)] },
      { id: 'b', kind: 'end', assessedOn: '2026-02-01', ratings: [r('new', 0, 3)] },
    ]);
    expect(p.comparisons[0]!.dimensions.map((d) => [d.dimension, d.direction])).toEqual([['x', 'unknown'], ['new', 'unknown']]);
  });

  it('same-day assessments keep the order given', () => {
    const p = assessmentProgression([
      { id: 'first', kind: 'start', assessedOn: '2026-01-01', ratings: [] },
      { id: 'second', kind: 'other', assessedOn: '2026-01-01', ratings: [] },
    ]);
    expect(p.baseline!.assessmentId).toBe('first');
  });
});

describe('rating validation against the instrument', () => {
  const instrument = { dimensions: ['a', 'b', 'c'], scaleValues: [0, 1, 2, 3] };
  it('accepts every dimension once with values on the scale or unknown', () => {
    expect(ratingErrors(instrument, [r('a', 0, 3), r('b', null, null), r('c', 2, 1)])).toEqual([]);
  });
  it('names the field of each problem', () => {
    const errs = ratingErrors(instrument, [r('a', 4, 1), r('a', 1, 1), r('zz', 1, 7)]);
    expect(errs.map((e) => e.field)).toEqual(['ratings[0].risk', 'ratings[1].dimension', 'ratings[2].dimension', 'ratings[2].resources', 'ratings']);
    expect(errs.at(-1)!.reason).toContain('missing: b, c');
    expect(errs[0]!.reason).toContain('0, 1, 2, 3');
  });
  it('uses the scale of the instrument, not a fixed one', () => {
    expect(ratingErrors({ dimensions: ['a'], scaleValues: [0, 1] }, [r('a', 2, 0)]).map((e) => e.field)).toEqual(['ratings[0].risk']);
  });
});

describe('reassessment after 6 months', () => {
  it('is due six calendar months after the start assessment, clamped to the month end', () => {
    expect(reassessmentDue('2026-03-02')).toBe('2026-09-02');
    expect(reassessmentDue('2026-08-31')).toBe('2027-02-28');
    expect(reassessmentDue('2027-08-31')).toBe('2028-02-29');
  });
  it('is due only while there is a start assessment and no six_months one, on a case that is not closed', () => {
    const start = { kind: 'start' as const, assessedOn: '2026-01-15' };
    expect(nextReassessmentDue({ caseStatus: 'course', assessments: [start] })).toBe('2026-07-15');
    expect(nextReassessmentDue({ caseStatus: 'course', assessments: [start, { kind: 'other', assessedOn: '2026-03-01' }] })).toBe('2026-07-15');
    expect(nextReassessmentDue({ caseStatus: 'course', assessments: [start, { kind: 'six_months', assessedOn: '2026-07-01' }] })).toBeNull();
    expect(nextReassessmentDue({ caseStatus: 'open', assessments: [] })).toBeNull();
    expect(nextReassessmentDue({ caseStatus: 'closed', assessments: [start] })).toBeNull();
  });
});
