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
