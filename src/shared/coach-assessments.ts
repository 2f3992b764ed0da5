import { z } from 'zod';
import { AssessmentKind } from './assessments.ts';
import { IsoDate } from './contracts.ts';

/**
 * Assessments of the relative coached in a relative-coach course (docs/domain.md, "The coached relative's
 * instrument"), on the relative's own instrument: one rating per item, higher is better, or null (unknown).
 */

/** The current version of the coached relative's instrument. */
export const RELATIVE_COACH_INSTRUMENT = 'relative-coach-v1';

export const CoachAssessmentInput = z.strictObject({
  kind: AssessmentKind,
  assessedOn: IsoDate,
  instrumentId: z.string().min(1).max(60).default(RELATIVE_COACH_INSTRUMENT),
  ratings: z.array(z.strictObject({ dimension: z.string().min(1).max(60), rating: z.number().int().min(0).max(9).nullable() })).min(1).max(50),
});
export type CoachAssessmentInput = z.infer<typeof CoachAssessmentInput>;

export const CoachAssessment = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  instrumentId: z.string(),
  kind: AssessmentKind,
  assessedOn: z.string(),
  assessedBy: z.uuid(),
  createdAt: z.string(),
  ratings: z.array(z.object({ dimension: z.string(), rating: z.number().int().nullable() })),
});
export type CoachAssessment = z.infer<typeof CoachAssessment>;
