import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { ConcernCorrectionInput } from '../../../shared/corrections.ts';
import type { InfohusCorrectionInput } from '../../../shared/flow-corrections.ts';
import { allowedTransitions, canTransition, initialStatus, triageDeadline, TRIAGED_STATUSES, type ConcernStatus } from '../../../shared/concern-workflow.ts';
import { BEHAVIOUR_REQUIRED, concernMinor, MINOR_QUESTION, type ChildReportInput, type ConcernInput } from '../../../shared/intake.ts';
import { isReligionOnly, RELIGION_ONLY_MESSAGE, RELIGION_TERMS_VERSION } from '../../../shared/religion-check.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { REPORTER_SECTORS } from '../../../shared/watch.ts';
import type { ConcernListQuery } from './contracts.ts';
import type { ConcernPageQuery } from '../../../shared/lists.ts';
import { createPersonInTrx, findPersonToLinkInTrx, type LinkedPerson } from '../persons/index.ts';
import { completeTasksInTrx, refreshConcernTasksInTrx } from '../tasks/index.ts';
import { findCasePersonInTrx, findOpenCaseOfPersonInTrx, openCaseForConcernInTrx } from '../cases/index.ts';
import { requireValidConsentInTrx } from '../consents/index.ts';
import { onlineAndCategory, requireActive } from '../vocabularies/index.ts';
import {
  concernRepo, presentConcern, type ConcernRow, type InfohusDecision, type LegalBasis,
} from './repo.ts';

/** Client clocks drift; a receipt a few minutes "in the future" is a clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** 409 for a step the status machine does not allow, naming the steps that are allowed. */
function illegal(from: ConcernStatus, what: string): never {
  const allowed = [...allowedTransitions(from)];
  throw errors.conflict(
    `Cannot ${what} a concern in status '${from}'. Allowed next: ${allowed.length ? allowed.join(', ') : 'none (the concern is closed)'}.`,
    { allowed },
  );
}

export interface NewConcern extends Omit<ConcernInput, 'receivedAt'> {
  receivedAt: string | Date;
}

/**
 * Registers a concern (and, inline, a new person) and records the request's one audit row, the concern's creation
 * naming the person (and the call it was forwarded from, if any). Behaviour is required — at least one active
 * indicator and a description — because a concern can never rest on religion, faith or political opinion alone
 * (docs/domain.md, step 2). An acute concern starts at the police check. The triage deadline follows from severity
 * and receipt, and its task is created in the same transaction.
 */
export async function registerConcernInTrx(s: Scope, input: NewConcern, callId: string | null): Promise<{ row: ConcernRow; person: LinkedPerson }> {
  s.requireRole('concern.create', { action: 'create', recordType: 'concern' });
  const repo = concernRepo(s);
  const receivedAt = new Date(input.receivedAt);
  if (Number.isNaN(receivedAt.getTime())) throw errors.invalidField('receivedAt', 'is not a valid time');
  if (receivedAt.getTime() > s.now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField('receivedAt', 'must not be in the future');
  const rep = input.reporter;
  // An anonymous reporter stays anonymous: no name or contact may be recorded at all.
  if (rep.anonymous && rep.name) throw errors.invalidField('reporter.name', 'must be left out when the reporter is anonymous');
  if (rep.anonymous && rep.contact) throw errors.invalidField('reporter.contact', 'must be left out when the reporter is anonymous');
  // The reporter's sector feeds the bias watch (docs/domain.md, "Bias watch"). An anonymous reporter of unknown sector
  // is 'anonymous'; a named reporter must say which sector they report from.
  const sector = rep.sector ?? (rep.anonymous ? 'anonymous' : null);
  if (!sector) throw errors.invalidField('reporter.sector', `is required: the sector the reporter belongs to (${REPORTER_SECTORS.join(', ')})`);
  if (input.personId && input.person) throw errors.invalidField('person', 'give either personId or a new person, not both');
  if (!input.personId && !input.person) throw errors.invalidField('personId', 'is required (or a new person): a concern is about someone');
  const codes = [...new Set(input.behaviourIndicators)];
  if (codes.length === 0) throw errors.invalidField('behaviourIndicators', `needs at least one code: ${BEHAVIOUR_REQUIRED}`);
  const known = await repo.activeIndicators(codes);
  const unknown = codes.filter((c) => !known.includes(c));
  if (unknown.length) throw errors.invalidField('behaviourIndicators', `unknown or retired code: ${unknown.join(', ')}`);
  if (input.behaviourDescription.trim().length < 10) throw errors.invalidField('behaviourDescription', `must be at least 10 characters: ${BEHAVIOUR_REQUIRED}`);
  // A description that names only religious practice, appearance or belief, and no act, is stopped unless the adviser
  // states why it must be saved; the same check runs in the browser form (src/shared/religion-check.ts).
  const religionOnly = isReligionOnly(input.behaviourDescription);
  if (religionOnly && !input.religionOnlyOverride) throw errors.invalidField('behaviourDescription', RELIGION_ONLY_MESSAGE);
  if (!religionOnly && input.religionOnlyOverride) {
    throw errors.invalidField('religionOnlyOverride', 'must be left out: the description names more than religious practice, appearance or belief');
  }

  // An existing person is given by id or by a match handle (persons/handles.ts). It may lie outside the actor's
  // person.read reach (search before create reaches the whole unit): the concern is linked all the same, its audit
  // row says so, and the answer shows only that the person is registered (repo.ts presentConcernPerson).
  let person: LinkedPerson;
  if (input.personId) {
    person = await findPersonToLinkInTrx(s, input.personId);
  } else {
    person = await createPersonInTrx(s, input.person!, { action: 'create', recordType: 'concern' });
  }
  // An unknown birth date is asked, never assumed adult (barnets lov § 133). Checked after the person is known, so a
  // birth date on the registration (or from the CPR number) answers it; the transaction rolls the person back.
  if (!person.birth_date && !input.minor) throw errors.invalidField('minor', MINOR_QUESTION);
  // Online activity, its platform and the category are vocabularies' codes (docs/domain.md, "Vocabularies").
  const added = await onlineAndCategory(s, input);
  if (input.reporter.sector) await requireActive(s, 'reporter_sector', 'reporter.sector', [input.reporter.sector]);
  const row = await repo.insert({
    receivedAt, channel: input.channel, callId,
    reporter: { anonymous: rep.anonymous, name: rep.name ?? null, contact: rep.contact ?? null, organisation: rep.organisation ?? null, sector },
    personId: person.id, ideologyArea: input.ideologyArea, severity: input.severity, behaviourDescription: input.behaviourDescription,
    behaviourCodes: codes, status: initialStatus(input.severity), triageDeadlineAt: triageDeadline(input.severity, receivedAt),
    minorStated: person.birth_date ? null : input.minor!,
    religionOverride: religionOnly ? { reason: input.religionOnlyOverride!, termsVersion: RELIGION_TERMS_VERSION } : null,
    ...added, returnee: input.returnee === true,
  }, [callId ? `forwarded from call ${callId}` : input.person ? 'with new person' : null,
    person.readable ? null : 'linked to an existing person outside reach'].filter(Boolean).join('; ') || null);
  // The triage clock starts now: its task is on the coordinator's (or the unit queue's) list at once, not at the
  // scheduler's next tick. Same rule and rule_key as the scheduler, so the tick adds nothing.
  await refreshConcernTasksInTrx(s, row.id, s.now);
  return { row, person };
}

export const concerns = {
  async create(s: Scope, input: ConcernInput) {
    const { row, person } = await registerConcernInTrx(s, input, null);
    return presentConcern(s, row, person);
  },

  get: (s: Scope, id: string) => concernRepo(s).get(id),

  /**
   * The coordinator's queue: overdue first, then by deadline. Besides the non-personal queue filters, a case page
   * lists the concerns about its person: caseId gives the concerns linked to the case or about the case's person
   * (as far as the actor sees the case), personId those about the person. Either way only within the actor's
   * concern.read reach, and the audit row names the person searched for.
   */
  async list(s: Scope, q: ConcernListQuery) {
    const casePerson = q.caseId ? await findCasePersonInTrx(s, q.caseId) : null;
    return concernRepo(s).list(q, casePerson);
  },

  /**
   * Corrects a concern (docs/domain.md, "Corrections"): severity, description, reporter and behaviour codes, at the
   * version the client saw (409 on a stale one). The intake's rules hold for the new values (an anonymous reporter
   * has no name or contact, codes must be active, the description must name behaviour). A severity corrected before
   * triage moves the triage deadline with it. Each changed field leaves a history row the concern page shows.
   */
  async correct(s: Scope, id: string, input: ConcernCorrectionInput) {
    const repo = concernRepo(s);
    const k = await repo.forCorrection(id);
    if (k.version !== input.version) throw errors.staleVersion(k.version);
    const rep = input.reporter;
    if (rep?.anonymous && rep.name) throw errors.invalidField('reporter.name', 'must be left out when the reporter is anonymous');
    if (rep?.anonymous && rep.contact) throw errors.invalidField('reporter.contact', 'must be left out when the reporter is anonymous');
    const codes = input.behaviourIndicators ? [...new Set(input.behaviourIndicators)].sort() : undefined;
    if (codes) {
      // A code the concern already has may stay though it was retired since (docs/domain.md, "Vocabularies"); a code
      // added by the correction must be active.
      const added = codes.filter((c) => !k.behaviours.includes(c));
      const known = await repo.activeIndicators(added);
      const unknown = added.filter((c) => !known.includes(c));
      if (unknown.length) throw errors.invalidField('behaviourIndicators', `unknown or retired code: ${unknown.join(', ')}`);
    }
    if (input.behaviourDescription !== undefined && isReligionOnly(input.behaviourDescription)) {
      throw errors.invalidField('behaviourDescription', RELIGION_ONLY_MESSAGE);
    }
    const deadlineMoves = input.severity !== undefined && input.severity !== k.severity && k.triaged_at === null;
    return repo.correct(k, {
      severity: input.severity, behaviourDescription: input.behaviourDescription, behaviourIndicators: codes,
      reporter: rep ? { anonymous: rep.anonymous, name: rep.name ?? null, contact: rep.contact ?? null, organisation: rep.organisation ?? null } : undefined,
      triageDeadlineAt: deadlineMoves ? triageDeadline(input.severity!, k.received_at) : null,
    });
  },

  /**
   * Corrects the Infohus decision of a concern (docs/domain.md, "Corrections"): the meeting date, the participants, the
   * reasoning and the decision, at the decision's version (409 on a stale one). A decision corrected from unfounded to
   * justified opens or joins the person's case as the meeting would have; justified is not corrected back to unfounded
   * (the case opened on it would lose its ground: close the case instead).
   */
  async correctInfohus(s: Scope, id: string, input: InfohusCorrectionInput) {
    const repo = concernRepo(s);
    const k = await repo.forUpdate(id, 'concern.assess');
    const a = await repo.infohusForCorrection(k);
    if (!a) throw errors.conflict('No Infohus decision is recorded on this concern: record the decision first.', {});
    if (a.version !== input.version) throw errors.staleVersion(a.version);
    if (input.meetingDate !== undefined) {
      if (input.meetingDate > danishDateOf(s.now)) throw errors.invalidField('meetingDate', 'must not be in the future');
      if (input.meetingDate < danishDateOf(k.received_at)) throw errors.invalidField('meetingDate', 'must not be before the concern was received');
    }
    if (input.followUpAuthority !== undefined && a.follow_up_authority === null) {
      throw errors.invalidField('followUpAuthority', 'the decision was not made in an Infohus meeting: it names no follow-up authority');
    }
    let caseId: string | null = null;
    let caseCreated = false;
    if (input.decision !== undefined && input.decision !== a.decision) {
      if (input.decision === 'unfounded') {
        throw errors.conflict('A justified decision is not corrected to unfounded: a case was opened or joined on it. Close the case instead.', {});
      }
      caseId = await findOpenCaseOfPersonInTrx(s, k.person_id, k.unit_id);
      if (!caseId) {
        caseId = await openCaseForConcernInTrx(s, { unitId: k.unit_id, personId: k.person_id, title: 'Sag efter Infohus', ideologyArea: k.ideology_area });
        caseCreated = true;
      }
    }
    const corrected = await repo.correctInfohus(k, a, { ...input, caseId, caseCreated });
    await refreshConcernTasksInTrx(s, id, s.now);
    return corrected;
  },

  /** One page of the queue with its true total (docs/architecture.md, "Lists"). */
  async page(s: Scope, q: ConcernPageQuery) {
    return concernRepo(s).page(q);
  },

  /**
   * Shares the concern with a police liaison (for the police check) or a partner (for the Infohus). Every share is a
   * disclosure and records its legal basis (retsplejeloven § 115, serviceloven, consent; 'other' must be named).
   * Sharing a received concern with the police starts the police check.
   */
  async share(s: Scope, id: string, input: {
    version: number; userId: string; legalBasis: LegalBasis; legalBasisText?: string | undefined; contentSummary?: string | undefined;
    consentId?: string | undefined;
  }) {
    const repo = concernRepo(s);
    const k = await repo.forUpdate(id, 'concern.share');
    if (TRIAGED_STATUSES.includes(k.status)) illegal(k.status, 'share');
    if (input.legalBasis === 'other' && !input.legalBasisText) throw errors.invalidField('legalBasisText', "is required when the legal basis is 'other'");
    // Consent as a record (docs/domain.md, "Consent"): the basis 'consent' names a valid consent of the concern's person.
    const consentId = await requireValidConsentInTrx(s, 'consentId', input.legalBasis, input.consentId, k.person_id);
    const target = await repo.recipient(input.userId);
    if (!target || (target.role !== 'police_liaison' && target.role !== 'partner')) {
      throw errors.invalidField('userId', 'must be an active police liaison or partner');
    }
    const toPolice = target.role === 'police_liaison';
    const next: ConcernStatus = toPolice && k.status === 'received' ? 'police_check' : k.status;
    if (next !== k.status && !canTransition(k.status, next)) illegal(k.status, 'share');
    const shared = await repo.share(k, { ...input, recipient: { role: target.role, organisation: target.organisation }, next, consentId });
    // The police liaison's check or the partner's Infohus task is on their list at once (D2), not at the next tick.
    await refreshConcernTasksInTrx(s, id, s.now);
    return shared;
  },

  /**
   * Records the police check, by the police liaison the concern is shared with or by the coordinator (who may
   * record a check done by phone). Clear → the Infohus; take-over or acute → the police act under their own law,
   * which ends triage.
   */
  async policeCheck(s: Scope, id: string, input: { version: number; outcome: 'clear' | 'police_take_over' | 'acute' }) {
    const repo = concernRepo(s);
    const k = await repo.forUpdate(id, 'concern.police_check');
    // A received concern the coordinator records a check for passes through police_check on the way.
    const from: ConcernStatus = k.status === 'received' && canTransition('received', 'police_check') ? 'police_check' : k.status;
    const to: ConcernStatus = input.outcome === 'clear' ? 'infohus' : 'police_took_over';
    if (from !== 'police_check' || !canTransition(from, to)) illegal(k.status, 'record a police check on');
    const checked = await repo.recordPoliceCheck(k, input.version, to, input.outcome);
    // The coordinator refreshes the concern's tasks; the police liaison (outside the unit) closes their own task only.
    if (s.actor.role === 'coordinator') await refreshConcernTasksInTrx(s, id, s.now);
    else await completeTasksInTrx(s, { concernId: id }, s.now);
    return checked;
  },

  /**
   * Records the Infohus assessment. Unfounded closes the concern; justified opens a case for the person, owned by
   * the coordinator, or joins the person's open case — in the same transaction. Each disclosure to a partner records
   * its legal basis. The Infohus decision ends triage (handled_in_time feeds the 24/48/72 h KPI).
   */
  async assess(s: Scope, id: string, input: Omit<InfohusDecision, 'disclosures' | 'caseId' | 'caseCreated'> & {
    disclosures?: InfohusDecision['disclosures'] | undefined;
  }) {
    const repo = concernRepo(s);
    const k = await repo.forUpdate(id, 'concern.assess');
    if (!canTransition(k.status, input.decision)) illegal(k.status, `decide '${input.decision}' on`);
    if (input.meetingDate > danishDateOf(s.now)) throw errors.invalidField('meetingDate', 'must not be in the future: record the decision after the meeting');
    const disclosures = input.disclosures ?? [];
    for (const [i, d] of disclosures.entries()) {
      if (d.legalBasis === 'other' && !d.legalBasisText) throw errors.invalidField(`disclosures.${i}.legalBasisText`, "is required when the legal basis is 'other'");
      await requireValidConsentInTrx(s, `disclosures.${i}.consentId`, d.legalBasis, d.consentId, k.person_id);
    }
    // The case is opened or joined before the decision is written; all of it is one transaction, so a stale
    // version (409) rolls the case back with it.
    let caseId: string | null = null;
    let caseCreated = false;
    if (input.decision === 'justified') {
      caseId = await findOpenCaseOfPersonInTrx(s, k.person_id, k.unit_id);
      if (!caseId) {
        caseId = await openCaseForConcernInTrx(s, {
          unitId: k.unit_id, personId: k.person_id, title: 'Sag efter Infohus', ideologyArea: k.ideology_area,
        });
        caseCreated = true;
      }
    }
    const decided = await repo.assess(k, { ...input, disclosures, caseId, caseCreated });
    // The decision ends triage: the triage and Infohus tasks close now, not at the next tick.
    await refreshConcernTasksInTrx(s, id, s.now);
    return decided;
  },

  indicators: (s: Scope) => concernRepo(s).indicators(),

  /**
   * Records the decision on the report to the children and youth authority (barnets lov § 133) for a concern about a
   * minor (or a person whose age is unknown): made, to whom and when; or not made, and why. Once per concern; the
   * child-report task closes with it (tasks module).
   */
  async recordChildReport(s: Scope, id: string, input: ChildReportInput) {
    const repo = concernRepo(s);
    const k = await repo.forUpdate(id, 'concern.child_report');
    const person = await repo.personOf(k);
    // A minor at receipt, as the task rule counts it (tasks module): a 17-year-old's concern keeps its duty.
    if (!concernMinor(person.birth_date, k.minor_stated, k.received_at)) {
      throw errors.invalidField('made', 'the person of this concern is not a minor: there is no child-report decision to record');
    }
    if (input.made) {
      if (!input.recipient) throw errors.invalidField('recipient', 'is required when the report was made: to whom');
      if (!input.reportedAt) throw errors.invalidField('reportedAt', 'is required when the report was made: when');
      if (input.reason !== undefined && !input.reason) throw errors.invalidField('reason', 'must not be empty');
      if (new Date(input.reportedAt).getTime() > s.now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField('reportedAt', 'must not be in the future');
    } else {
      if (!input.reason) throw errors.invalidField('reason', 'is required when no report was made: why not');
      if (input.recipient) throw errors.invalidField('recipient', 'must be left out when no report was made');
      if (input.reportedAt) throw errors.invalidField('reportedAt', 'must be left out when no report was made');
    }
    const concern = await repo.recordChildReport(k, {
      made: input.made, recipient: input.made ? input.recipient! : null, reportedAt: input.made ? new Date(input.reportedAt!) : null,
      reason: input.reason ?? null,
    });
    await refreshConcernTasksInTrx(s, id, s.now);
    return concern;
  },

  /** The manager's and DPO's figure: concerns saved past the religion-only check. */
  async religionOverrides(s: Scope) {
    return { count: await concernRepo(s).religionOverrideCount(), termsVersion: RELIGION_TERMS_VERSION };
  },
};
