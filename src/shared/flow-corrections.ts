import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';

/**
 * Corrections of an Infohus decision and of an offer's answer (docs/domain.md, "Corrections"): sent with the version
 * the client read (409 on a stale one) and only the fields that change; each changed field leaves a history row
 * (src/server/platform/field-history.ts) that the record shows.
 */

/**
 * PATCH /concerns/:id/infohus: the meeting's date, who took part, the decision, its reasoning and (for a decision made in
 * an Infohus meeting) the authority that owns the follow-up. The decision can be
 * corrected from unfounded to justified (a case is then opened or joined, as at the meeting); not back, since the case
 * opened on it would be left without its ground (close the case instead).
 */
export const InfohusCorrectionInput = z.strictObject({
  version: Version,
  meetingDate: IsoDate.optional(),
  participants: z.array(z.string().trim().min(1).max(200)).min(1, 'needs at least one participant').max(40).optional(),
  decision: z.enum(['justified', 'unfounded']).optional(),
  reasoning: z.string().trim().min(1, 'must not be empty').max(5000).optional(),
  /** The authority that owns the follow-up, for a decision made in an Infohus meeting (kept on the meeting's item). */
  followUpAuthority: z.string().trim().min(1, 'must not be empty').max(200).optional(),
}).refine((x) => Object.keys(x).some((k) => k !== 'version'), {
  message: 'name at least one field to correct (meetingDate, participants, decision, reasoning, followUpAuthority)',
});
export type InfohusCorrectionInput = z.infer<typeof InfohusCorrectionInput>;

/**
 * PATCH /offers/:id: a recorded answer (accepted, declined, no answer) and when it was given. An unanswered offer is
 * answered (POST /offers/:id/response), not corrected.
 */
export const OfferCorrectionInput = z.strictObject({
  version: Version,
  response: z.enum(['accepted', 'declined', 'no_answer']).optional(),
  respondedAt: z.iso.datetime({ offset: true }).optional(),
}).refine((x) => x.response !== undefined || x.respondedAt !== undefined, { message: 'name at least one field to correct (response, respondedAt)' });
export type OfferCorrectionInput = z.infer<typeof OfferCorrectionInput>;
