import { z } from 'zod';
import { IsoDate, PreventionLevel, Version } from './contracts.ts';

/**
 * zod contracts of the prevention work (docs/domain.md, "Prevention work (not about individuals)"): activities, anonymous
 * surveys after an activity, and the citizen forum. Nothing here describes a participant: activities carry counts,
 * survey answers carry no identity, forum members are organisations.
 */

// --- activities ------------------------------------------------------------------------------------------------
export const ACTIVITY_KINDS = [
  'awareness_talk', 'theme_day', 'network_meeting', 'conference', 'school_course', 'parent_course', 'relative_course',
  'citizen_forum_meeting', 'hearing', 'mosque_network_meeting', 'outreach',
] as const;
/**
 * An activity kind: a code of the activity_kinds vocabulary (migration 0360), which an administrator keeps; the
 * server accepts only active ones in a new or changed activity (docs/domain.md, "Vocabularies"). ACTIVITY_KINDS are
 * the codes installed.
 */
export const ActivityKind = z.string().regex(/^[a-z][a-z_]{1,59}$/, 'must be an activity kind code');
export type ActivityKind = z.infer<typeof ActivityKind>;
export const TargetGroup = z.enum(['society', 'group_risk_environment', 'individual', 'professionals']);
export type TargetGroup = z.infer<typeof TargetGroup>;
export const AudienceSector = z.enum([
  'school', 'social_services', 'club', 'psychiatry', 'housing', 'police', 'parents', 'pupils', 'civil_society', 'religious_communities', 'other', 'ssp', 'health',
]);
export type AudienceSector = z.infer<typeof AudienceSector>;

const Title = z.string().trim().min(1).max(200);
/** Free text about the activity; the form tells the user it must not describe participants. */
const Notes = z.string().trim().max(2000);

export const ActivityInput = z.object({
  heldOn: IsoDate,
  kind: ActivityKind,
  title: Title,
  targetGroup: TargetGroup,
  preventionLevel: PreventionLevel,
  audienceSector: AudienceSector,
  participants: z.number().int().min(0).max(100_000),
  organisations: z.number().int().min(0).max(10_000).default(0),
  /** A track of one of the unit's action plans, so the activity counts towards that track. */
  trackId: z.uuid().optional(),
  notes: Notes.optional(),
});
export type ActivityInput = z.infer<typeof ActivityInput>;
export const ActivityPatch = z.object({
  version: Version,
  heldOn: IsoDate.optional(),
  kind: ActivityKind.optional(),
  title: Title.optional(),
  targetGroup: TargetGroup.optional(),
  preventionLevel: PreventionLevel.optional(),
  audienceSector: AudienceSector.optional(),
  participants: z.number().int().min(0).max(100_000).optional(),
  organisations: z.number().int().min(0).max(10_000).optional(),
  trackId: z.uuid().nullable().optional(),
  notes: Notes.nullable().optional(),
});
export type ActivityPatch = z.infer<typeof ActivityPatch>;
/** Filters are kinds and a year, never anything personal, so the list is a GET with a query string. */
export const ActivityQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: ActivityKind.optional(),
  targetGroup: TargetGroup.optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;
export const Activity = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  heldOn: z.string(),
  kind: ActivityKind,
  title: z.string(),
  targetGroup: TargetGroup,
  preventionLevel: PreventionLevel,
  audienceSector: AudienceSector,
  participants: z.number().int(),
  organisations: z.number().int(),
  trackId: z.uuid().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Activity = z.infer<typeof Activity>;

// --- surveys ---------------------------------------------------------------------------------------------------
export const QuestionKind = z.enum(['agreement', 'yes_no']);
export type QuestionKind = z.infer<typeof QuestionKind>;
/** The answer scale of each question kind: agreement 1 (strongly disagree) .. 5 (strongly agree); yes_no 0 / 1. */
export const ANSWER_VALUES: Record<QuestionKind, readonly number[]> = {
  agreement: [1, 2, 3, 4, 5],
  yes_no: [0, 1],
};
/** The answers that count as agreeing, for the share-agreeing targets of the action plan. */
export const AGREEING_VALUES: Record<QuestionKind, readonly number[]> = {
  agreement: [4, 5],
  yes_no: [1],
};
export const IndicatorKey = z.string().regex(/^[a-z_]{2,60}$/, 'must be 2-60 lowercase letters or underscores');

export const SurveyQuestionInput = z.object({
  textDa: z.string().trim().min(1).max(500),
  textEn: z.string().trim().min(1).max(500).optional(),
  kind: QuestionKind.default('agreement'),
  /** Marks the question whose share agreeing feeds an action-plan indicator (e.g. "able_to_help"). */
  indicatorKey: IndicatorKey.optional(),
});
export const SurveyInput = z.object({
  activityId: z.uuid().optional(),
  title: Title,
  opensOn: IsoDate,
  closesOn: IsoDate,
  questions: z.array(SurveyQuestionInput).min(1).max(50),
});
export type SurveyInput = z.infer<typeof SurveyInput>;
export const SurveyQuestion = z.object({
  id: z.uuid(),
  position: z.number().int(),
  textDa: z.string(),
  textEn: z.string().nullable(),
  kind: QuestionKind,
  indicatorKey: z.string().nullable(),
});
export const Survey = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  activityId: z.uuid().nullable(),
  title: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  /** The only secret in the public link; whoever holds it may answer while the survey is open. */
  publicToken: z.string(),
  createdAt: z.string(),
  questions: z.array(SurveyQuestion),
});
export type Survey = z.infer<typeof Survey>;
export const SurveyQr = z.object({ url: z.string(), qrSvg: z.string() });
/** A survey as an activity lists it (GET /activities/:id/surveys), to show its QR code and link again (D30). */
export const SurveySummary = Survey.pick({ id: true, title: true, opensOn: true, closesOn: true, createdAt: true });
export type SurveySummary = z.infer<typeof SurveySummary>;

/** A count as shown: the number, or "<5" where small counts are suppressed (analysts). */
export const ShownCount = z.union([z.number().int(), z.literal('<5')]);
export type ShownCount = z.infer<typeof ShownCount>;
export const QuestionResult = SurveyQuestion.extend({
  /** Non-empty answers to the question. */
  responses: ShownCount,
  distribution: z.array(z.object({ value: z.number().int(), count: ShownCount })),
  agreeing: ShownCount,
  /** agreeing / responses, 0..1; null when there are no answers or the share would reveal a suppressed count. */
  shareAgreeing: z.number().nullable(),
});
export const SurveyResults = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  /** Submitted responses (forms), whatever they answered. */
  responses: ShownCount,
  /** True when counts under 5 are shown as "<5" for this reader. */
  suppressed: z.boolean(),
  questions: z.array(QuestionResult),
});

/** What the public (no sign-in) sees of an open survey: the questions, nothing about the unit's work. */
export const PublicSurvey = z.object({
  title: z.string(),
  closesOn: z.string(),
  questions: z.array(SurveyQuestion.omit({ indicatorKey: true })),
  /** A single-use answer ticket: the answer must bring it back, and it lets one answer in (then 409). */
  ticket: z.string(),
});
export const PublicToken = z.string().min(1).max(128);
export const PublicTokenParams = z.object({ token: PublicToken });
export const SurveyResponseInput = z.object({
  /** The answer ticket the survey page was given with the questions. */
  ticket: z.string().min(1).max(128),
  answers: z
    .array(z.object({
      questionId: z.uuid(),
      /** null: the question was left unanswered. The range is checked against the question's kind. */
      value: z.number().int().nullable(),
    }))
    .min(1)
    .max(50),
});
export type SurveyResponseInput = z.infer<typeof SurveyResponseInput>;

// --- citizen forum ---------------------------------------------------------------------------------------------
export const ForumMemberKind = z.enum(['association', 'religious_community', 'housing', 'sports', 'education', 'other']);
export const ForumMemberInput = z.object({
  organisation: Title,
  kind: ForumMemberKind.default('association'),
  joinedOn: IsoDate,
  /** The date the organisation signed the charter of democratic values. */
  charterSignedOn: IsoDate.optional(),
});
export type ForumMemberInput = z.infer<typeof ForumMemberInput>;
export const ForumMemberPatch = z.object({
  version: Version,
  organisation: Title.optional(),
  kind: ForumMemberKind.optional(),
  charterSignedOn: IsoDate.nullable().optional(),
  leftOn: IsoDate.nullable().optional(),
});
export type ForumMemberPatch = z.infer<typeof ForumMemberPatch>;
export const ForumMember = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  organisation: z.string(),
  kind: ForumMemberKind,
  joinedOn: z.string(),
  charterSignedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  signedCharter: z.boolean(),
  /** Joined and not (yet) left on today's Danish date. */
  active: z.boolean(),
  version: z.number().int(),
});
export const ForumMemberList = z.object({
  members: z.array(ForumMember),
  counts: z.object({
    members: z.number().int(),
    active: z.number().int(),
    /** Active members that have signed the charter. */
    activeSignedCharter: z.number().int(),
    /** Active members by kind of organisation. */
    byKind: z.record(z.string(), z.number().int()),
  }),
});
