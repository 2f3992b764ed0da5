import { z } from 'zod';
import { Cpr, Gender, IsoDate, LegalBasis, Person, Version } from './contracts.ts';
import { CONCERN_STATUSES, SEVERITIES } from './concern-workflow.ts';
import { danishDateOf } from './rules.ts';
import { ReporterSector } from './watch.ts';
import { VocabularyCode } from './vocabularies.ts';

/**
 * zod contracts of the intake: advisory calls, people and duplicates, concerns, the triage clock, the police check
 * and the Infohus (docs/domain.md, "The flow of a concern", steps 1–4).
 *
 * Deliberately, no contract here has a field for religion, faith or political opinion: a concern rests on observed
 * behaviour (GDPR Art. 9; docs/domain.md step 2).
 */

// --- minors ------------------------------------------------------------------------------------------------------

/**
 * Under 18 on the Danish calendar date of now. Unknown birth date answers false here: a concern about a person with no
 * birth date never relies on that, the intake asks instead (ConcernInput.minor, answered yes, no or unknown) and the
 * concern shows and acts on the answer (concernMinor).
 */
export function isMinor(birthDate: string | null, now: Date): boolean {
  if (!birthDate) return false;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const adult = `${String(y + 18).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return danishDateOf(now) < adult;
}

/** The intake's answer to "is the person under 18?" when no birth date is known. */
export const MinorAnswer = z.enum(['yes', 'no', 'unknown']);
export type MinorAnswer = z.infer<typeof MinorAnswer>;

/**
 * Whether a concern is about a minor: from the birth date when known, else from the intake's answer. 'unknown' counts
 * as a possible minor (true): the child-report duty is decided, not assumed away (barnets lov § 133).
 */
export function concernMinor(birthDate: string | null, stated: MinorAnswer | null, now: Date): boolean {
  if (birthDate) return isMinor(birthDate, now);
  return stated === 'yes' || stated === 'unknown';
}

/** The message when the birth date is unknown and the minor question is unanswered. */
export const MINOR_QUESTION = 'is required when no birth date is known: is the person under 18? Answer yes, no or unknown';

// --- people --------------------------------------------------------------------------------------------------------

/**
 * A person as shown to staff: CPR masked, plus the minor flag. socialServicesReportDuty is true for a minor so the
 * UI shows the duty to report to the children and youth authority (barnets lov § 133; text key persons.socialServicesReportDuty).
 */
export const PersonView = Person.extend({
  /** true or false from the birth date; without one, from the latest concern's stated answer; null when unknown. */
  minor: z.boolean().nullable(),
  socialServicesReportDuty: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;
/** A page of person search results with the true total of matches within the actor's reach. */
export const PersonSearchResult = z.object({ items: z.array(PersonView), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export type PersonSearchResult = z.infer<typeof PersonSearchResult>;

/** Creating a person; gender left out is taken from the CPR number's legal sex when one is given. */
export const PersonCreate = z.object({
  fullName: z.string().trim().min(1).max(200),
  cpr: Cpr.optional(),
  birthDate: IsoDate.optional(),
  gender: Gender.optional(),
  district: z.string().trim().max(100).optional(),
});
export type PersonCreate = z.infer<typeof PersonCreate>;

/** Duplicate detection before registering a concern: by CPR, or by name (and birth date). POST, never in a URL. */
export const PersonMatchInput = z.object({
  cpr: Cpr.optional(),
  fullName: z.string().trim().min(2).max(200).optional(),
  birthDate: IsoDate.optional(),
});
/**
 * A handle on a registered person outside the actor's person.read reach: sealed, bound to the actor and short-lived
 * (src/server/modules/persons/handles.ts). It says nothing about the person, not even the id; it only lets the actor
 * link a new concern to that registration (docs/domain.md, "Who uses it": an adviser sees the concerns they registered
 * and the cases they are on, not the unit's register).
 */
export const PersonHandle = z.string().max(400).regex(/^pmh\.v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a person id or a match handle');
/** A person to link to: the id of a person the actor may read, or a handle from POST /persons/matches (or a 409). */
export const PersonRef = z.union([z.uuid(), PersonHandle], { error: 'must be a person id or a handle from POST /persons/matches' });
/**
 * A proposed match. visible: the actor may read the person (person.read), and the match shows initials, birth date
 * and masked CPR as before, with the id. Otherwise it answers only that a registration exists (by CPR, or by name
 * and birth date): personId is then a handle, the fields and the score are null. minor is shown either way, so the
 * intake can remind of the duty to report to the children and youth authority (barnets lov § 133); it follows from the CPR number or
 * birth date the actor searched with.
 */
export const PersonMatch = z.object({
  /** The person's id, or (visible false) a handle for linking a concern: never the id of a person outside reach. */
  personId: PersonRef,
  registered: z.literal(true),
  visible: z.boolean(),
  /** Initials only: enough to recognise, not enough to disclose the stored spelling. */
  nameMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  cprMasked: z.string().nullable(),
  score: z.number().min(0).max(1).nullable(),
  matchedOn: z.enum(['cpr', 'name_birth_date', 'name']),
  minor: z.boolean(),
});
export const CprRevealed = z.object({ personId: z.uuid(), cpr: z.string().nullable() });

// --- advisory calls ------------------------------------------------------------------------------------------------

export const CallChannel = z.enum(['vink_line', 'national_hotline', 'email', 'web']);
export const CallerType = z.enum(['professional', 'parent', 'relative', 'citizen', 'anonymous']);
export const CallerSector = z.enum(['school', 'club', 'social_services', 'psychiatry', 'housing', 'police', 'other']);
/** A call may be about an area where no extremism is at stake at all ('none'); a concern may not. */
export const CallIdeologyArea = z.enum(['militant_islamism', 'right_wing', 'left_wing', 'other_unclear', 'none']);
export const CallOutcome = z.enum(['advice_only', 'forwarded_concern', 'child_at_risk_report', 'acute_police']);
const Instant = z.iso.datetime({ offset: true });
/** A three-digit Danish municipality code (101 Copenhagen, 751 Aarhus). */
export const MunicipalityCode = z.string().regex(/^[0-9]{3}$/, 'must be a three-digit municipality code');

/** An advisory call: anonymous by design, so there is no field for a person at all. */
export const CallInput = z.object({
  receivedAt: Instant.optional(),
  channel: CallChannel,
  callerType: CallerType,
  callerSector: CallerSector.optional(),
  topic: z.string().trim().min(1).max(500),
  ideologyArea: CallIdeologyArea,
  outcome: CallOutcome,
  durationMinutes: z.number().int().min(0).max(600).optional(),
  /** The caller's and the citizen's municipality (three-digit code) where known: a hotline call records both. */
  callerMunicipality: MunicipalityCode.optional(),
  citizenMunicipality: MunicipalityCode.optional(),
  /** Whether the call is about activity online and the kind of platform, and a category (vocabularies, migration 0360). */
  online: z.boolean().optional(),
  onlinePlatform: VocabularyCode.optional(),
  category: VocabularyCode.optional(),
});
export const ReferralChannel = z.enum(['phone', 'email', 'secure_mail', 'letter', 'meeting']);
export const Call = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  receivedAt: z.string(),
  channel: CallChannel,
  callerType: CallerType,
  callerSector: CallerSector.nullable(),
  topic: z.string(),
  ideologyArea: CallIdeologyArea,
  outcome: CallOutcome,
  durationMinutes: z.number().int().nullable(),
  concernId: z.uuid().nullable(),
  handledBy: z.uuid(),
  version: z.number().int(),
  createdAt: z.string(),
  callerMunicipality: z.string().nullable(),
  citizenMunicipality: z.string().nullable(),
  online: z.boolean(),
  onlinePlatform: z.string().nullable(),
  category: z.string().nullable(),
  /** The other unit the call was forwarded to as a concern (shared hotline), with the legal basis given. */
  forwardedUnitId: z.uuid().nullable(),
  forwardLegalBasis: z.string().nullable(),
  /** Where the call was referred when the citizen's municipality does not use VINK. */
  referral: z.object({ name: z.string(), on: z.string(), channel: ReferralChannel }).nullable(),
});
/** Non-personal filters only, so the list can be a GET. */
export const CallQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional(), outcome: CallOutcome.optional() });

// --- concerns ------------------------------------------------------------------------------------------------------

/** The message given whenever behaviour is missing. */
export const BEHAVIOUR_REQUIRED =
  'describe concrete observed behaviour: a concern can never rest on religion, faith or political opinion alone';

export const ConcernChannel = z.enum(['call', 'professional', 'partner', 'web_form']);
/** Unlike a call, a concern always has an area; 'none' is not a concern. No religion or faith: behaviour, not belief. */
export const IdeologyArea = z.enum(['militant_islamism', 'right_wing', 'left_wing', 'other_unclear']);
export const Severity = z.enum(SEVERITIES);
export const ConcernStatus = z.enum(CONCERN_STATUSES);

export const ReporterInput = z.object({
  anonymous: z.boolean(),
  name: z.string().trim().min(1).max(200).optional(),
  contact: z.string().trim().min(1).max(200).optional(),
  organisation: z.string().trim().min(1).max(200).optional(),
  /** The sector the reporter belongs to (bias watch). Required for a named reporter; an anonymous one defaults to 'anonymous'. */
  sector: ReporterSector.optional(),
});

const BehaviourCode = z.string().regex(/^[a-z_]{2,60}$/, 'must be a behaviour indicator code');

/** The fields a concern shares whether it comes straight in or is forwarded from a call. */
const ConcernFields = {
  reporter: ReporterInput,
  personId: PersonRef.optional(),
  person: PersonCreate.optional(),
  ideologyArea: IdeologyArea,
  severity: Severity,
  behaviourIndicators: z.array(BehaviourCode, { error: `is required: ${BEHAVIOUR_REQUIRED}` }).min(1, `needs at least one code: ${BEHAVIOUR_REQUIRED}`).max(20),
  behaviourDescription: z.string({ error: `is required: ${BEHAVIOUR_REQUIRED}` }).trim()
    .min(10, `must be at least 10 characters: ${BEHAVIOUR_REQUIRED}`).max(5000),
  /** Required when the person's birth date is unknown (MINOR_QUESTION); ignored when a birth date is known. */
  minor: MinorAnswer.optional(),
  /**
   * Why a description that names only religious practice, appearance or belief must be saved as it is
   * (src/shared/religion-check.ts). Saving past the check is counted for the manager and the DPO.
   */
  religionOnlyOverride: z.string().trim().min(5, 'must say why the concern must be saved without a described act (at least 5 characters)').max(1000).optional(),
  /**
   * The 2020-21 plan's new values (docs/domain.md, "Vocabularies"): whether the concern is about activity online and
   * on what kind of platform (an online_platforms code, never an account or a link), a category beside the ideology
   * (a concern_categories code: hate crime, antisemitism, politically motivated vandalism), and whether the person
   * returned from a conflict zone. The codes are checked against the active entries by the server.
   */
  online: z.boolean().optional(),
  onlinePlatform: VocabularyCode.optional(),
  category: VocabularyCode.optional(),
  returnee: z.boolean().optional(),
};
/**
 * A concern. Strict: unknown fields are refused, so nothing (a faith, an opinion) can be smuggled in beside the
 * behaviour.
 */
export const ConcernInput = z.strictObject({
  receivedAt: Instant,
  channel: ConcernChannel,
  ...ConcernFields,
});
export type ConcernInput = z.infer<typeof ConcernInput>;
/** Forwarding a call: the channel is 'call', and receipt defaults to the call's. */
export const ForwardInput = z.strictObject({ receivedAt: Instant.optional(), ...ConcernFields });
/**
 * Forwarding a shared-hotline call to the citizen's municipality's unit (docs/domain.md, "The shared hotline"): the
 * concern is created there, about a new person (a unit never links a person it cannot see), with the legal basis.
 */
export const HotlineForwardInput = z.strictObject({
  receivedAt: Instant.optional(), ...ConcernFields,
  legalBasis: z.string().trim().min(3, 'must name the rule that allows passing the call on').max(500),
});
/** Where a hotline call was referred when the citizen's municipality does not use VINK. */
export const ReferralInput = z.strictObject({ name: z.string().trim().min(1).max(200), on: IsoDate, channel: ReferralChannel });
/** The hotline's figures: counts by dimension across its member units, small counts suppressed (null). */
export const HotlineStatistics = z.object({
  from: IsoDate, to: IsoDate,
  rows: z.array(z.object({ dimension: z.enum(['caller_type', 'topic', 'outcome', 'municipality']), value: z.string(), calls: z.number().int().nullable() })),
});
export const HotlineStatisticsQuery = z.object({ from: IsoDate, to: IsoDate });

/** The person of a concern, for an actor who may read the person (person.read). */
export const ConcernPersonVisible = z.object({
  visible: z.literal(true),
  id: z.uuid(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  cprMasked: z.string().nullable(),
  /** null: no birth date and the intake answered 'unknown' (never "not a minor" by default). */
  minor: z.boolean().nullable(),
  socialServicesReportDuty: z.boolean(),
});
/**
 * The person of a concern the actor registered about a person outside their person.read reach (linked through a
 * match): only that the person is registered, and the duty to report a minor to the children and youth authority (barnets lov § 133).
 */
export const ConcernPersonRestricted = z.object({
  visible: z.literal(false),
  registered: z.literal(true),
  minor: z.boolean().nullable(),
  socialServicesReportDuty: z.boolean(),
});
export const ConcernPersonSummary = z.discriminatedUnion('visible', [ConcernPersonVisible, ConcernPersonRestricted]);
export const Concern = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  /** Journal number, e.g. 101-2026-0042 (docs/domain.md, "Case and journal numbers"). */
  number: z.string(),
  receivedAt: z.string(),
  channel: ConcernChannel,
  callId: z.uuid().nullable(),
  reporter: z.object({
    anonymous: z.boolean(),
    name: z.string().nullable(),
    contact: z.string().nullable(),
    organisation: z.string().nullable(),
    /** null for concerns registered before the sector was recorded (migration 0230). */
    sector: ReporterSector.nullable(),
  }),
  person: ConcernPersonSummary,
  ideologyArea: IdeologyArea,
  severity: Severity,
  acute: z.boolean(),
  behaviourIndicators: z.array(z.string()),
  /** The codes with their labels, so no page shows a raw code whatever the role (D8). */
  behaviourLabels: z.array(z.object({ code: z.string(), labelDa: z.string(), labelEn: z.string() })),
  behaviourDescription: z.string(),
  /** Online activity and its kind of platform, the category and the returnee flag (vocabularies, migration 0360). */
  online: z.boolean(),
  onlinePlatform: z.string().nullable(),
  category: z.string().nullable(),
  returnee: z.boolean(),
  status: ConcernStatus,
  allowedTransitions: z.array(ConcernStatus),
  deadlineAt: z.string(),
  timeLeftMinutes: z.number().int(),
  overdue: z.boolean(),
  triagedAt: z.string().nullable(),
  handledInTime: z.boolean().nullable(),
  policeCheck: z.object({ outcome: z.enum(['clear', 'police_take_over', 'acute']), checkedAt: z.string() }).nullable(),
  caseId: z.uuid().nullable(),
  registeredBy: z.uuid(),
  version: z.number().int(),
  /** The intake's answer when no birth date was known (null when it was). */
  minorStated: MinorAnswer.nullable(),
  /** Saved past the religion-only check with a stated reason (the reason itself is not repeated here). */
  religionOverride: z.boolean(),
  /** The child-report decision (barnets lov § 133), or null when none is recorded. */
  childReport: z.lazy(() => ChildReport).nullable(),
  /** The person is (or may be) a minor and no child-report decision is recorded yet. */
  childReportDue: z.boolean(),
});
export type Concern = z.infer<typeof Concern>;

// --- the child-report decision (barnets lov § 133) ------------------------------------------------------------------

/**
 * The decision on the report to the children and youth authority for a minor's concern: made (to whom, when) or not
 * (why). Recorded once; by whom and when recording is the server's.
 */
export const ChildReportInput = z.strictObject({
  made: z.boolean(),
  recipient: z.string().trim().min(1).max(200).optional(),
  reportedAt: Instant.optional(),
  reason: z.string().trim().min(1).max(2000).optional(),
});
export type ChildReportInput = z.infer<typeof ChildReportInput>;
export const ChildReport = z.object({
  made: z.boolean(),
  recipient: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reason: z.string().nullable(),
  recordedBy: z.uuid(),
  recordedAt: z.string(),
});
/** The manager's and DPO's figure: concerns saved past the religion-only check, in the actor's units. */
export const ReligionOverrideCount = z.object({ count: z.number().int().min(0), termsVersion: z.number().int() });
/** The queue's row: no names, no behaviour (open the concern to read it; that read is audited with the person). */
export const ConcernSummary = Concern.pick({
  id: true, unitId: true, receivedAt: true, channel: true, ideologyArea: true, severity: true, acute: true, status: true,
  deadlineAt: true, timeLeftMinutes: true, overdue: true, triagedAt: true, handledInTime: true, caseId: true, version: true, number: true,
}).extend({
  /** Null when the person is outside the actor's person.read reach (a concern linked through a match handle). */
  personId: z.uuid().nullable(),
});
export const ConcernQuery = z.object({ status: ConcernStatus.optional(), overdue: z.enum(['true', 'false']).optional() });

export const BehaviourIndicator = z.object({ code: z.string(), labelDa: z.string(), labelEn: z.string(), position: z.number().int() });

// --- police check and Infohus --------------------------------------------------------------------------------------

export const ShareInput = z.object({
  version: Version,
  userId: z.uuid(),
  legalBasis: LegalBasis,
  legalBasisText: z.string().trim().min(1).max(500).optional(),
  contentSummary: z.string().trim().min(1).max(1000).optional(),
  /** Required when legalBasis is 'consent': the consent record (of the same person, valid now) it rests on. */
  consentId: z.uuid().optional(),
});
export const ShareResult = z.object({
  concern: Concern,
  share: z.object({ userId: z.uuid(), legalBasis: LegalBasis, sharedAt: z.string(), disclosureId: z.uuid() }),
});
export const PoliceCheckOutcome = z.enum(['clear', 'police_take_over', 'acute']);
export const PoliceCheckInput = z.object({ version: Version, outcome: PoliceCheckOutcome });
export const DisclosureInput = z.object({
  partnerOrganisation: z.string().trim().min(1).max(200),
  legalBasis: LegalBasis,
  legalBasisText: z.string().trim().min(1).max(500).optional(),
  contentSummary: z.string().trim().min(1).max(1000),
  /** Required when legalBasis is 'consent': the consent record (of the same person, valid now) it rests on. */
  consentId: z.uuid().optional(),
});
export const InfohusInput = z.object({
  version: Version,
  meetingDate: IsoDate,
  participants: z.array(z.string().trim().min(1).max(200)).min(1).max(40),
  decision: z.enum(['justified', 'unfounded']),
  reasoning: z.string().trim().min(1).max(5000),
  disclosures: z.array(DisclosureInput).max(20).optional(),
});
export const InfohusResult = z.object({
  concern: Concern,
  assessmentId: z.uuid(),
  caseId: z.uuid().nullable(),
  caseCreated: z.boolean(),
  disclosureIds: z.array(z.uuid()),
});
