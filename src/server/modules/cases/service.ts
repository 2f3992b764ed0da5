import type { Scope } from '../../access/scope.ts';
import { caseReachSql } from './repo.ts';
import { personReachSql } from '../persons/index.ts';
import { seesOnlySharedNotes } from '../../access/policy.ts';
import { errors } from '../../platform/errors.ts';
import {
  allowedCaseTransitions, mayReopenCase, mayTransitionCase, REOPEN_STATUS, transitionRequiresReason, type CaseReopenInput, type CaseStatus,
  type CaseTransitionInput,
} from '../../../shared/case-workflow.ts';
import { nextReassessmentDue, type AssessmentKind } from '../../../shared/assessments.ts';
import { CASE_COLUMNS as COLUMNS, caseCourseReaches, getCaseWithinReaches, getReachableCase as getReachable, reachesCase, type CaseRow } from './policy.ts';

type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other';
type MemberRelation = 'owner' | 'adviser' | 'police' | 'partner' | 'mentor';
type IdeologyArea = NonNullable<CaseRow['ideology_area']>;

function present(c: CaseRow) {
  return {
    id: c.id, unitId: c.unit_id, personId: c.person_id, title: c.title, status: c.status, preventionLevel: c.prevention_level,
    ideologyArea: c.ideology_area, ownerId: c.owner_id, version: c.version, updatedAt: c.updated_at.toISOString(),
  };
}

/**
 * The full case view for the actor: members (everyone on a case sees who else is on it), the owner, the workflow
 * steps the actor may take now, and the reassessment date. Reads only; the caller audits.
 */
async function detail(s: Scope, c: CaseRow) {
  const may = await reachesCase(s, c.id, ['case.transition', 'assessment.read']);
  const members = await s.tx.query<{ user_id: string; display_name: string; relation: MemberRelation; legal_basis: LegalBasis | null }>(
    `SELECT m.user_id, u.display_name, m.relation, m.legal_basis FROM case_members m JOIN users u ON u.id = m.user_id
     WHERE m.case_id = $1 ORDER BY m.relation = 'owner' DESC, m.added_at, u.display_name`,
    [c.id],
  );
  const owner = c.owner_id
    ? (await s.tx.query<{ id: string; display_name: string }>('SELECT id, display_name FROM users WHERE id = $1', [c.owner_id])).rows[0]
    : undefined;
  let reassessment: string | null = null;
  if (may['assessment.read']) {
    // The case view shows the date of the 6-month reassessment; the rule itself lives in shared/assessments.ts.
    const a = await s.tx.query<{ kind: AssessmentKind; assessed_on: string }>(
      `SELECT kind, to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on FROM assessments WHERE case_id = $1 AND kind IN ('start', 'six_months')`,
      [c.id],
    );
    reassessment = nextReassessmentDue({ caseStatus: c.status, assessments: a.rows.map((r) => ({ kind: r.kind, assessedOn: r.assessed_on })) });
  }
  return {
    ...present(c),
    createdAt: c.created_at.toISOString(),
    owner: owner ? { id: owner.id, displayName: owner.display_name } : null,
    members: members.rows.map((m) => ({ id: m.user_id, displayName: m.display_name, relation: m.relation, legalBasis: m.legal_basis })),
    closedAt: c.closed_at ? c.closed_at.toISOString() : null,
    // Partners see only what is shared with them; the closure reason is the unit's own record.
    closureReason: seesOnlySharedNotes(s.actor.role) ? null : c.closure_reason,
    allowedTransitions: may['case.transition'] ? [...allowedCaseTransitions(c.status)] : [],
    nextReassessmentDue: reassessment,
  };
}

/** The conflict for a workflow step the table does not allow; names what is allowed instead. */
function illegalTransition(from: CaseStatus, to: CaseStatus) {
  const allowed = allowedCaseTransitions(from);
  const message = from === 'closed'
    ? `A closed case cannot move to "${to}". Reopen it instead (POST /cases/:id/reopen with a note).`
    : `A case in status "${from}" cannot move to "${to}". Allowed: ${allowed.join(', ')}.`;
  return errors.conflict(message, { allowed: [...allowed], current: from });
}

interface CaseCourseRow {
  id: string;
  case_id: string;
  offer_id: string | null;
  kind: 'mentor' | 'relative_coach' | 'exit_course' | 'other';
  mentor_id: string;
  mentor_name: string;
  status: 'planned' | 'active' | 'paused' | 'ended';
  started_on: string;
  ended_on: string | null;
  end_reason: 'completed' | 'dropped_out' | 'moved' | 'other' | null;
  version: number;
  sessions_count: number;
  last_session_on: string | null;
}

interface DisclosureRow {
  id: string;
  case_id: string;
  partner_organisation: string;
  recipient_user_id: string | null;
  legal_basis: LegalBasis;
  legal_basis_text: string | null;
  content_summary: string;
  disclosed_at: Date;
  disclosed_by: string;
}
const DISCLOSURE_COLUMNS = 'id, case_id, partner_organisation, recipient_user_id, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by';
function presentDisclosure(d: DisclosureRow) {
  return {
    id: d.id, caseId: d.case_id, partnerOrganisation: d.partner_organisation, recipientUserId: d.recipient_user_id, legalBasis: d.legal_basis,
    legalBasisText: d.legal_basis_text, contentSummary: d.content_summary, disclosedAt: d.disclosed_at.toISOString(), disclosedBy: d.disclosed_by,
  };
}

/** A legal basis of 'other' must be spelled out: the person's right of access shows it, and Datatilsynet asks for it. */
function requireLegalBasisText(legalBasis: LegalBasis | undefined, text: string | undefined): void {
  if (legalBasis === 'other' && !text) throw errors.invalidField('legalBasisText', "is required when legalBasis is 'other'");
}

/** Records a disclosure of case data outside the unit; joins the caller's transaction. */
async function insertDisclosureInTrx(s: Scope, c: CaseRow, d: {
  partnerOrganisation: string; recipientUserId: string | null; legalBasis: LegalBasis; legalBasisText: string | null; contentSummary: string;
}): Promise<DisclosureRow> {
  const r = await s.tx.query<DisclosureRow>(
    `INSERT INTO disclosures (unit_id, case_id, partner_organisation, recipient_user_id, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DISCLOSURE_COLUMNS}`,
    [c.unit_id, c.id, d.partnerOrganisation, d.recipientUserId, d.legalBasis, d.legalBasisText, d.contentSummary, s.now, s.actor.id],
  );
  return r.rows[0]!;
}

export const cases = {
  async create(s: Scope, input: { personId: string; title: string; preventionLevel: CaseRow['prevention_level']; ownerId?: string | undefined }) {
    s.requireRole('case.create', { action: 'create', recordType: 'case', personId: input.personId });
    const params: unknown[] = [input.personId];
    const person = await s.tx.query(`SELECT 1 FROM persons p WHERE p.id = $1 AND ${personReachSql(s.reaches('person.read'), s.actor, params)}`, params);
    if (person.rowCount === 0) throw errors.invalidField('personId', 'no such person in your unit');
    const ownerId = input.ownerId ?? s.actor.id;
    const owner = await s.tx.query(`SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND disabled_at IS NULL AND role IN ('coordinator', 'adviser')`, [
      ownerId, s.actor.unitId,
    ]);
    if (owner.rowCount === 0) throw errors.invalidField('ownerId', 'must be an active coordinator or adviser of your unit');
    const r = await s.tx.query<CaseRow>(
      `INSERT INTO cases AS c (unit_id, person_id, title, prevention_level, owner_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
      [s.actor.unitId, input.personId, input.title, input.preventionLevel, ownerId, s.actor.id, s.now],
    );
    const row = r.rows[0]!;
    await s.tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'owner', $4, $5)`, [
      row.id, ownerId, row.unit_id, s.now, s.actor.id,
    ]);
    s.audit({ action: 'create', recordType: 'case', recordId: row.id, personId: row.person_id });
    return present(row);
  },

  /** The actor's cases (titles and levels, no names); one audit row records the listing. */
  async list(s: Scope, status: CaseStatus | undefined) {
    const reaches = s.requireRole('case.read', { action: 'search', recordType: 'case' });
    const params: unknown[] = [];
    let where = caseReachSql(reaches, s.actor, params);
    if (status) {
      params.push(status);
      where += ` AND c.status = $${params.length}`;
    }
    const r = await s.tx.query<CaseRow>(`SELECT ${COLUMNS} FROM cases c WHERE ${where} ORDER BY c.updated_at DESC LIMIT 500`, params);
    s.audit({ action: 'search', recordType: 'case', criterion: status ? `status=${status}` : 'all' });
    return r.rows.map(present);
  },

  async get(s: Scope, id: string) {
    const row = await getReachable(s, id, 'case.read', 'read');
    const view = await detail(s, row);
    s.audit({ action: 'read', recordType: 'case', recordId: id, personId: row.person_id });
    return view;
  },

  async update(s: Scope, id: string, patch: {
    version: number; title?: string | undefined; preventionLevel?: CaseRow['prevention_level'] | undefined; ideologyArea?: IdeologyArea | null | undefined;
  }) {
    const current = await getReachable(s, id, 'case.update', 'update');
    const r = await s.tx.query<CaseRow>(
      `UPDATE cases AS c SET title = coalesce($3, title), prevention_level = coalesce($4, prevention_level),
         ideology_area = CASE WHEN $6::boolean THEN $7 ELSE ideology_area END, version = version + 1, updated_at = $5
       WHERE c.id = $1 AND c.version = $2 RETURNING ${COLUMNS}`,
      [id, patch.version, patch.title ?? null, patch.preventionLevel ?? null, s.now, patch.ideologyArea !== undefined, patch.ideologyArea ?? null],
    );
    if (!r.rows[0]) throw errors.staleVersion(current.version);
    s.audit({ action: 'update', recordType: 'case', recordId: id, personId: current.person_id });
    return present(r.rows[0]);
  },

  /**
   * Moves a case one step along the workflow (shared/case-workflow.ts). Illegal steps answer 409 naming the allowed
   * ones; closing requires a reason (duty to record). Every change is kept in case_status_changes.
   */
  async transition(s: Scope, id: string, input: CaseTransitionInput) {
    const c = await getReachable(s, id, 'case.transition', 'update');
    if (c.version !== input.version) throw errors.staleVersion(c.version);
    if (!mayTransitionCase(c.status, input.to)) throw illegalTransition(c.status, input.to);
    if (transitionRequiresReason(input.to) && !input.reason) throw errors.invalidField('reason', 'is required when closing a case');
    const closing = input.to === 'closed';
    const r = await s.tx.query<CaseRow>(
      `UPDATE cases AS c SET status = $3, closed_at = CASE WHEN $4::boolean THEN $5::timestamptz END,
         closure_reason = CASE WHEN $4::boolean THEN $6 ELSE closure_reason END, version = version + 1, updated_at = $5
       WHERE c.id = $1 AND c.version = $2 RETURNING ${COLUMNS}`,
      [id, input.version, input.to, closing, s.now, input.reason ?? null],
    );
    if (!r.rows[0]) throw errors.staleVersion(c.version + 1);
    await s.tx.query(
      `INSERT INTO case_status_changes (case_id, unit_id, from_status, to_status, reason, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, c.unit_id, c.status, input.to, input.reason ?? null, s.now, s.actor.id],
    );
    const view = await detail(s, r.rows[0]);
    s.audit({ action: 'update', recordType: 'case', recordId: id, personId: c.person_id, criterion: `status ${c.status}->${input.to}` });
    return view;
  },

  /**
   * Reopens a closed case. The note is required and is written to the case notes: reopening is a significant step
   * under the duty to record (notatpligt). The closure time and reason are cleared; history keeps them.
   */
  async reopen(s: Scope, id: string, input: CaseReopenInput) {
    const c = await getReachable(s, id, 'case.transition', 'update');
    if (c.version !== input.version) throw errors.staleVersion(c.version);
    if (!mayReopenCase(c.status)) {
      const allowed = allowedCaseTransitions(c.status);
      throw errors.conflict(`Only a closed case can be reopened; this one is "${c.status}". Allowed: ${allowed.join(', ')}.`, {
        allowed: [...allowed], current: c.status,
      });
    }
    const r = await s.tx.query<CaseRow>(
      `UPDATE cases AS c SET status = $3, closed_at = NULL, closure_reason = NULL, version = version + 1, updated_at = $4
       WHERE c.id = $1 AND c.version = $2 RETURNING ${COLUMNS}`,
      [id, input.version, REOPEN_STATUS, s.now],
    );
    if (!r.rows[0]) throw errors.staleVersion(c.version + 1);
    await s.tx.query(`INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, $4, $5, false)`, [
      id, c.unit_id, s.actor.id, s.now, input.note,
    ]);
    await s.tx.query(
      `INSERT INTO case_status_changes (case_id, unit_id, from_status, to_status, reason, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, c.unit_id, c.status, REOPEN_STATUS, input.note, s.now, s.actor.id],
    );
    const view = await detail(s, r.rows[0]);
    s.audit({ action: 'update', recordType: 'case', recordId: id, personId: c.person_id, criterion: `status ${c.status}->${REOPEN_STATUS} (reopened)` });
    return view;
  },

  /**
   * Invites a colleague or partner. A disclosure outside the unit's own staff (police, partners) must record its
   * legal basis (retsplejeloven § 115, serviceloven, consent), and is written to the disclosure log as well.
   */
  async addMember(s: Scope, id: string, input: { userId: string; relation: MemberRelation; legalBasis?: LegalBasis | undefined; legalBasisText?: string | undefined }) {
    const c = await getReachable(s, id, 'case.members.manage', 'update');
    const discloses = input.relation === 'police' || input.relation === 'partner';
    if (discloses && !input.legalBasis) {
      throw errors.invalidField('legalBasis', 'is required when sharing a case with police or a partner');
    }
    requireLegalBasisText(input.legalBasis, input.legalBasisText);
    const u = await s.tx.query<{ organisation: string | null }>('SELECT organisation FROM users WHERE id = $1 AND disabled_at IS NULL', [input.userId]);
    if (!u.rows[0]) throw errors.invalidField('userId', 'no such active user');
    await s.tx.query(
      `INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, user_id) DO UPDATE SET relation = EXCLUDED.relation, legal_basis = EXCLUDED.legal_basis`,
      [id, input.userId, c.unit_id, input.relation, input.legalBasis ?? null, s.now, s.actor.id],
    );
    if (discloses) {
      await insertDisclosureInTrx(s, c, {
        partnerOrganisation: u.rows[0].organisation ?? (input.relation === 'police' ? 'Politiet' : 'Samarbejdspartner'),
        recipientUserId: input.userId,
        legalBasis: input.legalBasis!,
        legalBasisText: input.legalBasisText ?? null,
        contentSummary: input.relation === 'police' ? 'Adgang til sagen som sagsdeltager (politi)' : 'Adgang til sagen som sagsdeltager (partner)',
      });
    }
    s.audit({ action: 'update', recordType: 'case', recordId: id, personId: c.person_id, criterion: `member ${input.relation} added` });
    return { caseId: id, userId: input.userId, relation: input.relation, legalBasis: input.legalBasis ?? null };
  },

  async listNotes(s: Scope, id: string) {
    const c = await getReachable(s, id, 'case.notes.read', 'read', 'case_notes');
    const onlyShared = seesOnlySharedNotes(s.actor.role);
    const r = await s.tx.query<{ id: string; author_id: string; written_at: Date; body: string; shared_with_partners: boolean }>(
      `SELECT id, author_id, written_at, body, shared_with_partners FROM case_notes WHERE case_id = $1 ${onlyShared ? 'AND shared_with_partners' : ''}
       ORDER BY written_at`,
      [id],
    );
    s.audit({ action: 'read', recordType: 'case_notes', recordId: id, personId: c.person_id });
    return r.rows.map((n) => ({ id: n.id, authorId: n.author_id, writtenAt: n.written_at.toISOString(), body: n.body, sharedWithPartners: n.shared_with_partners }));
  },

  /** Duty to record: notes are dated and authored, and never edited afterwards. */
  async addNote(s: Scope, id: string, input: { body: string; sharedWithPartners: boolean }) {
    const c = await getReachable(s, id, 'case.notes.create', 'create', 'case_notes');
    const r = await s.tx.query<{ id: string; written_at: Date }>(
      `INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, written_at`,
      [id, c.unit_id, s.actor.id, s.now, input.body, input.sharedWithPartners],
    );
    const n = r.rows[0]!;
    s.audit({ action: 'create', recordType: 'case_notes', recordId: id, personId: c.person_id });
    return { id: n.id, authorId: s.actor.id, writtenAt: n.written_at.toISOString(), body: input.body, sharedWithPartners: input.sharedWithPartners };
  },

  /** Records a disclosure of case data to a partner with its legal basis (retsplejeloven § 115, serviceloven, consent). */
  async disclose(s: Scope, id: string, input: {
    partnerOrganisation: string; recipientUserId?: string | undefined; legalBasis: LegalBasis; legalBasisText?: string | undefined; contentSummary: string;
  }) {
    const c = await getReachable(s, id, 'case.disclose', 'create', 'disclosure');
    requireLegalBasisText(input.legalBasis, input.legalBasisText);
    if (input.recipientUserId) {
      const u = await s.tx.query('SELECT 1 FROM users WHERE id = $1 AND disabled_at IS NULL', [input.recipientUserId]);
      if (u.rowCount === 0) throw errors.invalidField('recipientUserId', 'no such active user');
    }
    const d = await insertDisclosureInTrx(s, c, {
      partnerOrganisation: input.partnerOrganisation, recipientUserId: input.recipientUserId ?? null, legalBasis: input.legalBasis,
      legalBasisText: input.legalBasisText ?? null, contentSummary: input.contentSummary,
    });
    s.audit({ action: 'create', recordType: 'disclosure', recordId: d.id, personId: c.person_id });
    return presentDisclosure(d);
  },

  /** The disclosure log of a case: to whom, on what legal basis, what. */
  async listDisclosures(s: Scope, id: string) {
    const c = await getReachable(s, id, 'case.disclosures.read', 'read', 'disclosure');
    const r = await s.tx.query<DisclosureRow>(`SELECT ${DISCLOSURE_COLUMNS} FROM disclosures WHERE case_id = $1 ORDER BY disclosed_at, id`, [id]);
    s.audit({ action: 'read', recordType: 'disclosure', recordId: id, personId: c.person_id });
    return r.rows.map(presentDisclosure);
  },

  /**
   * The case's courses for the case page, with the mentor's name and the session count and latest date. Reach as for
   * a course (course.read: coordinator and manager by unit, adviser as a member); mentors use their own list.
   */
  async listCourses(s: Scope, id: string) {
    const c = await getCaseWithinReaches(s, id, caseCourseReaches(s), 'read', 'course');
    const r = await s.tx.query<CaseCourseRow>(
      `SELECT co.id, co.case_id, co.offer_id, co.kind, co.mentor_id, u.display_name AS mentor_name, co.status, co.started_on, co.ended_on,
              co.end_reason, co.version,
              (SELECT count(*)::int FROM course_sessions cs WHERE cs.course_id = co.id) AS sessions_count,
              (SELECT max(cs.held_on) FROM course_sessions cs WHERE cs.course_id = co.id) AS last_session_on
         FROM courses co JOIN users u ON u.id = co.mentor_id
        WHERE co.case_id = $1 ORDER BY co.started_on DESC, co.created_at DESC, co.id`,
      [id],
    );
    s.audit({ action: 'read', recordType: 'course', recordId: id, personId: c.person_id });
    return r.rows.map((x) => ({
      id: x.id, caseId: x.case_id, offerId: x.offer_id, kind: x.kind, mentorId: x.mentor_id, mentorName: x.mentor_name, status: x.status,
      startedOn: x.started_on, endedOn: x.ended_on, endReason: x.end_reason, version: x.version, sessionsCount: x.sessions_count,
      lastSessionOn: x.last_session_on,
    }));
  },

  /**
   * The case's timeline: when and by whom it was opened, then each status change with its reason and who made it.
   * Whoever may read the case may read its history; partners do not get the reasons (closure reasons and reopening
   * notes are the unit's own record, as in the case view).
   */
  async history(s: Scope, id: string) {
    const c = await getReachable(s, id, 'case.read', 'read');
    const created = await s.tx.query<{ id: string; display_name: string }>(
      'SELECT u.id, u.display_name FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id = $1', [id],
    );
    const r = await s.tx.query<{ from_status: CaseStatus; to_status: CaseStatus; reason: string | null; changed_at: Date; changed_by: string; display_name: string }>(
      `SELECT h.from_status, h.to_status, h.reason, h.changed_at, h.changed_by, u.display_name
         FROM case_status_changes h JOIN users u ON u.id = h.changed_by
        WHERE h.case_id = $1 ORDER BY h.changed_at, h.id`,
      [id],
    );
    const withholdReasons = seesOnlySharedNotes(s.actor.role);
    s.audit({ action: 'read', recordType: 'case', recordId: id, personId: c.person_id, criterion: 'history' });
    const by = created.rows[0];
    return {
      caseId: id,
      createdAt: c.created_at.toISOString(),
      createdBy: by ? { id: by.id, displayName: by.display_name } : null,
      changes: r.rows.map((h) => ({
        from: h.from_status, to: h.to_status, reason: withholdReasons ? null : h.reason, changedAt: h.changed_at.toISOString(),
        changedBy: { id: h.changed_by, displayName: h.display_name },
      })),
    };
  },
};
