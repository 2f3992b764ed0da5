import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';

/**
 * Citizens' rights: access requests (GDPR Art. 15) with exemptions (databeskyttelsesloven § 22), and legal holds that
 * block deletion while a request, complaint or police request is pending (docs/security.md, "Access requests").
 * The workflow is data: the server refuses an illegal step with 409 naming the allowed ones.
 */

export const ACCESS_REQUEST_STATUSES = ['registered', 'compiling', 'handed_over', 'closed'] as const;
export const AccessRequestStatus = z.enum(ACCESS_REQUEST_STATUSES);
export type AccessRequestStatus = z.infer<typeof AccessRequestStatus>;

/**
 * registered → compiling happens when the DPO links the person (and the legal hold is placed); compiling → handed_over
 * when the export is handed over; handed_over → closed ends it (and lifts the hold). A request withdrawn before the
 * hand-over may be closed from registered or compiling.
 */
export const ACCESS_REQUEST_TRANSITIONS: Record<AccessRequestStatus, readonly AccessRequestStatus[]> = {
  registered: ['compiling', 'closed'],
  compiling: ['handed_over', 'closed'],
  handed_over: ['closed'],
  closed: [],
};

/** The deadline: one month from receipt (GDPR Art. 12(3)); an extension adds two months to it. */
export function accessRequestDeadline(receivedOn: string): string {
  return addMonths(receivedOn, 1);
}
export function extendedDeadline(deadlineOn: string): string {
  return addMonths(deadlineOn, 2);
}
/** yyyy-mm-dd plus n months, clamped to the last day of the target month (31 January + 1 month = 28/29 February). */
export function addMonths(isoDate: string, n: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

const Text = (max: number) => z.string().trim().min(1).max(max);

export const AccessRequestInput = z.object({
  receivedOn: IsoDate,
  /** How the requester's identity was verified, e.g. "MitID ved personligt fremmøde". */
  identityVerified: Text(500),
  note: Text(1000).optional(),
}).strict();

export const AccessRequestExtend = z.object({ version: Version, reason: Text(1000) }).strict();
export const AccessRequestLinkPerson = z.object({ version: Version, personId: z.uuid() }).strict();
export const AccessRequestTransition = z.object({ version: Version, to: z.enum(['handed_over', 'closed']) }).strict();

/** Find the person by name, CPR number or birth date (sent by POST: no personal data in URLs). */
export const AccessRequestPersonSearch = z.object({
  name: Text(200).optional(),
  cpr: z.string().trim().regex(/^\d{6}-?\d{4}$/, 'ten digits, ddmmyy-xxxx').optional(),
  birthDate: IsoDate.optional(),
}).strict().refine((q) => q.name !== undefined || q.cpr !== undefined || q.birthDate !== undefined, {
  message: 'give a name, a CPR number or a birth date', path: ['name'],
});

export const AccessRequestPersonHit = z.object({
  id: z.uuid(), fullName: z.string(), birthDate: z.string().nullable(), district: z.string().nullable(),
});

export const EXEMPTION_ITEM_TYPES = [
  'concern', 'call', 'share', 'infohus', 'child_report', 'case', 'status_change', 'note', 'disclosure', 'assessment', 'offer', 'course',
  'course_session', 'follow_up', 'consent', 'document', 'family_link', 'support_plan_goal', 'support_plan_review', 'meeting_item', 'transfer',
  'correction',
  'known_person_question',
] as const;
export const ExemptionItemType = z.enum(EXEMPTION_ITEM_TYPES);
export type ExemptionItemType = z.infer<typeof ExemptionItemType>;

export const ExemptionInput = z.object({
  itemType: ExemptionItemType,
  itemId: z.uuid(),
  /** E.g. "databeskyttelsesloven § 22, stk. 1, nr. 4 (hensynet til efterforskning)". */
  legalReference: Text(200).refine((v) => v.length >= 3, 'at least 3 characters'),
  reason: Text(1000),
}).strict();

export const Exemption = z.object({
  id: z.uuid(), itemType: ExemptionItemType, itemId: z.uuid(), legalReference: z.string(), reason: z.string(), recordedAt: z.string(),
});

export const AccessRequestSummary = z.object({
  id: z.uuid(),
  status: AccessRequestStatus,
  receivedOn: z.string(),
  deadlineOn: z.string(),
  extendedTo: z.string().nullable(),
  /** The deadline that counts: the extended one when there is one. */
  dueOn: z.string(),
  personLinked: z.boolean(),
  version: z.number().int(),
});

export const AccessRequestDetail = AccessRequestSummary.extend({
  identityVerified: z.string(),
  note: z.string().nullable(),
  extensionReason: z.string().nullable(),
  person: AccessRequestPersonHit.nullable(),
  exemptions: z.array(Exemption),
  allowed: z.array(AccessRequestStatus),
  handedOverAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  legalHold: z.object({ id: z.uuid(), placedAt: z.string(), liftedAt: z.string().nullable() }).nullable(),
});

/** One item of the export: its type and id (for exemptions), when, a Danish title and its fields as label → text. */
export const ExportItem = z.object({
  type: ExemptionItemType,
  id: z.uuid(),
  date: z.string().nullable(),
  fields: z.record(z.string(), z.string().nullable()),
});
export type ExportItem = z.infer<typeof ExportItem>;

/** One look-up or refused attempt: date, the organisation and role that looked, the purpose. Never a staff name or id. */
export const ExportLookup = z.object({
  at: z.string(), organisation: z.string().nullable(), role: z.string().nullable(), purpose: z.string().nullable(),
  action: z.string(), refused: z.boolean(),
});

export const AccessRequestExport = z.object({
  requestId: z.uuid(),
  compiledAt: z.string(),
  person: z.object({ fullName: z.string(), cpr: z.string().nullable(), birthDate: z.string().nullable(), gender: z.string().nullable(), district: z.string().nullable() }),
  items: z.array(ExportItem),
  withheld: z.array(z.object({ type: ExemptionItemType, date: z.string().nullable(), legalReference: z.string() })),
  lookups: z.array(ExportLookup),
});
export type AccessRequestExport = z.infer<typeof AccessRequestExport>;

/** The compilation as the DPO sees it before the hand-over: every item, each marked when it is exempted. */
export const AccessRequestCompilation = AccessRequestExport.extend({
  items: z.array(ExportItem.extend({ exempted: z.boolean() })),
});

// --- legal holds ---

export const LEGAL_HOLD_KINDS = ['access_request', 'complaint', 'police_request', 'other'] as const;
export const LegalHoldKind = z.enum(LEGAL_HOLD_KINDS);

export const LegalHoldInput = z.object({
  personId: z.uuid().optional(),
  caseId: z.uuid().optional(),
  reasonKind: z.enum(['complaint', 'police_request', 'other']),
  reason: Text(1000),
}).strict().refine((h) => (h.personId === undefined) !== (h.caseId === undefined), {
  message: 'give exactly one of personId and caseId', path: ['personId'],
});

/** A police request to preserve a case, placed by the coordinator who owns it: the reason is required. */
export const CasePoliceHoldInput = z.object({ reason: Text(1000).refine((v) => v.length >= 3, 'at least 3 characters') }).strict();

export const LegalHoldLift = z.object({ version: Version, reason: Text(1000) }).strict();

export const LegalHold = z.object({
  id: z.uuid(),
  personId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  reasonKind: LegalHoldKind,
  reason: z.string(),
  placedAt: z.string(),
  liftedAt: z.string().nullable(),
  liftReason: z.string().nullable(),
  version: z.number().int(),
});

export const LegalHoldQuery = z.object({ active: z.enum(['true', 'false']).optional() });
