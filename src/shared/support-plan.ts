import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';

/**
 * The support plan of a case (docs/domain.md, "The support plan"): goals with an owner (an authority or a person), the
 * actions towards them and the assessment dimensions (src/shared/assessments.ts instruments) they address; reviews
 * record progress per goal and the next review date. A planned review is a task until it is recorded.
 */
const Timestamp = z.iso.datetime({ offset: true });
const StaffRef = z.object({ id: z.uuid(), displayName: z.string() });

export const GoalOwnerKind = z.enum(['authority', 'person']);
export const GoalStatus = z.enum(['active', 'achieved', 'dropped']);
export type GoalStatus = z.infer<typeof GoalStatus>;
export const GoalProgress = z.enum(['none', 'some', 'good', 'achieved', 'worse']);
export type GoalProgress = z.infer<typeof GoalProgress>;

/** The national instrument's dimension codes a goal may address (assessment_dimensions of 'national-v1'). */
export const PLAN_INSTRUMENT = 'national-v1';
const DimensionCode = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be a dimension code');

export const GoalInput = z.object({
  title: z.string().trim().min(1).max(300),
  ownerKind: GoalOwnerKind,
  ownerName: z.string().trim().min(1).max(200),
  actions: z.string().trim().min(1).max(4000),
  dimensions: z.array(DimensionCode).max(20).default([]),
  /** The first review date; required while the plan has no review planned. */
  reviewOn: IsoDate.optional(),
});
export type GoalInput = z.infer<typeof GoalInput>;

export const GoalPatch = z.object({
  version: Version,
  title: z.string().trim().min(1).max(300).optional(),
  ownerKind: GoalOwnerKind.optional(),
  ownerName: z.string().trim().min(1).max(200).optional(),
  actions: z.string().trim().min(1).max(4000).optional(),
  dimensions: z.array(DimensionCode).max(20).optional(),
  status: GoalStatus.optional(),
});
export type GoalPatch = z.infer<typeof GoalPatch>;

export const Goal = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  title: z.string(),
  ownerKind: GoalOwnerKind,
  ownerName: z.string(),
  actions: z.string(),
  dimensions: z.array(z.string()),
  status: GoalStatus,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Goal = z.infer<typeof Goal>;

export const ReviewInput = z.object({
  reviewedOn: IsoDate,
  summary: z.string().trim().min(1).max(4000).optional(),
  progress: z.array(z.object({ goalId: z.uuid(), progress: GoalProgress, note: z.string().trim().min(1).max(2000).optional() })).min(1).max(50),
  /** The next review; null when the plan ends with this review. */
  nextReviewOn: IsoDate.nullable(),
});
export type ReviewInput = z.infer<typeof ReviewInput>;

export const Review = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  reviewedOn: z.string(),
  summary: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  reviewedBy: StaffRef,
  recordedAt: Timestamp,
  progress: z.array(z.object({ goalId: z.uuid(), goalTitle: z.string(), progress: GoalProgress, note: z.string().nullable() })),
});
export type Review = z.infer<typeof Review>;

/** GET /cases/:id/support-plan: the goals, the recorded reviews (oldest first) and the next planned review. */
export const SupportPlan = z.object({
  caseId: z.uuid(),
  goals: z.array(Goal),
  reviews: z.array(Review),
  nextReviewOn: z.string().nullable(),
});
export type SupportPlan = z.infer<typeof SupportPlan>;
