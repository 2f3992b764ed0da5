import { z } from 'zod';
import { LegalBasis, Version } from './contracts.ts';
import { Call, CallChannel, CallerSector, CallerType, CallIdeologyArea, ReporterInput, Severity } from './intake.ts';

/**
 * Corrections with a field-level history (docs/domain.md, "Corrections"): a record is corrected at the version the
 * client saw (409 on a stale one), and each changed field leaves one history row (who, when, old -> new) that the
 * record shows. One mechanism for every record type (src/server/platform/field-history.ts).
 */

/** One changed field as the record shows it. Values are text as stored (codes, dates, free text); null is "empty". */
export const FieldChange = z.object({
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  version: z.number().int(),
  changedAt: z.string(),
  changedBy: z.object({ id: z.uuid(), displayName: z.string() }),
});
export type FieldChange = z.infer<typeof FieldChange>;

const BehaviourCode = z.string().regex(/^[a-z_]{2,60}$/, 'must be a behaviour indicator code');

/**
 * PATCH /concerns/:id: the fields of a concern that may be corrected. Strict, like the intake: only these fields, and
 * at least one of them. The description keeps the intake's rule (concrete behaviour, at least 10 characters).
 */
export const ConcernCorrectionInput = z.strictObject({
  version: Version,
  severity: Severity.optional(),
  behaviourDescription: z.string().trim().min(10, 'must be at least 10 characters: describe concrete observed behaviour').max(5000).optional(),
  behaviourIndicators: z.array(BehaviourCode).min(1, 'needs at least one code').max(20).optional(),
  reporter: ReporterInput.optional(),
}).refine((x) => x.severity !== undefined || x.behaviourDescription !== undefined || x.behaviourIndicators !== undefined || x.reporter !== undefined, {
  message: 'name at least one field to correct (severity, behaviourDescription, behaviourIndicators, reporter)',
});
export type ConcernCorrectionInput = z.infer<typeof ConcernCorrectionInput>;

/** A behaviour code with its labels, so no page ever shows the raw code (D8). */
export const BehaviourLabel = z.object({ code: z.string(), labelDa: z.string(), labelEn: z.string() });

/**
 * What the concern page shows after the flow's steps (GET /concerns/:id, for the unit's own staff): the Infohus
 * decision with participants and reasoning, every share with its legal basis, every disclosure with its legal basis,
 * and the corrections. Police and partners get null (they see the concern as shared with them, not the unit's record).
 */
export const ConcernRecord = z.object({
  infohus: z.object({
    meetingDate: z.string(), participants: z.array(z.string()), decision: z.enum(['justified', 'unfounded']), reasoning: z.string(),
    decidedAt: z.string(), decidedBy: z.string(),
    /** The authority that owns the follow-up, when the decision was made in an Infohus meeting (else null). */
    followUpAuthority: z.string().nullable(),
    /** The decision's version (PATCH /concerns/:id/infohus) and its corrections, oldest first. */
    version: z.number().int(),
    corrections: z.array(FieldChange),
  }).nullable(),
  shares: z.array(z.object({
    recipient: z.string(), organisation: z.string().nullable(), legalBasis: LegalBasis, legalBasisText: z.string().nullable(), sharedAt: z.string(),
  })),
  disclosures: z.array(z.object({
    id: z.uuid(), partnerOrganisation: z.string(), legalBasis: LegalBasis, legalBasisText: z.string().nullable(), contentSummary: z.string(),
    disclosedAt: z.string(),
  })),
  corrections: z.array(FieldChange),
});
export type ConcernRecord = z.infer<typeof ConcernRecord>;

/**
 * PATCH /calls/:id: the fields of an advisory call that may be corrected (docs/domain.md, "Corrections"). The outcome
 * is not among them: a call becomes a concern only through the forward, which links the two. The caller's sector
 * follows the intake's rule (professionals only); null clears the duration.
 */
export const CallCorrectionInput = z.strictObject({
  version: Version,
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  channel: CallChannel.optional(),
  callerType: CallerType.optional(),
  callerSector: CallerSector.nullable().optional(),
  topic: z.string().trim().min(1).max(500).optional(),
  ideologyArea: CallIdeologyArea.optional(),
  durationMinutes: z.number().int().min(0).max(600).nullable().optional(),
}).refine((x) => Object.keys(x).some((k) => k !== 'version'), {
  message: 'name at least one field to correct (receivedAt, channel, callerType, callerSector, topic, ideologyArea, durationMinutes)',
});
export type CallCorrectionInput = z.infer<typeof CallCorrectionInput>;

/** A call as GET /calls/:id and PATCH /calls/:id answer it: the call with the history of its corrections. */
export const CallRecord = Call.extend({ corrections: z.array(FieldChange) });
export type CallRecord = z.infer<typeof CallRecord>;
