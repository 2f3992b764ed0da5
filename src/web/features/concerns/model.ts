import type { z } from 'zod';
import { Gender } from '../../../shared/contracts.ts';
import { parseCpr } from '../../../shared/cpr.ts';
import { TRIAGE_HOURS } from '../../../shared/rules.ts';
import { SEVERITIES, triageDeadline } from '../../../shared/concern-workflow.ts';
import {
  ConcernChannel, IdeologyArea,
  type BehaviourIndicator as BehaviourIndicatorSchema,
  type Call as CallSchema,
  type Concern as ConcernSchema,
  type ConcernStatus as ConcernStatusSchema,
  type ConcernSummary as ConcernSummarySchema,
  type InfohusResult as InfohusResultSchema,
  type PersonMatch as PersonMatchSchema,
  type ReligionOverrideCount as ReligionOverrideCountSchema,
  type Severity as SeveritySchema,
  type ShareResult as ShareResultSchema,
} from '../../../shared/intake.ts';
import type { ConcernPage as ConcernPageSchema } from '../../../shared/lists.ts';
import { inOrder } from '../../components/choices.ts';

/** The web's view of the concern contracts (src/shared/intake.ts): types inferred from the zod schemas. */
export type Severity = z.infer<typeof SeveritySchema>;
export type ConcernStatus = z.infer<typeof ConcernStatusSchema>;
export type BehaviourIndicator = z.infer<typeof BehaviourIndicatorSchema>;
export type PersonMatch = z.infer<typeof PersonMatchSchema>;
export type Concern = z.infer<typeof ConcernSchema>;
export type ConcernSummary = z.infer<typeof ConcernSummarySchema>;
export type ConcernPage = z.infer<typeof ConcernPageSchema>;
export type Call = z.infer<typeof CallSchema>;
export type ReligionOverrideCount = z.infer<typeof ReligionOverrideCountSchema>;
export type ShareResult = z.infer<typeof ShareResultSchema>;
export type InfohusResult = z.infer<typeof InfohusResultSchema>;

/** The choices the intake offers, the usual answer first (the contracts' own values). */
export const IDEOLOGIES = inOrder(IdeologyArea.options, ['other_unclear']);
export const CONCERN_CHANNELS = inOrder(ConcernChannel.options, ['professional', 'partner', 'web_form']);
export const GENDERS = inOrder(Gender.options, ['unknown']);
export { SEVERITIES, TRIAGE_HOURS, triageDeadline };

/** The birth date a CPR number gives, or null (the same rule as the server: src/shared/cpr.ts). */
export function birthDateFromCpr(cpr: string): string | null {
  return parseCpr(cpr)?.birthDate ?? null;
}
