import type { Role } from './roles.ts';

/**
 * Need-to-know in one table (docs/domain.md, "Who uses it"). For each action, the roles that may do it and how a record
 * must relate to them:
 * - unit:    the record belongs to the actor's unit
 * - member:  the actor is a member of the case (or of a case about the person)
 * - owner:   the actor is the case's owner
 * - creator: the actor registered the record (person, call, concern)
 * - shared:  the concern was shared with the actor (police check, Infohus partner), with a recorded legal basis
 * - mentor:  the actor is the mentor or coach of the course
 * - any:     no record involved (creating in the actor's own unit, administration, one's own task list)
 * A role that is not listed may not do the action at all. The repositories turn these reaches into SQL, and the
 * access-matrix test walks every route against this same table.
 */
export type Reach = 'unit' | 'member' | 'owner' | 'creator' | 'shared' | 'mentor' | 'any';

export const POLICY = {
  'person.create': { adviser: ['any'], coordinator: ['any'] },
  // Mentors and coaches see only their own courses' minimum (GET /courses/mine), never the person or case record.
  'person.read': {
    coordinator: ['unit'], manager: ['unit'], adviser: ['creator', 'member'],
    police_liaison: ['member', 'shared'], partner: ['member', 'shared'],
  },
  'person.update': { coordinator: ['unit'], adviser: ['creator', 'member'] },
  'case.create': { coordinator: ['any'] },
  'case.read': {
    coordinator: ['unit'], manager: ['unit'], adviser: ['member'], police_liaison: ['member'], partner: ['member'],
  },
  'case.update': { coordinator: ['unit'], adviser: ['owner'] },
  'case.members.manage': { coordinator: ['unit'], adviser: ['owner'] },
  'case.notes.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'], police_liaison: ['member'], partner: ['member'] },
  'case.notes.create': { coordinator: ['unit'], adviser: ['member'], police_liaison: ['member'] },
  'users.manage': { admin: ['any'] },
  /** Role grants (four eyes): administrators ask, managers and the DPO decide (docs/security.md, "Role grants"). */
  'role_grants.read': { admin: ['unit'], manager: ['unit'], dpo: ['unit'] },
  'role_grants.decide': { manager: ['unit'], dpo: ['unit'] },
  /** The staff directory (names, roles, organisations) for choosing colleagues: owners, mentors, police, partners. */
  'directory.read': { adviser: ['unit'], coordinator: ['unit'], manager: ['unit'], dpo: ['unit'], admin: ['unit'] },
  // --- the case flow ---
  'indicators.read': { adviser: ['any'], coordinator: ['any'], police_liaison: ['any'], manager: ['any'], admin: ['any'] },
  'call.create': { adviser: ['any'], coordinator: ['any'] },
  'call.read': { adviser: ['creator'], coordinator: ['unit'], manager: ['unit'] },
  'call.forward': { adviser: ['creator'], coordinator: ['unit'] },
  /** The shared hotline's figures across its member units: suppressed counts, no call (docs/domain.md, "The shared hotline"). */
  /**
   * Transfers when a citizen moves (docs/domain.md, "Transfers"): the sending coordinator requests (a record of the
   * unit) and withdraws, the receiving coordinator accepts or rejects; both units see the transfer row.
   */
  'transfer.request': { coordinator: ['unit'] },
  'transfer.decide': { coordinator: ['any'] },
  'transfer.read': { coordinator: ['any'], manager: ['any'] },
  /**
   * "Is this person already known?" across units (docs/domain.md, "Already known elsewhere"): who asks at intake,
   * who sees and who switches the unit's setting. The answer names units only; the settings are the actor's unit's.
   */
  'known_person.ask': { adviser: ['any'], coordinator: ['any'] },
  'known_person.settings.read': { adviser: ['any'], coordinator: ['any'], manager: ['any'], dpo: ['any'] },
  'known_person.settings.manage': { manager: ['any'], dpo: ['any'] },
  'call.statistics': { coordinator: ['any'], manager: ['any'], analyst: ['any'] },
  /** Correcting a call (channel, time, caller, topic, ideology, duration) with a field history (docs/domain.md, "Corrections"). */
  'call.correct': { adviser: ['creator'], coordinator: ['unit'] },
  'person.match': { adviser: ['unit'], coordinator: ['unit'] },
  'person.reveal_cpr': { coordinator: ['unit'], police_liaison: ['member', 'shared'] },
  'concern.create': { adviser: ['any'], coordinator: ['any'] },
  'concern.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['creator'], police_liaison: ['shared'], partner: ['shared'] },
  'concern.share': { coordinator: ['unit'] },
  'concern.police_check': { coordinator: ['unit'], police_liaison: ['shared'] },
  'concern.assess': { coordinator: ['unit'] },
  /** The child-report decision (barnets lov § 133): the coordinator, or the adviser who registered the concern. */
  'concern.child_report': { coordinator: ['unit'], adviser: ['creator'] },
  /**
   * Correcting a concern (severity, description, reporter, behaviour) with a field-level history: the coordinator, or
   * the adviser who registered it (docs/domain.md, "Corrections").
   */
  'concern.correct': { coordinator: ['unit'], adviser: ['creator'] },
  /**
   * Exports of a list to Excel (docs/architecture.md, "Exports of a list"): the concern queue and the case list with
   * their filters, audited as an export. Never wider than the list's own reach (concern.read, case.read); police and
   * partners get no spreadsheet of what is shared with them.
   */
  'concern.list.export': { coordinator: ['unit'], manager: ['unit'], adviser: ['creator'] },
  'case.list.export': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'] },
  /** A figure, no personal data: how many concerns were saved past the religion-only check (bias watch). */
  'concern.religion_overrides': { manager: ['unit'], dpo: ['unit'] },
  'case.transition': { coordinator: ['unit'], adviser: ['owner'] },
  'case.disclose': { coordinator: ['unit'], adviser: ['owner'] },
  'case.disclosures.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['owner'] },
  'assessment.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'], mentor: ['member'] },
  'assessment.create': { coordinator: ['unit'], adviser: ['member'], mentor: ['member'] },
  'offer.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'] },
  'offer.manage': { coordinator: ['unit'], adviser: ['owner'] },
  'course.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'], mentor: ['mentor'] },
  'course.manage': { coordinator: ['unit'], adviser: ['owner'] },
  'course.sessions.create': { coordinator: ['unit'], mentor: ['mentor'] },
  // --- casework in depth (docs/domain.md, "The support plan", "Closing a case", "Family and relationships") ---
  'support_plan.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'] },
  'support_plan.manage': { coordinator: ['unit'], adviser: ['member'] },
  /** Closure requests of a case (asking is case.transition); the manager's decision is case.closure.decide. */
  'case.closure.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['owner'] },
  'case.closure.decide': { manager: ['unit'] },
  /** Supervision sessions VINK gives a case's resource person or SSP member. */
  'case.supervision.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'] },
  'case.supervision.manage': { coordinator: ['unit'], adviser: ['owner'] },
  /** The printable case summary (sagsresumé), audited as an export of the case's person. */
  'case.summary.export': { coordinator: ['unit'], manager: ['unit'], adviser: ['owner'] },
  /** Linking two persons (family, associates): the actor must reach both for person.update. */
  'person.links.manage': { coordinator: ['unit'], adviser: ['creator', 'member'] },
  'followup.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'] },
  'followup.answer': { coordinator: ['unit'], adviser: ['member'] },
  // --- prevention work, action plans, statistics and the yearly report (no personal data except drill-down) ---
  'activity.read': { adviser: ['unit'], coordinator: ['unit'], manager: ['unit'], analyst: ['unit'] },
  'activity.manage': { adviser: ['unit'], coordinator: ['unit'] },
  'survey.manage': { adviser: ['unit'], coordinator: ['unit'] },
  'survey.results': { adviser: ['unit'], coordinator: ['unit'], manager: ['unit'], analyst: ['unit'] },
  'forum.read': { coordinator: ['unit'], manager: ['unit'], analyst: ['unit'] },
  'forum.manage': { coordinator: ['unit'] },
  /**
   * Risk environments and networks (docs/domain.md, "Risk environments and networks"): registers without personal data
   * (key actors are roles or organisations). Advisers read them to link the activities they hold.
   */
  'environment.read': { adviser: ['unit'], coordinator: ['unit'], manager: ['unit'], analyst: ['unit'] },
  'environment.manage': { coordinator: ['unit'], manager: ['unit'] },
  'network.read': { adviser: ['unit'], coordinator: ['unit'], manager: ['unit'], analyst: ['unit'] },
  'network.manage': { coordinator: ['unit'], manager: ['unit'] },
  /**
   * The psychiatry pathway (docs/domain.md, "The psychiatry pathway"): consultations with regional psychiatry on a
   * concern or case, health data (Art. 9): the coordinator records them, the manager sees them.
   */
  'psychiatry.read': { coordinator: ['unit'], manager: ['unit'] },
  'psychiatry.manage': { coordinator: ['unit'] },
  'plan.read': { coordinator: ['unit'], manager: ['unit'], analyst: ['unit'], admin: ['unit'] },
  'plan.manage': { manager: ['unit'], admin: ['unit'] },
  'budget.manage': { manager: ['unit'] },
  'statistics.read': { coordinator: ['unit'], manager: ['unit'], analyst: ['unit'] },
  /** The records behind a figure: only roles that may see those records anyway (analysts get aggregates only). */
  'statistics.drilldown': { coordinator: ['unit'], manager: ['unit'] },
  'report.export': { manager: ['unit'], analyst: ['unit'], coordinator: ['unit'] },
  // --- documents on concerns and cases (docs/security.md, "Documents"). Police and partners see a document only when
  // it is marked shared and they reach its record (the 'shared' reach of the documents repository).
  'document.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['creator', 'member'], police_liaison: ['shared'], partner: ['shared'] },
  'document.upload': { coordinator: ['unit'], adviser: ['creator', 'member'] },
  'document.share': { coordinator: ['unit'] },
  // --- the Infohus meeting (docs/domain.md, "The Infohus meeting"). Police and partners who take part see the items
  // disclosed to their organisation ('shared': a participant of the meeting), and get minutes holding only those.
  'meeting.read': { coordinator: ['unit'], manager: ['unit'], police_liaison: ['shared'], partner: ['shared'] },
  'meeting.manage': { coordinator: ['unit'] },
  'tasks.read': { adviser: ['any'], coordinator: ['any'], police_liaison: ['any'], partner: ['any'], mentor: ['any'], manager: ['any'], dpo: ['any'] },
  /** Hand a task to a colleague of the unit: one's own task, or (coordinator) any open task of the unit. */
  'tasks.delegate': { adviser: ['any'], coordinator: ['unit'] },
  /** One's own notifications inbox and e-mail setting (docs/domain.md, "Tasks and notifications"). */
  'notifications.read': { adviser: ['any'], coordinator: ['any'], police_liaison: ['any'], partner: ['any'], mentor: ['any'], manager: ['any'] },
  'notifications.settings': { adviser: ['any'], coordinator: ['any'], police_liaison: ['any'], partner: ['any'], mentor: ['any'], manager: ['any'] },
  /** Handover: a case's owner or a concern's coordinator changed by the unit's coordinator (audited, versioned). */
  'handover.manage': { coordinator: ['unit'] },
  /** Holiday cover: a colleague takes another's tasks and reach for a period (recorded, audited). */
  'cover.manage': { coordinator: ['unit'], manager: ['unit'] },
  /** The workload view: per-coordinator and per-mentor counts of the unit; the analyst's variant suppresses names and small counts. */
  'workload.read': { manager: ['unit'], coordinator: ['unit'] },
  'workload.read_suppressed': { analyst: ['unit'] },
  // --- vocabularies an administrator keeps (docs/domain.md, "Vocabularies"): reference data, no personal data ---
  /** Every form's options and every page's labels. */
  'vocabulary.read': {
    adviser: ['any'], coordinator: ['any'], police_liaison: ['any'], partner: ['any'], mentor: ['any'], manager: ['any'], analyst: ['any'], dpo: ['any'], admin: ['any'],
  },
  /** Adding, renaming and deactivating entries, installation-wide (the vocabularies are shared by every unit). */
  'vocabulary.manage': { admin: ['any'] },
  'units.read': { admin: ['any'], coordinator: ['any'], manager: ['any'], dpo: ['any'] },
  'audit.read': { dpo: ['any'] },
  /** The retention schedule, its receipts and the upcoming deletions (counts only, docs/retention.md). */
  'retention.read': { dpo: ['any'], manager: ['any'] },
  /** Adjusting a retention class's period: the DPO only. */
  'retention.manage': { dpo: ['any'] },
  // --- citizens' rights (docs/security.md, "Access requests" and "Legal holds") ---
  /** Register, follow and hand over a citizen's access request (GDPR Art. 15), with its exemptions. */
  'access_request.manage': { dpo: ['unit'] },
  /**
   * Purpose-bound: find the citizen of an access request and compile everything held about them, only inside a
   * request with purpose 'access_request' (access-requests/service.ts). The DPO has no person.read otherwise.
   */
  'access_request.compile': { dpo: ['unit'] },
  /** Legal holds that block deletion (docs/retention.md): the DPO places, lifts and lists them. */
  'legal_hold.read': { dpo: ['unit'] },
  'legal_hold.manage': { dpo: ['unit'] },
  /**
   * A police request to preserve a case (docs/retention.md, "Legal holds"): the coordinator who owns the case places
   * the hold, with a reason; listing and lifting stay with the DPO (legal_hold.read, legal_hold.manage).
   */
  'case.legal_hold': { coordinator: ['owner'] },
  // --- citizens' rights: snooping alerts, bias watch, consent (docs/security.md "Snooping alerts", docs/domain.md) ---
  /** The DPO's snooping alerts of the unit, with the audit rows behind each, and marking one resolved. */
  'snooping.read': { dpo: ['unit'] },
  'snooping.resolve': { dpo: ['unit'] },
  /** Flagging a person of the unit whose look-ups are watched (staff, or flagged for another reason), and lifting it. */
  'snooping.watch': { dpo: ['unit'] },
  /** Bias watch: aggregates only (concerns and share justified per ideology, reporter sector, district, gender). */
  'bias.read': { manager: ['unit'], dpo: ['unit'] },
  /** Consents at the case level: seen with the case, recorded and withdrawn by those who disclose. */
  'consent.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'] },
  'consent.manage': { coordinator: ['unit'], adviser: ['owner'] },
  // --- the national view and national administration (docs/domain.md, "The national view"): no record, ever ---
  /** Suppressed caseload aggregates of every unit that takes part, as each unit's analyst sees them; no drill-down. */
  'national.statistics': { national_analyst: ['any'] },
  /** Whether the actor's unit takes part in the national statistics (a unit may opt out): its manager decides. */
  'national.participation': { manager: ['unit'] },
  /** Units and their hotline memberships across the country: the national administrator, with no case content. */
  'national.units.manage': { national_admin: ['any'] },
} as const satisfies Record<string, Partial<Record<Role, readonly Reach[]>>>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The reaches through which role may perform action; empty when it may not at all. */
export function reachesFor(action: Action, role: Role): readonly Reach[] {
  const byRole = POLICY[action] as Partial<Record<Role, readonly Reach[]>>;
  return byRole[role] ?? [];
}

/** True when role may perform action in at least one way. */
export function mayAttempt(action: Action, role: Role): boolean {
  return reachesFor(action, role).length > 0;
}

/**
 * What a role may attempt at all, for the web app's menus and buttons (/auth/me). The server still decides each
 * record by its reach; a capability only says that asking is not pointless.
 */
export function capabilitiesOf(role: Role): Action[] {
  return ACTIONS.filter((a) => mayAttempt(a, role));
}

/**
 * The kinds of record that hold case content: a person, a call or concern about them, their case and what is in it.
 * Reading any of them (or revealing a CPR number, or the records behind a figure) is reading case content.
 */
const CASE_CONTENT_RECORDS: readonly string[] = [
  'person', 'call', 'concern', 'case', 'assessment', 'offer', 'course', 'followup', 'document', 'meeting', 'support_plan', 'consent',
  'psychiatry',
];

/** True when the action reads case content (see CASE_CONTENT_RECORDS). */
export function isCaseContentRead(action: Action): boolean {
  const [record] = action.split('.');
  if (action === 'person.reveal_cpr' || action === 'statistics.drilldown') return true;
  return CASE_CONTENT_RECORDS.includes(record!) && action.endsWith('.read');
}

/** True when the role may attempt any read of case content, derived from the table above (never a hand-kept list). */
export function readsCaseContent(role: Role): boolean {
  return ACTIONS.some((a) => isCaseContentRead(a) && mayAttempt(a, role));
}

/**
 * True when giving an account this role needs a second person's approval (four eyes, docs/security.md): the role
 * reads case content, or it decides role grants itself (else one administrator could make an approver of their own).
 * Migration 0110's vink_role_needs_grant must say the same; tests/role-grants.int.test.ts compares them.
 */
export function grantNeedsApproval(role: Role): boolean {
  return readsCaseContent(role) || mayAttempt('role_grants.decide', role);
}
