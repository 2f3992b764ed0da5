import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import {
  allowedTransitions, canTransition, handledInTime, initialStatus, triageClock, triageDeadline, TRIAGED_STATUSES, type ConcernStatus,
} from '../../../shared/concern-workflow.ts';
import { BEHAVIOUR_REQUIRED, danishDate, isMinor, type ConcernInput } from '../../../shared/intake.ts';
import type { ConcernListQuery } from './contracts.ts';
import { maskCpr } from '../../../shared/cpr.ts';
import { createPersonInTrx, findPersonInUnitInTrx, findVisiblePersonInTrx, type PersonRow } from '../persons/index.ts';
import { refreshConcernTasksInTrx } from '../tasks/index.ts';
import { CONCERN_COLUMNS, concernReachSql, getReachableConcern, type ConcernRow } from './policy.ts';

type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other';
/** Client clocks drift; a receipt a few minutes "in the future" is a clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Presenter. The triage clock is computed from the injected now. The reporter's identity stays inside the unit:
 * police and partners learn whether the reporter is anonymous, not who it is (reporters are protected, and the
 * police check needs the person of concern, not the reporter).
 */
export function presentConcern(s: Scope, k: ConcernRow, person: PersonRow) {
  const clock = triageClock(k.triage_deadline_at, s.now, k.triaged_at);
  const outsider = s.actor.role === 'police_liaison' || s.actor.role === 'partner';
  const minor = isMinor(person.birth_date, s.now);
  return {
    id: k.id, unitId: k.unit_id, receivedAt: k.received_at.toISOString(), channel: k.channel, callId: k.call_id,
    reporter: {
      anonymous: k.reporter_anonymous,
      name: outsider ? null : k.reporter_name,
      contact: outsider ? null : k.reporter_contact,
      organisation: outsider ? null : k.reporter_organisation,
    },
    person: { id: person.id, fullName: person.full_name, birthDate: person.birth_date, cprMasked: maskCpr(person.cpr), minor, socialServicesReportDuty: minor },
    ideologyArea: k.ideology_area, severity: k.severity, acute: k.severity === 'acute',
    behaviourIndicators: k.behaviours, behaviourDescription: k.behaviour_description,
    status: k.status, allowedTransitions: [...allowedTransitions(k.status)],
    deadlineAt: clock.deadlineAt.toISOString(), timeLeftMinutes: clock.timeLeftMinutes, overdue: clock.overdue,
    triagedAt: k.triaged_at?.toISOString() ?? null, handledInTime: k.handled_in_time,
    policeCheck: k.police_check_outcome && k.police_checked_at ? { outcome: k.police_check_outcome, checkedAt: k.police_checked_at.toISOString() } : null,
    caseId: k.case_id, registeredBy: k.registered_by, version: k.version,
  };
}

function presentSummary(s: Scope, k: ConcernRow) {
  const clock = triageClock(k.triage_deadline_at, s.now, k.triaged_at);
  return {
    id: k.id, unitId: k.unit_id, receivedAt: k.received_at.toISOString(), channel: k.channel, ideologyArea: k.ideology_area,
    severity: k.severity, acute: k.severity === 'acute', status: k.status, deadlineAt: clock.deadlineAt.toISOString(),
    timeLeftMinutes: clock.timeLeftMinutes, overdue: clock.overdue, triagedAt: k.triaged_at?.toISOString() ?? null,
    handledInTime: k.handled_in_time, caseId: k.case_id, version: k.version, personId: k.person_id,
  };
}

async function loadById(s: Scope, id: string): Promise<ConcernRow> {
  const r = await s.tx.query<ConcernRow>(`SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE k.id = $1`, [id]);
  return r.rows[0]!;
}

async function personOf(s: Scope, k: ConcernRow): Promise<PersonRow> {
  const p = await findVisiblePersonInTrx(s, k.person_id);
  // Row-level security shows the person to everyone who reaches the concern (unit, or shared: migration 0010).
  if (!p) throw errors.notFound('Concern');
  return p;
}

/** 409 for a step the status machine does not allow, naming the steps that are allowed. */
function illegal(from: ConcernStatus, what: string): never {
  const allowed = [...allowedTransitions(from)];
  throw errors.conflict(
    `Cannot ${what} a concern in status '${from}'. Allowed next: ${allowed.length ? allowed.join(', ') : 'none (the concern is closed)'}.`,
    { allowed },
  );
}

/** Updates status and triage fields under optimistic locking; a stale version is a 409 with the current one. */
async function moveInTrx(s: Scope, k: ConcernRow, version: number, to: ConcernStatus, extra: { policeOutcome?: ConcernRow['police_check_outcome'] } = {}) {
  const triaged = TRIAGED_STATUSES.includes(to) && k.triaged_at === null;
  const r = await s.tx.query<{ id: string }>(
    `UPDATE concerns SET status = $3, version = version + 1, updated_at = $4,
       triaged_at = CASE WHEN $5::boolean THEN $4 ELSE triaged_at END,
       handled_in_time = CASE WHEN $5::boolean THEN $6 ELSE handled_in_time END,
       police_check_outcome = coalesce($7, police_check_outcome),
       police_checked_at = CASE WHEN $7::text IS NULL THEN police_checked_at ELSE $4 END,
       police_checked_by = CASE WHEN $7::text IS NULL THEN police_checked_by ELSE $8 END,
       coordinator_id = CASE WHEN $9::boolean THEN $8 ELSE coordinator_id END
     WHERE id = $1 AND version = $2 RETURNING id`,
    [k.id, version, to, s.now, triaged, handledInTime(k.triage_deadline_at, s.now), extra.policeOutcome ?? null, s.actor.id,
      s.actor.role === 'coordinator'],
  );
  if (r.rowCount === 0) throw errors.staleVersion(k.version);
}

export interface NewConcern extends Omit<ConcernInput, 'receivedAt'> {
  receivedAt: string | Date;
}

/**
 * Registers a concern (and, inline, a new person) without writing the audit row: the caller writes its request's
 * one row. Behaviour is required — at least one active indicator and a description — because a concern can never
 * rest on religion, faith or political opinion alone (DOMAIN.md step 2). An acute concern starts at the police
 * check. The triage deadline follows from severity and receipt, and its task is created in the same transaction.
 */
export async function registerConcernInTrx(s: Scope, input: NewConcern, callId: string | null): Promise<{ row: ConcernRow; person: PersonRow }> {
  s.requireRole('concern.create', { action: 'create', recordType: 'concern' });
  const receivedAt = new Date(input.receivedAt);
  if (Number.isNaN(receivedAt.getTime())) throw errors.invalidField('receivedAt', 'is not a valid time');
  if (receivedAt.getTime() > s.now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField('receivedAt', 'must not be in the future');
  const rep = input.reporter;
  // An anonymous reporter stays anonymous: no name or contact may be recorded at all.
  if (rep.anonymous && rep.name) throw errors.invalidField('reporter.name', 'must be left out when the reporter is anonymous');
  if (rep.anonymous && rep.contact) throw errors.invalidField('reporter.contact', 'must be left out when the reporter is anonymous');
  if (input.personId && input.person) throw errors.invalidField('person', 'give either personId or a new person, not both');
  if (!input.personId && !input.person) throw errors.invalidField('personId', 'is required (or a new person): a concern is about someone');
  const codes = [...new Set(input.behaviourIndicators)];
  if (codes.length === 0) throw errors.invalidField('behaviourIndicators', `needs at least one code: ${BEHAVIOUR_REQUIRED}`);
  const known = await s.tx.query<{ code: string }>('SELECT code FROM behaviour_indicators WHERE code = ANY($1::text[]) AND active', [codes]);
  const unknown = codes.filter((c) => !known.rows.some((r) => r.code === c));
  if (unknown.length) throw errors.invalidField('behaviourIndicators', `unknown or retired code: ${unknown.join(', ')}`);
  if (input.behaviourDescription.trim().length < 10) throw errors.invalidField('behaviourDescription', `must be at least 10 characters: ${BEHAVIOUR_REQUIRED}`);

  let person: PersonRow;
  if (input.personId) {
    const found = await findPersonInUnitInTrx(s, input.personId);
    if (!found) throw errors.invalidField('personId', 'no such person in your unit');
    person = found;
  } else {
    person = await createPersonInTrx(s, input.person!, { action: 'create', recordType: 'concern' });
  }
  const r = await s.tx.query<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, call_id, reporter_anonymous, reporter_name, reporter_contact, reporter_organisation,
       person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at, registered_by, coordinator_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
    [s.actor.unitId, receivedAt, input.channel, callId, rep.anonymous, rep.name ?? null, rep.contact ?? null, rep.organisation ?? null,
      person.id, input.ideologyArea, input.severity, input.behaviourDescription, initialStatus(input.severity),
      triageDeadline(input.severity, receivedAt), s.actor.id, s.actor.role === 'coordinator' ? s.actor.id : null, s.now],
  );
  const id = r.rows[0]!.id;
  await s.tx.query(
    `INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) SELECT $1, $2, unnest($3::text[])`,
    [id, s.actor.unitId, codes],
  );
  // The triage clock starts now: its task is on the coordinator's (or the unit queue's) list at once, not at the
  // scheduler's next tick. Same rule and rule_key as the scheduler, so the tick adds nothing.
  await refreshConcernTasksInTrx(s.tx, id, s.now);
  return { row: await loadById(s, id), person };
}

export const concerns = {
  async create(s: Scope, input: ConcernInput) {
    const { row, person } = await registerConcernInTrx(s, input, null);
    s.audit({ action: 'create', recordType: 'concern', recordId: row.id, personId: person.id, criterion: input.person ? 'with new person' : null });
    return presentConcern(s, row, person);
  },

  async get(s: Scope, id: string) {
    const k = await getReachableConcern(s, id, 'concern.read', 'read');
    const person = await personOf(s, k);
    s.audit({ action: 'read', recordType: 'concern', recordId: id, personId: k.person_id });
    return presentConcern(s, k, person);
  },

  /**
   * The coordinator's queue: overdue first, then by deadline; one search audit row. Besides the non-personal queue
   * filters, a case page lists the concerns about its person: caseId gives the concerns linked to the case or about
   * the case's person (as far as the actor sees the case), personId those about the person. Either way only within
   * the actor's concern.read reach, and the audit row names the person searched for.
   */
  async list(s: Scope, q: ConcernListQuery) {
    const criterion = [q.status && `status=${q.status}`, q.overdue && `overdue=${q.overdue}`, q.caseId && `case=${q.caseId}`,
      q.personId && `person=${q.personId}`].filter(Boolean).join('; ') || 'all';
    // Row-level security limits this look-up to cases the actor's unit or membership reaches.
    const casePerson = q.caseId
      ? (await s.tx.query<{ person_id: string }>('SELECT person_id FROM cases WHERE id = $1', [q.caseId])).rows[0]?.person_id ?? null
      : null;
    const personId = q.personId ?? casePerson;
    const reaches = s.requireRole('concern.read', { action: 'search', recordType: 'concern', criterion, personId });
    const params: unknown[] = [s.now];
    let where = concernReachSql(reaches, s.actor, params);
    if (q.status) where += ` AND k.status = $${params.push(q.status)}`;
    if (q.overdue) where += ` AND (k.triaged_at IS NULL AND k.triage_deadline_at < $1) = $${params.push(q.overdue === 'true')}`;
    if (q.personId) where += ` AND k.person_id = $${params.push(q.personId)}`;
    if (q.caseId) {
      where += ` AND (k.case_id = $${params.push(q.caseId)}${casePerson ? ` OR k.person_id = $${params.push(casePerson)}` : ''})`;
    }
    const r = await s.tx.query<ConcernRow>(
      `SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE ${where}
       ORDER BY (k.triaged_at IS NULL AND k.triage_deadline_at < $1) DESC, k.triage_deadline_at ASC, k.id LIMIT 500`,
      params,
    );
    s.audit({ action: 'search', recordType: 'concern', criterion, personId });
    return r.rows.map((k) => presentSummary(s, k));
  },

  /**
   * Shares the concern with a police liaison (for the police check) or a partner (for the Infohus). Every share is a
   * disclosure and records its legal basis (retsplejeloven § 115, serviceloven, consent; 'other' must be named).
   * Sharing a received concern with the police starts the police check.
   */
  async share(s: Scope, id: string, input: { version: number; userId: string; legalBasis: LegalBasis; legalBasisText?: string | undefined; contentSummary?: string | undefined }) {
    const k = await getReachableConcern(s, id, 'concern.share', 'update');
    if (TRIAGED_STATUSES.includes(k.status)) illegal(k.status, 'share');
    if (input.legalBasis === 'other' && !input.legalBasisText) throw errors.invalidField('legalBasisText', "is required when the legal basis is 'other'");
    const u = await s.tx.query<{ role: string; organisation: string | null }>('SELECT role, organisation FROM users WHERE id = $1 AND disabled_at IS NULL', [input.userId]);
    const target = u.rows[0];
    if (!target || (target.role !== 'police_liaison' && target.role !== 'partner')) {
      throw errors.invalidField('userId', 'must be an active police liaison or partner');
    }
    const toPolice = target.role === 'police_liaison';
    const next: ConcernStatus = toPolice && k.status === 'received' ? 'police_check' : k.status;
    if (next !== k.status && !canTransition(k.status, next)) illegal(k.status, 'share');
    await moveInTrx(s, k, input.version, next);
    await s.tx.query(
      `INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, legal_basis_text, shared_at, shared_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (concern_id, user_id) DO UPDATE SET legal_basis = EXCLUDED.legal_basis, legal_basis_text = EXCLUDED.legal_basis_text,
         shared_at = EXCLUDED.shared_at, shared_by = EXCLUDED.shared_by`,
      [id, input.userId, k.unit_id, input.legalBasis, input.legalBasisText ?? null, s.now, s.actor.id],
    );
    const summary = input.contentSummary ?? (toPolice
      ? 'Bekymringshenvendelse med person og beskrevet adfærd, delt til politiets tjek.'
      : 'Bekymringshenvendelse med person og beskrevet adfærd, delt til Infohus-vurdering.');
    const d = await s.tx.query<{ id: string }>(
      `INSERT INTO disclosures (unit_id, concern_id, partner_organisation, recipient_user_id, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [k.unit_id, id, target.organisation ?? (toPolice ? 'Politiet' : 'Samarbejdspartner'), input.userId, input.legalBasis,
        input.legalBasisText ?? null, summary, s.now, s.actor.id],
    );
    s.audit({ action: 'update', recordType: 'concern', recordId: id, personId: k.person_id, criterion: `shared (${input.legalBasis})` });
    const row = await loadById(s, id);
    return {
      concern: presentConcern(s, row, await personOf(s, row)),
      share: { userId: input.userId, legalBasis: input.legalBasis, sharedAt: s.now.toISOString(), disclosureId: d.rows[0]!.id },
    };
  },

  /**
   * Records the police check, by the police liaison the concern is shared with or by the coordinator (who may
   * record a check done by phone). Clear → the Infohus; take-over or acute → the police act under their own law,
   * which ends triage.
   */
  async policeCheck(s: Scope, id: string, input: { version: number; outcome: 'clear' | 'police_take_over' | 'acute' }) {
    const k = await getReachableConcern(s, id, 'concern.police_check', 'update');
    // A received concern the coordinator records a check for passes through police_check on the way.
    const from: ConcernStatus = k.status === 'received' && canTransition('received', 'police_check') ? 'police_check' : k.status;
    const to: ConcernStatus = input.outcome === 'clear' ? 'infohus' : 'police_took_over';
    if (from !== 'police_check' || !canTransition(from, to)) illegal(k.status, 'record a police check on');
    await moveInTrx(s, k, input.version, to, { policeOutcome: input.outcome });
    s.audit({ action: 'update', recordType: 'concern', recordId: id, personId: k.person_id, criterion: `police check ${input.outcome}` });
    const row = await loadById(s, id);
    return presentConcern(s, row, await personOf(s, row));
  },

  /**
   * Records the Infohus assessment. Unfounded closes the concern; justified opens a case for the person, owned by
   * the coordinator, or joins the person's open case — in the same transaction. Each disclosure to a partner records
   * its legal basis. The Infohus decision ends triage (handled_in_time feeds the 24/48/72 h KPI).
   */
  async assess(s: Scope, id: string, input: {
    version: number; meetingDate: string; participants: string[]; decision: 'justified' | 'unfounded'; reasoning: string;
    disclosures?: { partnerOrganisation: string; legalBasis: LegalBasis; legalBasisText?: string | undefined; contentSummary: string }[] | undefined;
  }) {
    const k = await getReachableConcern(s, id, 'concern.assess', 'update');
    if (!canTransition(k.status, input.decision)) illegal(k.status, `decide '${input.decision}' on`);
    if (input.meetingDate > danishDate(s.now)) throw errors.invalidField('meetingDate', 'must not be in the future: record the decision after the meeting');
    const disclosures = input.disclosures ?? [];
    disclosures.forEach((d, i) => {
      if (d.legalBasis === 'other' && !d.legalBasisText) throw errors.invalidField(`disclosures.${i}.legalBasisText`, "is required when the legal basis is 'other'");
    });
    await moveInTrx(s, k, input.version, input.decision);
    const a = await s.tx.query<{ id: string }>(
      `INSERT INTO infohus_assessments (concern_id, unit_id, meeting_date, participants, decision, reasoning, decided_by, decided_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8) RETURNING id`,
      [id, k.unit_id, input.meetingDate, input.participants, input.decision, input.reasoning, s.actor.id, s.now],
    );
    let caseId: string | null = null;
    let caseCreated = false;
    if (input.decision === 'justified') {
      const open = await s.tx.query<{ id: string }>(
        `SELECT id FROM cases WHERE person_id = $1 AND unit_id = $2 AND status <> 'closed' ORDER BY created_at LIMIT 1`, [k.person_id, k.unit_id],
      );
      caseId = open.rows[0]?.id ?? null;
      if (!caseId) {
        const c = await s.tx.query<{ id: string }>(
          `INSERT INTO cases (unit_id, person_id, title, status, ideology_area, owner_id, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, 'open', $4, $5, $5, $6, $6) RETURNING id`,
          [k.unit_id, k.person_id, `Sag efter Infohus ${input.meetingDate}`, k.ideology_area, s.actor.id, s.now],
        );
        caseId = c.rows[0]!.id;
        caseCreated = true;
        await s.tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'owner', $4, $2)`, [
          caseId, s.actor.id, k.unit_id, s.now,
        ]);
      }
      await s.tx.query('UPDATE concerns SET case_id = $2 WHERE id = $1', [id, caseId]);
    }
    const disclosureIds: string[] = [];
    for (const d of disclosures) {
      const r = await s.tx.query<{ id: string }>(
        `INSERT INTO disclosures (unit_id, concern_id, case_id, partner_organisation, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [k.unit_id, id, caseId, d.partnerOrganisation, d.legalBasis, d.legalBasisText ?? null, d.contentSummary, s.now, s.actor.id],
      );
      disclosureIds.push(r.rows[0]!.id);
    }
    s.audit({
      action: 'update', recordType: 'concern', recordId: id, personId: k.person_id,
      criterion: `infohus ${input.decision}${caseId ? (caseCreated ? '; case opened' : '; joined open case') : ''}`,
    });
    const row = await loadById(s, id);
    return { concern: presentConcern(s, row, await personOf(s, row)), assessmentId: a.rows[0]!.id, caseId, caseCreated, disclosureIds };
  },

  /** The behaviour indicators to choose from (reference data, no personal data: not audited when allowed). */
  async indicators(s: Scope) {
    s.requireRole('indicators.read', { action: 'read', recordType: 'behaviour_indicators' });
    const r = await s.tx.query<{ code: string; label_da: string; label_en: string; position: number }>(
      'SELECT code, label_da, label_en, position FROM behaviour_indicators WHERE active ORDER BY position, code',
    );
    return r.rows.map((b) => ({ code: b.code, labelDa: b.label_da, labelEn: b.label_en, position: b.position }));
  },
};
