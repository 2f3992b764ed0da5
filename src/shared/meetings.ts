import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';
import { DisclosureInput } from './intake.ts';

/**
 * The Infohus meeting (docs/domain.md, "The Infohus meeting"): planned per unit with participants from the staff
 * directory, an agenda filled from the concerns awaiting assessment and the cases due for review, the decision per
 * item in one sitting, and minutes per organisation holding only the items disclosed to it.
 */

export const MeetingInput = z.object({
  meetingOn: IsoDate,
  place: z.string().trim().min(1).max(200),
  participantIds: z.array(z.uuid()).min(1).max(40),
}).strict();
export type MeetingInput = z.infer<typeof MeetingInput>;

export const MeetingParticipant = z.object({ userId: z.uuid(), displayName: z.string(), role: z.string(), organisation: z.string().nullable() });

export const MeetingItem = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: z.enum(['concern', 'case_review']),
  concernId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  /** The person the item is about; shown to police and partners only for items disclosed to their organisation. */
  personName: z.string(),
  severity: z.string().nullable(),
  /** The concern's version, for the decision (409 when someone changed it since). */
  concernVersion: z.number().int().nullable(),
  decision: z.enum(['justified', 'unfounded', 'reviewed']).nullable(),
  reasoning: z.string().nullable(),
  sharedWith: z.array(z.string()),
  followUpAuthority: z.string().nullable(),
  followUpAction: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: Version,
});
export type MeetingItem = z.infer<typeof MeetingItem>;

export const MeetingSummary = z.object({
  id: z.uuid(), meetingOn: z.string(), place: z.string(), items: z.number().int(), decided: z.number().int(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const Meeting = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  meetingOn: z.string(),
  place: z.string(),
  participants: z.array(MeetingParticipant),
  items: z.array(MeetingItem),
  version: Version,
});
export type Meeting = z.infer<typeof Meeting>;

export const ItemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

/**
 * The decision on one agenda item. A concern: justified or unfounded, with reasoning and the disclosures (each with
 * its legal basis) made in the meeting, through the concerns module's Infohus assessment. A case due for review:
 * 'reviewed' with reasoning. Either way the authority that owns the follow-up (the Infohus recommends; each authority
 * decides under its own law).
 */
export const ItemDecisionInput = z.object({
  version: Version,
  concernVersion: Version.optional(),
  decision: z.enum(['justified', 'unfounded', 'reviewed']),
  reasoning: z.string().trim().min(1).max(5000),
  disclosures: z.array(DisclosureInput).max(20).optional(),
  followUpAuthority: z.string().trim().min(1).max(200).optional(),
  followUpAction: z.string().trim().min(1).max(2000).optional(),
}).strict();
export type ItemDecisionInput = z.infer<typeof ItemDecisionInput>;

/** Which organisation's minutes: left out by the unit's staff for the full minutes; police and partners get their own. */
export const MinutesInput = z.object({ organisation: z.string().trim().min(1).max(200).optional(), lang: z.enum(['da', 'en']).optional() }).strict();
export type MinutesInput = z.infer<typeof MinutesInput>;
