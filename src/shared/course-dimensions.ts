import { z } from 'zod';

/**
 * The assessment dimensions a course addresses (docs/domain.md, "Relevant dimensions of a course"): marked by the
 * coordinator on the course, versioned, and measured by the progression indicator where the plan says "relevante".
 */

/** The instrument whose dimensions a course is marked with: the national assessment tool. */
export const COURSE_DIMENSIONS_INSTRUMENT = 'national-v1';

/** A new marking: the version read (0 when the course has none yet) and the dimension codes, at least one. */
export const CourseDimensionsInput = z.strictObject({
  version: z.number().int().min(0),
  dimensions: z.array(z.string().min(1).max(60)).min(1).max(50),
});
export type CourseDimensionsInput = z.infer<typeof CourseDimensionsInput>;

export const CourseDimensions = z.object({
  courseId: z.uuid(),
  instrumentId: z.string(),
  /** 0 while nothing is marked. */
  version: z.number().int(),
  dimensions: z.array(z.string()),
  /** Every saved marking, newest first. */
  history: z.array(z.object({
    version: z.number().int(),
    dimensions: z.array(z.string()),
    markedAt: z.string(),
    markedBy: z.object({ id: z.uuid(), displayName: z.string() }),
  })),
});
export type CourseDimensions = z.infer<typeof CourseDimensions>;
