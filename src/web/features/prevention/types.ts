import type { z } from 'zod';
import type {
  Activity as ActivitySchema,
  ForumMember as ForumMemberSchema,
  ForumMemberList as ForumMemberListSchema,
  Survey as SurveySchema,
  SurveyQr as SurveyQrSchema,
  SurveyResults as SurveyResultsSchema,
} from '../../../shared/prevention.ts';

/** The web's view of the prevention contracts (src/shared/prevention.ts): types only. */
export type Activity = z.infer<typeof ActivitySchema>;
export type ForumMember = z.infer<typeof ForumMemberSchema>;
export type ForumMemberList = z.infer<typeof ForumMemberListSchema>;
export type Survey = z.infer<typeof SurveySchema>;
export type SurveyQr = z.infer<typeof SurveyQrSchema>;
export type SurveyResults = z.infer<typeof SurveyResultsSchema>;

export const ACTIVITY_KINDS = [
  'awareness_talk', 'theme_day', 'network_meeting', 'conference', 'school_course', 'parent_course', 'relative_course',
  'citizen_forum_meeting', 'hearing', 'mosque_network_meeting', 'outreach',
] as const;
export const TARGET_GROUPS = ['society', 'group_risk_environment', 'individual', 'professionals'] as const;
export const AUDIENCE_SECTORS = [
  'school', 'social_services', 'club', 'psychiatry', 'housing', 'police', 'parents', 'pupils', 'civil_society', 'religious_communities', 'other',
] as const;
export const PREVENTION_LEVELS = ['green', 'yellow', 'red'] as const;
export const FORUM_KINDS = ['association', 'religious_community', 'housing', 'sports', 'education', 'other'] as const;
