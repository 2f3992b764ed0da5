import { z } from 'zod';
import { ACTIONS, type Action } from './policy.ts';
import { Role } from './roles.ts';
import { CaseStatus } from './case-workflow.ts';

/** zod contracts shared by the server (validation, OpenAPI) and the web app. */

export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid() });
export const Version = z.number().int().min(1).max(2_147_483_647);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    currentVersion: z.number().int().optional(),
    /** On a conflict from a status machine: the steps that are allowed from the current status. */
    allowed: z.array(z.string()).optional(),
    /** On a conflict from a status machine: the current status. */
    current: z.string().optional(),
    /** On a report that is not ready yet: its job status. */
    jobStatus: z.string().optional(),
    /** On a follow-up answered before it falls due: the due day (YYYY-MM-DD). */
    dueOn: z.string().optional(),
    /** On a call that was already forwarded: the concern it became. */
    concernId: z.string().optional(),
    /** On a refused duplicate registration: the person already registered. */
    existingPersonId: z.string().optional(),
    /** On closing a case with running courses: the courses that run, to name them. */
    runningCourses: z.array(z.object({ id: z.string(), kind: z.string(), mentorName: z.string(), startedOn: z.string() })).optional(),
    reference: z.string().optional(),
  })
  .meta({ id: 'Problem' });

// --- auth -----------------------------------------------------------------------------------------------
export const Me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: z.uuid(),
  unitName: z.string(),
  /** What the role may attempt at all (shared/policy.ts), for menus and buttons; each record is still decided by reach. */
  capabilities: z.array(z.enum(ACTIONS as [Action, ...Action[]])),
});
export type Me = z.infer<typeof Me>;
export const SessionInfo = z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() });
export const LoginInput = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const LoginResult = z.object({ next: z.enum(['second_factor', 'enrolment']), csrfToken: z.string() });
export const SignedIn = z.object({ user: Me, csrfToken: z.string(), session: SessionInfo });
export const Enrolment = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export const TotpCode = z.string().regex(/^[0-9]{6}$/, 'must be 6 digits');
export const EnrolmentConfirm = z.object({ code: TotpCode });
/**
 * After enrolment: signed in, or (an account whose role awaits a manager's or the DPO's approval) only the recovery
 * codes, with no session (docs/security.md, "Role grants, four eyes and enrolment codes").
 */
export const EnrolmentConfirmed = z.union([
  SignedIn.extend({ recoveryCodes: z.array(z.string()) }),
  z.object({ recoveryCodes: z.array(z.string()), awaitingApproval: z.literal(true) }),
]);
export const SecondFactorInput = z.union([
  z.object({ code: TotpCode }).strict(),
  z.object({ recoveryCode: z.string().min(8).max(40) }).strict(),
]);
export const AuthConfig = z.object({ oidc: z.object({ enabled: z.boolean(), label: z.string() }) });

// --- users (administration) ------------------------------------------------------------------------------
export const Username = z
  .string()
  .min(3)
  .max(100)
  .regex(/^[a-zA-Z0-9._@-]+$/, 'may contain letters a-z, digits and . _ @ - only')
  .transform((s) => s.toLowerCase());
export const Password = z.string().min(12, 'must be at least 12 characters').max(200);
/** A one-time enrolment code as handed over, e.g. "k7qm-2xwd-9pfa-3hbn" (case and dashes do not matter). */
export const EnrolmentCode = z.string().trim().min(8).max(40);
/** First sign-in (or after a reset): the code the administrator handed over, and the user's own new password. */
export const EnrolWithCode = z.object({ username: z.string().min(1).max(100), code: EnrolmentCode, password: Password });
/** Why a role that needs approval is asked for; shown to the manager or DPO who decides. */
const GrantReason = z.string().trim().min(1).max(500);
// An administrator never chooses a password for someone else: a local account gets a one-time enrolment code.
export const UserInput = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(200),
  role: Role,
  unitId: z.uuid().optional(),
  organisation: z.string().trim().max(200).optional(),
  oidcSubject: z.string().min(1).max(200).optional(),
  /** Required when the role needs approval (four eyes). */
  reason: GrantReason.optional(),
}).strict();
export const UserPatch = z.object({
  version: Version,
  displayName: z.string().trim().min(1).max(200).optional(),
  role: Role.optional(),
  organisation: z.string().trim().max(200).nullable().optional(),
  /** Required when the new role needs approval (four eyes). */
  reason: GrantReason.optional(),
});
export const User = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  organisation: z.string().nullable(),
  secondFactorEnrolled: z.boolean(),
  disabled: z.boolean(),
  locked: z.boolean(),
  /** The account's role awaits approval; it cannot sign in until then. */
  roleAwaitingApproval: z.boolean(),
  /** The role asked for in an open role grant, if any. */
  pendingRole: Role.nullable(),
  version: z.number().int(),
});
export type User = z.infer<typeof User>;
/** A created account, or one whose second factor was reset: the enrolment code is shown this once (null for SSO). */
export const UserWithCode = User.extend({ enrolmentCode: z.string().nullable(), enrolmentCodeExpiresAt: z.string().nullable() });
export type UserWithCode = z.infer<typeof UserWithCode>;

export const ROLE_GRANT_STATUSES = ['requested', 'approved', 'rejected', 'withdrawn'] as const;
export const RoleGrantStatus = z.enum(ROLE_GRANT_STATUSES);
export const RoleGrant = z.object({
  id: z.uuid(),
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }),
  previousRole: Role.nullable(),
  requestedRole: Role,
  kind: z.enum(['new_account', 'role_change', 'second_factor_reset']),
  reason: z.string(),
  requestedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  requestedAt: z.string(),
  status: RoleGrantStatus,
  decidedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;
export const RoleGrantQuery = z.object({ status: RoleGrantStatus.optional() });
export const RoleGrantDecision = z.object({ version: Version, note: z.string().trim().max(500).optional() });

export const Unit = z.object({ id: z.uuid(), name: z.string(), municipalityCode: z.string(), policeDistrict: z.string() });

// --- persons ---------------------------------------------------------------------------------------------
export const Gender = z.enum(['female', 'male', 'other', 'unknown']);
export const Cpr = z.string().regex(/^[0-9]{6}-?[0-9]{4}$/, 'must be DDMMYY-SSSS');
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01' && s <= '2100-12-31';
  }, 'must be a real calendar date between 1900 and 2100');
export const PersonInput = z.object({
  fullName: z.string().trim().min(1).max(200),
  cpr: Cpr.optional(),
  birthDate: IsoDate.optional(),
  gender: Gender.default('unknown'),
  district: z.string().trim().max(100).optional(),
});
export const PersonPatch = z.object({
  version: Version,
  fullName: z.string().trim().min(1).max(200).optional(),
  /** A CPR number added later (docs/domain.md, "Corrections"): only while the person has none; it gives the birth date. */
  cpr: Cpr.optional(),
  birthDate: IsoDate.nullable().optional(),
  gender: Gender.optional(),
  district: z.string().trim().max(100).nullable().optional(),
});
export const Person = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  fullName: z.string(),
  cprMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  gender: Gender,
  district: z.string().nullable(),
  version: z.number().int(),
});
export const PersonSearch = z.object({
  q: z.string().trim().min(2).max(100),
  offset: z.number().int().min(0).max(100_000).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

// --- cases -----------------------------------------------------------------------------------------------
export { CaseStatus } from './case-workflow.ts';
export const PreventionLevel = z.enum(['green', 'yellow', 'red']);
/** The ideology area of a case (docs/domain.md, step 2); a case is never about faith or opinion alone. */
export const CaseIdeologyArea = z.enum(['militant_islamism', 'right_wing', 'left_wing', 'other_unclear']);
export const CaseInput = z.object({
  personId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  preventionLevel: PreventionLevel.default('green'),
  ownerId: z.uuid().optional(),
});
export const CasePatch = z.object({
  version: Version,
  title: z.string().trim().min(1).max(200).optional(),
  preventionLevel: PreventionLevel.optional(),
  ideologyArea: CaseIdeologyArea.nullable().optional(),
});
export const CaseSummary = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  personId: z.uuid(),
  title: z.string(),
  /** Case number, e.g. 101-2026-0042 (docs/domain.md, "Case and journal numbers"). */
  number: z.string(),
  status: CaseStatus,
  preventionLevel: PreventionLevel,
  ideologyArea: CaseIdeologyArea.nullable(),
  ownerId: z.uuid().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
/** resource_person and ssp: partners outside the unit supervised by VINK (docs/domain.md, "Resource persons and SSP"). */
export const MemberRelation = z.enum(['owner', 'adviser', 'police', 'partner', 'mentor', 'resource_person', 'ssp']);
export const LegalBasis = z.enum(['retsplejeloven_115', 'serviceloven', 'consent', 'other']);
export const CaseMember = z.object({ id: z.uuid(), displayName: z.string(), relation: MemberRelation, legalBasis: LegalBasis.nullable() });
export const CaseDetail = CaseSummary.extend({
  createdAt: z.string(),
  owner: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  /** Everyone on the case sees who else is on it (and on what legal basis partners and police were let in). */
  members: z.array(CaseMember),
  closedAt: z.string().nullable(),
  /** Withheld (null) from partners, who see only what is shared with them. */
  closureReason: z.string().nullable(),
  /** The statuses this actor may move the case to now; empty when the actor may not transition it. */
  allowedTransitions: z.array(CaseStatus),
  /** Date the 6-month reassessment is due (start + 6 months, none yet); null if none due or not visible to the actor. */
  nextReassessmentDue: z.string().nullable(),
});
export const MemberInput = z.object({
  userId: z.uuid(),
  relation: MemberRelation,
  legalBasis: LegalBasis.optional(),
  /** Required when legalBasis is 'other': the disclosure must say which rule allows it. */
  legalBasisText: z.string().trim().min(1).max(500).optional(),
  /** Required when legalBasis is 'consent': the consent record (of the same person, valid now) it rests on. */
  consentId: z.uuid().optional(),
});
export const NoteInput = z.object({
  body: z.string().trim().min(1).max(20000),
  sharedWithPartners: z.boolean().default(false),
  /** A correction note names the earlier note of the same case it corrects; notes themselves are never changed. */
  correctsNoteId: z.uuid().optional(),
});
export const Note = z.object({
  id: z.uuid(),
  authorId: z.uuid(),
  writtenAt: z.string(),
  body: z.string(),
  sharedWithPartners: z.boolean(),
  /** The note this one corrects (null for an ordinary note, or when the reader may not see that note). */
  correctsNoteId: z.uuid().nullable(),
});
/** A disclosure of case data to a partner outside the unit, with its legal basis (retsplejeloven § 115 etc.). */
export const DisclosureInput = z.object({
  partnerOrganisation: z.string().trim().min(1).max(200),
  recipientUserId: z.uuid().optional(),
  legalBasis: LegalBasis,
  legalBasisText: z.string().trim().min(1).max(500).optional(),
  contentSummary: z.string().trim().min(1).max(1000),
  /** Required when legalBasis is 'consent': the consent record (of the same person, valid now) it rests on. */
  consentId: z.uuid().optional(),
});
export const Disclosure = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  partnerOrganisation: z.string(),
  recipientUserId: z.uuid().nullable(),
  legalBasis: LegalBasis,
  legalBasisText: z.string().nullable(),
  contentSummary: z.string(),
  disclosedAt: z.string(),
  disclosedBy: z.uuid(),
  /** The consent a disclosure on the basis 'consent' rests on. */
  consentId: z.uuid().nullable(),
});

// --- audit -----------------------------------------------------------------------------------------------
export const AuditQuery = z.object({
  personId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const AuditRow = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  /** The acting staff member's display name (staff data, not citizen data); null for system rows or unknown actors. */
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  recordType: z.string().nullable(),
  recordId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  purpose: z.string().nullable(),
  criterion: z.string().nullable(),
  /** The user's own words for why: the break-the-glass reason or the purpose's free text (migration 0220). */
  reason: z.string().nullable(),
  /** The person's name, for the DPO's readable log (D11); null when the row names no person. */
  personName: z.string().nullable(),
});
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
  /** Rows that were waiting to be sealed into the chain when the check began; overdue > 0 is the sealer alarm. */
  unsealed: z.object({ count: z.number().int(), oldestAt: z.string().nullable(), overdue: z.number().int() }),
});
