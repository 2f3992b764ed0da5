import { z } from 'zod';
import { IsoDate } from './contracts.ts';
import { reassessmentDueOn } from './rules.ts';

/**
 * Assessments on the national assessment tool (docs/domain.md, step 6). The instrument is data (dimensions and scale are
 * rows in assessment_instruments / assessment_dimensions), so nothing here names a dimension: every rule works on
 * whatever dimension codes the instrument has. A rating of null means "unknown" and is never treated as a number.
 */

// --- contracts ----------------------------------------------------------------------------------------------------
export const InstrumentIdParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,59}$/, 'must be an instrument id') });
export const Label = z.object({ da: z.string(), en: z.string() });
export const ScaleStep = z.object({ value: z.number().int().nullable(), label: Label });
export const Instrument = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  active: z.boolean(),
  dimensions: z.array(z.object({ code: z.string(), position: z.number().int(), label: Label })),
  /** The ordinal steps, lowest first, followed by the explicit "unknown" step whose value is null. */
  scale: z.array(ScaleStep),
  /** Whom it assesses: the case's person (the national tool) or the relative coached in a course (migration 0341). */
  subject: z.enum(['person', 'coached_relative']).optional(),
});
export type Instrument = z.infer<typeof Instrument>;

export const AssessmentKind = z.enum(['start', 'six_months', 'end', 'other']);
export type AssessmentKind = z.infer<typeof AssessmentKind>;
/** Any small ordinal; whether it is on the instrument's scale is checked against the instrument in the database. */
const Rating = z.number().int().min(0).max(9).nullable();
export const RatingInput = z.object({
  dimension: z.string().min(1).max(60),
  risk: Rating,
  resources: Rating,
  comment: z.string().trim().max(2000).optional(),
});
export const AssessmentInput = z.object({
  kind: AssessmentKind,
  assessedOn: IsoDate,
  instrumentId: z.string().min(1).max(60),
  ratings: z.array(RatingInput).min(1).max(100),
  summary: z.string().trim().max(5000).optional(),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;
export const Assessment = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  instrumentId: z.string(),
  kind: AssessmentKind,
  assessedOn: z.string(),
  summary: z.string().nullable(),
  assessedBy: z.uuid(),
  createdAt: z.string(),
  ratings: z.array(z.object({ dimension: z.string(), risk: z.number().int().nullable(), resources: z.number().int().nullable(), comment: z.string().nullable() })),
});
export type Assessment = z.infer<typeof Assessment>;

const Direction = z.enum(['improved', 'worsened', 'mixed', 'unchanged', 'unknown']);
export const DimensionChange = z.object({
  dimension: z.string(),
  riskBefore: z.number().int().nullable(),
  riskAfter: z.number().int().nullable(),
  /** after − before; negative is an improvement. null when either side is unknown. */
  riskChange: z.number().int().nullable(),
  resourcesBefore: z.number().int().nullable(),
  resourcesAfter: z.number().int().nullable(),
  /** after − before; positive is an improvement. null when either side is unknown. */
  resourcesChange: z.number().int().nullable(),
  direction: Direction,
});
export const Comparison = z.object({
  assessmentId: z.uuid(),
  kind: AssessmentKind,
  assessedOn: z.string(),
  dimensions: z.array(DimensionChange),
  overall: z.object({
    meanRiskChange: z.number().nullable(),
    meanResourcesChange: z.number().nullable(),
    knownRiskDimensions: z.number().int(),
    knownResourcesDimensions: z.number().int(),
    improved: z.number().int(),
    worsened: z.number().int(),
    mixed: z.number().int(),
    unchanged: z.number().int(),
    unknown: z.number().int(),
  }),
});
export const Progression = z.object({
  baseline: z.object({ assessmentId: z.uuid(), kind: AssessmentKind, assessedOn: z.string() }).nullable(),
  comparisons: z.array(Comparison),
});
export type Progression = z.infer<typeof Progression>;

// --- progression (pure) -------------------------------------------------------------------------------------------
export interface RatedAssessment {
  id: string;
  kind: AssessmentKind;
  assessedOn: string;
  ratings: readonly { dimension: string; risk: number | null; resources: number | null }[];
}

const sign = (n: number | null): number => (n === null ? 0 : Math.sign(n));

/**
 * Progression: every later assessment compared with the FIRST one (by date, then by the order given). Per dimension,
 * the change in risk (negative = improvement) and in resources (positive = improvement); when either side is
 * unknown no change is computed. A dimension is improved when what is known moved only the good way, worsened when
 * only the bad way, mixed when both, unchanged when known but unmoved, unknown when nothing can be compared.
 * Overall: the mean risk (and resources) change over the dimensions where it is known, and the counts.
 */
export function assessmentProgression(assessments: readonly RatedAssessment[]): Progression {
  const ordered = assessments
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.assessedOn < y.a.assessedOn ? -1 : x.a.assessedOn > y.a.assessedOn ? 1 : x.i - y.i))
    .map((x) => x.a);
  const first = ordered[0];
  if (!first) return { baseline: null, comparisons: [] };
  const before = new Map(first.ratings.map((r) => [r.dimension, r]));
  const comparisons = ordered.slice(1).map((later) => {
    const after = new Map(later.ratings.map((r) => [r.dimension, r]));
    const codes = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
    const dimensions = codes.map((dimension) => {
      const b = before.get(dimension);
      const a = after.get(dimension);
      const riskBefore = b?.risk ?? null;
      const riskAfter = a?.risk ?? null;
      const resourcesBefore = b?.resources ?? null;
      const resourcesAfter = a?.resources ?? null;
      const riskChange = riskBefore === null || riskAfter === null ? null : riskAfter - riskBefore;
      const resourcesChange = resourcesBefore === null || resourcesAfter === null ? null : resourcesAfter - resourcesBefore;
      // Good signals: risk down, resources up. Bad signals: the opposite.
      const good = (sign(riskChange) < 0 ? 1 : 0) + (sign(resourcesChange) > 0 ? 1 : 0);
      const bad = (sign(riskChange) > 0 ? 1 : 0) + (sign(resourcesChange) < 0 ? 1 : 0);
      const direction: z.infer<typeof Direction> =
        riskChange === null && resourcesChange === null ? 'unknown'
          : good > 0 && bad > 0 ? 'mixed'
            : good > 0 ? 'improved'
              : bad > 0 ? 'worsened'
                : 'unchanged';
      return { dimension, riskBefore, riskAfter, riskChange, resourcesBefore, resourcesAfter, resourcesChange, direction };
    });
    const risks = dimensions.map((d) => d.riskChange).filter((n): n is number => n !== null);
    const resources = dimensions.map((d) => d.resourcesChange).filter((n): n is number => n !== null);
    const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
    const count = (d: z.infer<typeof Direction>) => dimensions.filter((x) => x.direction === d).length;
    return {
      assessmentId: later.id,
      kind: later.kind,
      assessedOn: later.assessedOn,
      dimensions,
      overall: {
        meanRiskChange: mean(risks),
        meanResourcesChange: mean(resources),
        knownRiskDimensions: risks.length,
        knownResourcesDimensions: resources.length,
        improved: count('improved'),
        worsened: count('worsened'),
        mixed: count('mixed'),
        unchanged: count('unchanged'),
        unknown: count('unknown'),
      },
    };
  });
  return { baseline: { assessmentId: first.id, kind: first.kind, assessedOn: first.assessedOn }, comparisons };
}

// --- reassessment rule (pure) -------------------------------------------------------------------------------------
/**
 * The date (YYYY-MM-DD) the 6-month reassessment is due for a start assessment on startOn: six calendar months later,
 * clamped to the month's end (31 August → 28/29 February). The arithmetic is the shared deadline rule in rules.ts.
 */
export function reassessmentDue(startOn: string): string {
  return reassessmentDueOn(startOn);
}

/**
 * When the case's next reassessment is due: the start assessment's date + 6 months while no six_months assessment
 * exists and the case is not closed; otherwise null (nothing due). Used by the case view and by the task rules.
 */
export function nextReassessmentDue(input: {
  caseStatus: string;
  assessments: readonly { kind: AssessmentKind; assessedOn: string }[];
}): string | null {
  if (input.caseStatus === 'closed') return null;
  if (input.assessments.some((a) => a.kind === 'six_months')) return null;
  const start = input.assessments.find((a) => a.kind === 'start');
  return start ? reassessmentDue(start.assessedOn) : null;
}

// --- validation against the instrument (pure) ---------------------------------------------------------------------
/** What a rating is checked against: the instrument's dimension codes and the values on its scale. */
export interface InstrumentShape {
  dimensions: readonly string[];
  scaleValues: readonly number[];
}

/**
 * Field errors for a set of ratings: every dimension of the instrument exactly once, no foreign dimensions, and
 * risk/resources each a value on the instrument's scale or null (unknown). Field names follow the request body
 * (`ratings[2].risk`) so the form can show each error beside its input.
 */
export function ratingErrors(
  instrument: InstrumentShape,
  ratings: readonly { dimension: string; risk: number | null; resources: number | null }[],
): { field: string; reason: string }[] {
  const errs: { field: string; reason: string }[] = [];
  const known = new Set(instrument.dimensions);
  const seen = new Set<string>();
  const scale = `one of ${instrument.scaleValues.join(', ')} or null (unknown)`;
  ratings.forEach((r, i) => {
    if (!known.has(r.dimension)) errs.push({ field: `ratings[${i}].dimension`, reason: 'is not a dimension of the instrument' });
    else if (seen.has(r.dimension)) errs.push({ field: `ratings[${i}].dimension`, reason: `rates ${r.dimension} a second time` });
    seen.add(r.dimension);
    if (r.risk !== null && !instrument.scaleValues.includes(r.risk)) errs.push({ field: `ratings[${i}].risk`, reason: `must be ${scale}` });
    if (r.resources !== null && !instrument.scaleValues.includes(r.resources)) errs.push({ field: `ratings[${i}].resources`, reason: `must be ${scale}` });
  });
  const missing = instrument.dimensions.filter((d) => !seen.has(d));
  if (missing.length > 0) errs.push({ field: 'ratings', reason: `must rate every dimension of the instrument; missing: ${missing.join(', ')}` });
  return errs;
}
