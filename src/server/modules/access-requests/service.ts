import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import {
  ACCESS_REQUEST_TRANSITIONS, accessRequestDeadline, extendedDeadline,
  type AccessRequestExport, type AccessRequestStatus, type ExemptionItemType, type ExportItem,
} from '../../../shared/access-requests.ts';
import { findPersonsForAccessRequestInTrx, personForAccessRequestInTrx } from '../persons/index.ts';
import { concernsForAccessRequestInTrx } from '../concerns/index.ts';
import { callsForAccessRequestInTrx } from '../calls/index.ts';
import { casesForAccessRequestInTrx } from '../cases/index.ts';
import { assessmentsForAccessRequestInTrx } from '../assessments/index.ts';
import { offersForAccessRequestInTrx } from '../offers/index.ts';
import { coursesForAccessRequestInTrx } from '../courses/index.ts';
import { followUpsForAccessRequestInTrx } from '../followups/index.ts';
import { lookupsForAccessRequestInTrx } from '../audit-log/index.ts';
import { consentsForAccessRequestInTrx } from '../consents/index.ts';
import { documentsForAccessRequestInTrx } from '../documents/index.ts';
import { familyLinksForAccessRequestInTrx } from '../family/index.ts';
import { supportPlansForAccessRequestInTrx } from '../support-plan/index.ts';
import { meetingItemsForAccessRequestInTrx } from '../meetings/index.ts';
import { transfersForAccessRequestInTrx } from '../transfers/index.ts';
import { knownPersonQuestionsForAccessRequestInTrx } from '../known-persons/index.ts';
import { accessRequestHoldInTrx, liftAccessRequestHoldsInTrx, placeAccessRequestHoldInTrx } from '../legal-holds/index.ts';
import { refreshAccessRequestTasksInTrx } from '../tasks/index.ts';
import { accessRequestRepo, type ExemptionRow, type RequestRow } from './repo.ts';
import { da, danishDate } from './labels.ts';

/**
 * Access requests (GDPR Art. 15; docs/security.md, "Access requests"). The DPO registers a request (deadline one
 * month from receipt, extendable by two with a reason), finds the citizen by name, CPR number or birth date, and
 * compiles everything held about them across the modules, each read through its index.ts with the purpose-bound
 * reach access_request.compile, plus every look-up and refused attempt (date, organisation, role, purpose; never a
 * staff name or id, CJEU C-579/21). Items can be exempted with their legal reference (databeskyttelsesloven § 22);
 * they are left out and listed as withheld. While the request is pending the person is under a legal hold.
 */

function presentSummary(r: RequestRow) {
  return {
    id: r.id, status: r.status, receivedOn: r.received_on, deadlineOn: r.deadline_on, extendedTo: r.extended_to,
    dueOn: r.extended_to ?? r.deadline_on, personLinked: r.person_id !== null, version: r.version,
  };
}

function presentExemption(e: ExemptionRow) {
  return { id: e.id, itemType: e.item_type, itemId: e.item_id, legalReference: e.legal_reference, reason: e.reason, recordedAt: e.recorded_at.toISOString() };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Everything held about the person, as items in Danish, and the look-ups. Read through each module's index.ts. */
async function compileInTrx(s: Scope, personId: string) {
  const person = await personForAccessRequestInTrx(s, personId);
  const k = await concernsForAccessRequestInTrx(s, personId);
  const concernIds = k.concerns.map((c) => c.id);
  const calls = await callsForAccessRequestInTrx(s, concernIds);
  const c = await casesForAccessRequestInTrx(s, personId, concernIds);
  const caseIds = c.cases.map((x) => x.id);
  const assessments = await assessmentsForAccessRequestInTrx(s, caseIds);
  const offers = await offersForAccessRequestInTrx(s, caseIds);
  const courses = await coursesForAccessRequestInTrx(s, caseIds);
  const followUps = await followUpsForAccessRequestInTrx(s, caseIds);
  const consents = await consentsForAccessRequestInTrx(s, caseIds);
  const documents = await documentsForAccessRequestInTrx(s, concernIds, caseIds);
  const links = await familyLinksForAccessRequestInTrx(s, personId);
  const plans = await supportPlansForAccessRequestInTrx(s, caseIds);
  const meetingItems = await meetingItemsForAccessRequestInTrx(s, concernIds, caseIds);
  const transfers = await transfersForAccessRequestInTrx(s, concernIds, caseIds);
  const corrections = await accessRequestRepo(s).corrections({
    personId, concernIds, recordIds: [...calls.map((x) => x.id), ...k.infohus.map((x) => x.id), ...offers.map((x) => x.id)],
  });
  const lookups = await lookupsForAccessRequestInTrx(s, personId);

  const items: ExportItem[] = [];
  const add = (type: ExemptionItemType, id: string, date: string | null, fields: Record<string, string | null>) => items.push({ type, id, date, fields });
  for (const x of calls) {
    add('call', x.id, iso(x.received_at), {
      'Modtaget': danishDate(x.received_at), 'Kanal': da.callChannel(x.channel), 'Henvender sig som': da.callerType(x.caller_type),
      'Emne': x.topic, 'Udfald': da.callOutcome(x.outcome),
    });
  }
  for (const x of k.concerns) {
    add('concern', x.id, iso(x.received_at), {
      'Modtaget': danishDate(x.received_at), 'Kanal': da.channel(x.channel),
      'Indberetter': x.reporter_anonymous ? 'Anonym' : x.reporter_organisation,
      'Ideologisk område': da.ideology(x.ideology_area), 'Alvor': da.severity(x.severity), 'Observeret adfærd': x.behaviour_description,
      'Adfærdstegn': x.behaviours?.join(', ') ?? null, 'Status': da.concernStatus(x.status), 'Politiets tjek': da.policeOutcome(x.police_check_outcome),
    });
  }
  for (const x of k.shares) {
    add('share', x.concern_id, iso(x.shared_at), {
      'Delt': danishDate(x.shared_at), 'Delt med (rolle)': da.role(x.role), 'Organisation': x.organisation, 'Hjemmel': da.legalBasis(x.legal_basis),
    });
  }
  for (const x of k.infohus) {
    add('infohus', x.id, x.meeting_date, { 'Mødedato': danishDate(x.meeting_date), 'Afgørelse': da.decision(x.decision), 'Begrundelse': x.reasoning });
  }
  for (const x of k.childReports) {
    add('child_report', x.concern_id, iso(x.recorded_at), {
      'Underretning foretaget': da.yesNo(x.made), 'Til': x.recipient, 'Dato': danishDate(x.reported_at), 'Begrundelse': x.reason,
    });
  }
  for (const x of c.cases) {
    add('case', x.id, iso(x.created_at), {
      'Oprettet': danishDate(x.created_at), 'Titel': x.title, 'Status': da.caseStatus(x.status), 'Niveau': da.level(x.prevention_level),
      'Lukket': danishDate(x.closed_at), 'Begrundelse for lukning': x.closure_reason,
    });
  }
  for (const x of c.changes) {
    add('status_change', x.id, iso(x.changed_at), {
      'Dato': danishDate(x.changed_at), 'Fra': da.caseStatus(x.from_status), 'Til': da.caseStatus(x.to_status), 'Begrundelse': x.reason,
    });
  }
  for (const x of c.notes) add('note', x.id, iso(x.written_at), { 'Skrevet': danishDate(x.written_at), 'Notat': x.body });
  for (const x of c.disclosures) {
    add('disclosure', x.id, iso(x.disclosed_at), {
      'Videregivet': danishDate(x.disclosed_at), 'Modtager (organisation)': x.partner_organisation, 'Hjemmel': da.legalBasis(x.legal_basis),
      'Hjemmel (tekst)': x.legal_basis_text, 'Indhold': x.content_summary,
    });
  }
  for (const x of assessments) {
    add('assessment', x.id, x.assessed_on, { 'Dato': danishDate(x.assessed_on), 'Redskab': x.instrument, 'Type': x.kind, 'Sammenfatning': x.summary });
  }
  for (const x of offers) {
    add('offer', x.id, iso(x.offered_at), {
      'Tilbudt': danishDate(x.offered_at), 'Tilbud': da.offerType(x.type), 'Svar': da.offerResponse(x.response), 'Svaret': danishDate(x.responded_at),
    });
  }
  for (const x of courses.courses) {
    add('course', x.id, x.started_on, {
      'Forløb': da.courseKind(x.kind), 'Status': da.courseStatus(x.status), 'Startet': danishDate(x.started_on), 'Afsluttet': danishDate(x.ended_on),
      'Begrundelse for afslutning': x.end_reason,
    });
  }
  for (const x of courses.sessions) {
    add('course_session', x.id, x.held_on, {
      'Dato': danishDate(x.held_on), 'Varighed (minutter)': x.duration_minutes === null ? null : String(x.duration_minutes),
      'Form': da.sessionForm(x.form), 'Notat': x.note,
    });
  }
  for (const x of followUps) {
    add('follow_up', x.id, x.due_on, {
      'Forfalder': danishDate(x.due_on), 'Besvaret': danishDate(x.answered_at), 'Stadig i risiko': da.yesNo(x.still_at_risk), 'Beskæftigelse': x.occupation,
    });
  }
  for (const x of consents) {
    add('consent', x.id, iso(x.given_at), {
      'Givet': danishDate(x.given_at), 'Givet af': da.givenBy(x.given_by), 'Samtykke til': x.consented_to, 'Omfang': x.scope,
      'Udløber': danishDate(x.expires_on), 'Tilbagekaldt': danishDate(x.withdrawn_at), 'Bemærkning til tilbagekaldelsen': x.withdrawal_note,
      'Videregivelser gennemgået': danishDate(x.disclosures_reviewed_at), 'Bemærkning til gennemgangen': x.review_note,
    });
  }
  // Documents: what is held (title, type, dates), not the content; the citizen may ask for a copy of a document.
  for (const x of documents) {
    add('document', x.id, iso(x.created_at), {
      'Titel': x.title, 'Filtype': x.media_type, 'Oprettet': danishDate(x.created_at), 'Senest ændret': danishDate(x.updated_at),
      'Antal versioner': String(x.current_version),
    });
  }
  // The other person of a relation is a third party: the relation and its date only, never who (docs/security.md).
  for (const x of links) {
    add('family_link', x.id, iso(x.createdAt), {
      'Registreret': danishDate(x.createdAt), 'Relation': `En anden person er registreret som din ${da.linkKind(x.kind) ?? x.kind}`,
      'Delt med samarbejdspartnere på grundlag af': da.legalBasis(x.legalBasis),
    });
  }
  for (const x of plans.goals) {
    add('support_plan_goal', x.id, iso(x.created_at), {
      'Oprettet': danishDate(x.created_at), 'Mål': x.title, 'Handlinger': x.actions, 'Status': da.goalStatus(x.status),
      'Ansvarlig': x.owner_kind === 'authority' ? x.owner_name : 'En person i dit netværk',
    });
  }
  for (const x of plans.reviews) {
    const fields: Record<string, string | null> = { 'Dato': danishDate(x.reviewed_on), 'Resumé': x.summary, 'Næste opfølgning': danishDate(x.next_review_on) };
    for (const p of x.progress) fields[`Fremgang: ${p.goalTitle}`] = [da.progress(p.progress), p.note].filter(Boolean).join(' – ');
    add('support_plan_review', x.id, x.reviewed_on, fields);
  }
  for (const x of meetingItems) {
    add('meeting_item', x.id, x.meeting_on, {
      'Mødedato': danishDate(x.meeting_on), 'Afgørelse': da.decision(x.decision), 'Begrundelse': x.reasoning,
      'Delt med': x.shared_with.length ? x.shared_with.join(', ') : null, 'Opfølgning ved': x.follow_up_authority, 'Opfølgning': x.follow_up_action,
    });
  }
  for (const x of transfers) {
    add('transfer', x.id, iso(x.requested_at), {
      'Anmodet': danishDate(x.requested_at), 'Gælder': x.record === 'case' ? 'Sag' : 'Bekymringshenvendelse', 'Fra': x.from_unit, 'Til': x.to_unit,
      'Følger med': x.travels.map(da.travel).join(', '), 'Hjemmel': x.legal_basis, 'Status': da.transferStatus(x.status),
      'Afgjort': danishDate(x.decided_at), 'Begrundelse': x.decision_reason,
    });
  }
  for (const x of corrections) {
    add('correction', x.id, iso(x.changed_at), {
      'Rettet': danishDate(x.changed_at), 'Oplysning': da.recordType(x.record_type), 'Felt': x.field, 'Før': x.old_value, 'Efter': x.new_value,
      });
    }
  // "Is this person already known?" across units (docs/domain.md, "Already known elsewhere"): asked here or answered here.
  for (const x of await knownPersonQuestionsForAccessRequestInTrx(s, personId)) {
    add('known_person_question', x.question_id, iso(x.asked_at), {
      'Spurgt': danishDate(x.asked_at), 'Spurgt af': x.asking_unit, 'Formål': x.purpose,
      'Svar': x.side === 'asked' ? (x.answer ? `Kendt i ${x.answer}` : 'Ikke kendt i andre enheder') : x.answer === 'known' ? 'Kendt her; kontakt til koordinatorerne oplyst' : 'Afvist: enheden deltager ikke',
    });
  }
  return {
    person: { fullName: person.fullName, cpr: person.cpr, birthDate: person.birthDate, gender: da.gender(person.gender), district: person.district },
    items,
    lookups: lookups.map((l) => ({
      at: l.at.toISOString(), organisation: l.organisation, role: da.role(l.role), purpose: da.purpose(l.purpose), action: da.action(l.action),
      refused: l.outcome === 'denied',
    })),
  };
}

function requirePerson(r: RequestRow): string {
  if (!r.person_id) throw errors.conflict('Find and link the person first.', { current: r.status, allowed: ['compiling'] });
  return r.person_id;
}

export const accessRequests = {
  async list(s: Scope) {
    return (await accessRequestRepo(s).list()).map(presentSummary);
  },

  async register(s: Scope, input: { receivedOn: string; identityVerified: string; note?: string | undefined }) {
    s.requireRole('access_request.manage', { action: 'create', recordType: 'access_request' });
    if (input.receivedOn > s.now.toISOString().slice(0, 10)) throw errors.invalidField('receivedOn', 'must not be in the future');
    const r = await accessRequestRepo(s).insert({
      receivedOn: input.receivedOn, identityVerified: input.identityVerified, note: input.note ?? null, deadlineOn: accessRequestDeadline(input.receivedOn),
    });
    // The request is a task with its deadline from the moment it is registered, not from the next scheduler tick.
    await refreshAccessRequestTasksInTrx(s, r.id, s.now);
    return presentSummary(r);
  },

  async get(s: Scope, id: string) {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'read');
    // The person's name only under the purpose access_request (the DPO reads no person record otherwise).
    const person = r.person_id && s.purpose === 'access_request' ? await personForAccessRequestInTrx(s, r.person_id) : null;
    const hold = await accessRequestHoldInTrx(s, r.id);
    s.audit({ action: 'read', recordType: 'access_request', recordId: r.id, personId: r.person_id });
    return {
      ...presentSummary(r), identityVerified: r.identity_verified, note: r.note, extensionReason: r.extension_reason,
      person: person && { id: person.id, fullName: person.fullName, birthDate: person.birthDate, district: person.district },
      exemptions: (await repo.exemptions(r.id)).map(presentExemption),
      allowed: [...ACCESS_REQUEST_TRANSITIONS[r.status]],
      handedOverAt: iso(r.handed_over_at), closedAt: iso(r.closed_at),
      legalHold: hold && { id: hold.id, placedAt: hold.placedAt, liftedAt: hold.liftedAt },
    };
  },

  /** The deadline is extended once, by two months, with a reason (GDPR Art. 12(3)). */
  async extend(s: Scope, id: string, version: number, reason: string) {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'update');
    if (r.status === 'closed' || r.status === 'handed_over') throw errors.conflict('The request is already answered.', { current: r.status, allowed: [] });
    if (r.extended_to) throw errors.conflict('The deadline is already extended; it can be extended once, by two months.', { current: r.status, allowed: [] });
    const updated = await repo.update(r, version, { extendedTo: extendedDeadline(r.deadline_on), extensionReason: reason });
    await refreshAccessRequestTasksInTrx(s, r.id, s.now); // the extended deadline's task replaces the first at once
    s.audit({ action: 'update', recordType: 'access_request', recordId: r.id, personId: r.person_id, criterion: 'extend deadline' });
    return presentSummary(updated);
  },

  /** Finds the citizen (purpose access_request; audited without the values searched for). */
  async findPerson(s: Scope, id: string, q: { name?: string | undefined; cpr?: string | undefined; birthDate?: string | undefined }) {
    const r = await accessRequestRepo(s).load(id, 'read');
    if (r.status === 'closed') throw errors.conflict('The request is closed.', { current: r.status, allowed: [] });
    return findPersonsForAccessRequestInTrx(s, q);
  },

  /** Links the person found: the request moves to compiling and the person is placed under legal hold. */
  async linkPerson(s: Scope, id: string, version: number, personId: string) {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'update');
    if (r.status !== 'registered') {
      throw errors.conflict(`The person can be linked while the request is registered; it is ${r.status}.`, { current: r.status, allowed: [...ACCESS_REQUEST_TRANSITIONS[r.status]] });
    }
    const person = await personForAccessRequestInTrx(s, personId);
    const updated = await repo.update(r, version, { personId: person.id, status: 'compiling' });
    await placeAccessRequestHoldInTrx(s, { unitId: person.unitId, personId: person.id, requestId: r.id });
    s.audit({ action: 'update', recordType: 'access_request', recordId: r.id, personId: person.id, criterion: 'link person' });
    return presentSummary(updated);
  },

  /** The compilation as the DPO sees it before the hand-over: every item, each marked when it is exempted. */
  async compilation(s: Scope, id: string) {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'read');
    const personId = requirePerson(r);
    const compiled = await compileInTrx(s, personId);
    const exemptions = await repo.exemptions(r.id);
    const exempted = new Set(exemptions.map((e) => `${e.item_type}:${e.item_id}`));
    s.audit({ action: 'read', recordType: 'person', recordId: personId, personId, criterion: 'access_request compile' });
    return {
      requestId: r.id, compiledAt: s.now.toISOString(), person: compiled.person,
      items: compiled.items.map((i) => ({ ...i, exempted: exempted.has(`${i.type}:${i.id}`) })),
      withheld: withheldOf(compiled.items, exemptions), lookups: compiled.lookups,
    };
  },

  /** Records an exemption of one item with its legal reference; the item must be in the compilation. */
  async exempt(s: Scope, id: string, e: { itemType: ExemptionItemType; itemId: string; legalReference: string; reason: string }) {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'update');
    const personId = requirePerson(r);
    if (r.status !== 'compiling') throw errors.conflict('Exemptions are recorded while the request is compiled.', { current: r.status, allowed: [] });
    const compiled = await compileInTrx(s, personId);
    if (!compiled.items.some((i) => i.type === e.itemType && i.id === e.itemId)) {
      throw errors.invalidField('itemId', 'is not an item of this person\'s compilation');
    }
    const row = await repo.addExemption(r, e);
    s.audit({ action: 'create', recordType: 'access_request_exemption', recordId: row.id, personId, criterion: `${e.itemType} ${e.legalReference}`.slice(0, 200) });
    return presentExemption(row);
  },

  /** The export for the citizen: exempted items left out and listed as withheld with their reference. Audited. */
  async export(s: Scope, id: string): Promise<AccessRequestExport> {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'export');
    const personId = requirePerson(r);
    const compiled = await compileInTrx(s, personId);
    const exemptions = await repo.exemptions(r.id);
    const exempted = new Set(exemptions.map((e) => `${e.item_type}:${e.item_id}`));
    s.audit({ action: 'export', recordType: 'person', recordId: personId, personId, criterion: 'access_request export' });
    return {
      requestId: r.id, compiledAt: s.now.toISOString(), person: compiled.person,
      items: compiled.items.filter((i) => !exempted.has(`${i.type}:${i.id}`)),
      withheld: withheldOf(compiled.items, exemptions), lookups: compiled.lookups,
    };
  },

  /** Hand-over and closing as data (ACCESS_REQUEST_TRANSITIONS); closing lifts the legal hold. Audited. */
  async transition(s: Scope, id: string, version: number, to: Extract<AccessRequestStatus, 'handed_over' | 'closed'>) {
    const repo = accessRequestRepo(s);
    const r = await repo.load(id, 'update');
    if (!ACCESS_REQUEST_TRANSITIONS[r.status].includes(to)) {
      throw errors.conflict(`An access request cannot go from ${r.status} to ${to}.`, { current: r.status, allowed: [...ACCESS_REQUEST_TRANSITIONS[r.status]] });
    }
    const updated = await repo.update(r, version, to === 'handed_over' ? { status: to, handedOverAt: s.now } : { status: to, closedAt: s.now });
    if (to === 'closed') await liftAccessRequestHoldsInTrx(s, r.id, 'Indsigtsanmodningen er afsluttet.');
    await refreshAccessRequestTasksInTrx(s, r.id, s.now); // answered: the task is done at once
    s.audit({ action: 'update', recordType: 'access_request', recordId: r.id, personId: r.person_id, criterion: to });
    return presentSummary(updated);
  },
};

function withheldOf(items: ExportItem[], exemptions: ExemptionRow[]) {
  return exemptions.map((e) => ({
    type: e.item_type, date: items.find((i) => i.type === e.item_type && i.id === e.item_id)?.date ?? null, legalReference: e.legal_reference,
  }));
}
