import { z } from 'zod';

/** Transfer when a citizen moves (docs/domain.md, "Transfers"): the workflow as data. */
export const TRANSFER_STATUSES = ['requested', 'accepted', 'rejected', 'withdrawn'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
/** Allowed transitions; anything else is a 409 naming these. Accept and reject are the receiver's, withdraw the sender's. */
export const TRANSFER_TRANSITIONS: Record<TransferStatus, readonly TransferStatus[]> = {
  requested: ['accepted', 'rejected', 'withdrawn'],
  accepted: [],
  rejected: [],
  withdrawn: [],
};
export const TRAVELS = ['summary', 'assessments', 'offers_courses'] as const;

export const TransferInput = z.strictObject({
  caseId: z.uuid().optional(),
  concernId: z.uuid().optional(),
  toUnitId: z.uuid(),
  travels: z.array(z.enum(TRAVELS)).min(1, 'name what travels: summary, assessments, offers_courses').max(3),
  legalBasis: z.string().trim().min(3, 'must name the rule that allows the transfer').max(500),
});
export const TransferDecision = z.strictObject({
  to: z.enum(['accepted', 'rejected', 'withdrawn']),
  reason: z.string().trim().min(1).max(1000).optional(),
  version: z.number().int().min(1),
});
export const Transfer = z.object({
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  concernId: z.uuid().nullable(),
  fromUnitId: z.uuid(),
  toUnitId: z.uuid(),
  travels: z.array(z.enum(TRAVELS)),
  legalBasis: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  requestedBy: z.uuid(),
  requestedAt: z.string(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  version: z.number().int(),
  /** incoming: the actor's unit receives it; outgoing: the actor's unit sent it (after acceptance, the closed stub). */
  direction: z.enum(['incoming', 'outgoing']),
});
