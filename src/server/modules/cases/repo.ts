import type { Actor } from '../../access/actor.ts';
import { seesOnlySharedNotes, type Action, type Reach } from '../../access/policy.ts';
import { reachSql, repository, systemRepository, type ReachRules, type Scope } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { named } from '../../platform/db.ts';
import { personReachSql } from '../persons/index.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import type { CasePageQuery } from '../../../shared/lists.ts';
import type { CaseExportQuery } from '../../../shared/list-exports.ts';
import { allowedCaseTransitions, mayTransitionCase, REOPEN_STATUS, type CaseStatus } from '../../../shared/case-workflow.ts';
import { nextReassessmentDue, type AssessmentKind } from '../../../shared/assessments.ts';
import type { Role } from '../../../shared/roles.ts';
import { caseCourseReaches, type MemberRelation } from './policy.ts';

/**
 * The cases module's repository: the only place where SQL on cases, case_members, case_notes, case_status_changes
 * and disclosures lives (docs/architecture.md). Other modules reach these tables only through ./index.ts. Every
 * method that reads a case applies the actor's reach; every human look or change records its audit entry here.
 */

const CASE_RULES: ReachRules = {
  member: (c, actor) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${c}.id AND m.user_id = ${actor})`,
  owner: (c, actor) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${c}.id AND m.user_id = ${actor} AND m.relation = 'owner')`,
};

/** SQL predicate for a case alias given the actor's reaches; params are appended to the given array. */
export function caseReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'c'): string {
  return reachSql(reaches, actor, params, alias, CASE_RULES);
}

export type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other';
export type { MemberRelation };

/** The case columns every casework query needs; alias c. */
export interface CaseRow {
  id: string;
  unit_id: string;
  person_id: string;
  title: string;
  /** The case number (migration 0240), e.g. 101-2026-0042. */
  number: string;
  status: CaseStatus;
  prevention_level: 'green' | 'yellow' | 'red';
  ideology_area: 'militant_islamism' | 'right_wing' | 'left_wing' | 'other_unclear' | null;
  owner_id: string | null;
  closure_reason: string | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}
export const CASE_COLUMNS =
  'c.id, c.unit_id, c.person_id, c.title, c.number, c.status, c.prevention_level, c.ideology_area, c.owner_id, c.closure_reason, c.closed_at, c.version, c.created_at, c.updated_at';
type IdeologyArea = NonNullable<CaseRow['ideology_area']>;

/** The case view that leaves the server (the case page). */
export interface CaseView extends ReturnType<typeof presentCase> {
  createdAt: string;
  owner: { id: string; displayName: string } | null;
  members: { id: string; displayName: string; relation: MemberRelation; legalBasis: LegalBasis | null }[];
  closedAt: string | null;
  closureReason: string | null;
  allowedTransitions: CaseStatus[];
  nextReassessmentDue: string | null;
}

/** The case summary that leaves the server (list, create, update). */
export function presentCase(c: CaseRow) {
  return {
    id: c.id, unitId: c.unit_id, personId: c.person_id, title: c.title, number: c.number, status: c.status, preventionLevel: c.prevention_level,
    ideologyArea: c.ideology_area, ownerId: c.owner_id, version: c.version, updatedAt: c.updated_at.toISOString(),
  };
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
  coached_person_id: string | null;
  coached_person_name: string | null;
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
  consent_id: string | null;
}
const DISCLOSURE_COLUMNS = 'id, case_id, partner_organisation, recipient_user_id, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by, consent_id';
function presentDisclosure(d: DisclosureRow) {
  return {
    id: d.id, caseId: d.case_id, partnerOrganisation: d.partner_organisation, recipientUserId: d.recipient_user_id, legalBasis: d.legal_basis,
    legalBasisText: d.legal_basis_text, contentSummary: d.content_summary, disclosedAt: d.disclosed_at.toISOString(), disclosedBy: d.disclosed_by,
    consentId: d.consent_id,
  };
}

/** A disclosure of case data outside the unit, as the disclosure log keeps it. */
export interface DisclosureInput {
  partnerOrganisation: string;
  recipientUserId: string | null;
  legalBasis: LegalBasis;
  legalBasisText: string | null;
  contentSummary: string;
  /** The consent a disclosure on the basis 'consent' rests on (checked by the consents module). */
  consentId: string | null;
}

const INSERT_STATUS_CHANGE =
  'INSERT INTO case_status_changes (case_id, unit_id, from_status, to_status, reason, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)';

/** The case list's filters and sort, as the paged list and the export take them (src/shared/lists.ts). */
type CaseListFilters = Omit<CasePageQuery, 'limit' | 'cursor'>;

/** The audit criterion naming the case list's filters (ids, statuses, the district) and sort. */
function caseListCriterion(q: CaseListFilters): string {
  return [q.mine && `mine=${q.mine}`, q.ownerId && `owner=${q.ownerId}`, q.status && `status=${q.status}`,
    q.level && `level=${q.level}`, q.ideology && `ideology=${q.ideology}`, q.district && `district=${q.district}`, q.overdue && `overdue=${q.overdue}`,
    q.number && `number=${q.number}`, `sort=${q.sort}`].filter(Boolean).join('; ');
}

/**
 * The repository over the actor's scope. Methods that take a CaseRow take one this repository loaded within the
 * actor's reach (load/within), so a write never happens on a case the actor could not reach.
 */
export const caseRepo = repository((tx, s) => {
  /** The case list's filters as SQL within reaches (the paged list and the export share them); appends to params. */
  function caseListWhere(reaches: readonly Reach[], q: CaseListFilters, params: unknown[]): string {
    let where = caseReachSql(reaches, s.actor, params);
    if (q.mine) {
      where += ` AND ${q.mine === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = $${params.push(s.actor.id)})`;
    }
    if (q.ownerId) where += ` AND c.owner_id = $${params.push(q.ownerId)}`;
    if (q.status) where += ` AND c.status = $${params.push(q.status)}`;
    if (q.level) where += ` AND c.prevention_level = $${params.push(q.level)}`;
    if (q.number) where += ` AND c.number LIKE $${params.push(`%${q.number}`)}`;
    if (q.ideology) where += ` AND c.ideology_area = $${params.push(q.ideology)}`;
    if (q.district) where += ` AND EXISTS (SELECT 1 FROM persons p WHERE p.id = c.person_id AND lower(p.district) = lower($${params.push(q.district)}))`;
    if (q.overdue) {
      where += ` AND ${q.overdue === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.done_at IS NULL AND t.due_at < $${params.push(s.now)})`;
    }
    return where;
  }

  /** The case if the actor's reaches cover it, else null (also for a case that does not exist). */
  async function find(id: string, reaches: readonly Reach[]): Promise<CaseRow | null> {
    const params: unknown[] = [id];
    const r = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 AND ${caseReachSql(reaches, s.actor, params)}`, params);
    return r.rows[0] ?? null;
  }

  /** As find, but anything unreachable is an audited refusal answering 404, so existence does not leak. */
  async function within(id: string, reaches: readonly Reach[], audit: AuditAction, recordType: string): Promise<CaseRow> {
    const c = await find(id, reaches);
    if (!c) return s.refuse({ action: audit, recordType, recordId: id });
    return c;
  }

  /** For each action, whether the actor reaches the case for it. One query for all. */
  async function reachesFor<A extends Action>(id: string, actions: readonly A[]): Promise<Record<A, boolean>> {
    const params: unknown[] = [id];
    const cols = actions.map((a, i) => `${caseReachSql(s.reaches(a), s.actor, params)} AS r${i}`).join(', ');
    const r = await tx.query<Record<string, boolean>>(`SELECT ${cols} FROM cases c WHERE c.id = $1`, params);
    const row = r.rows[0] ?? {};
    return Object.fromEntries(actions.map((a, i) => [a, row[`r${i}`] === true])) as Record<A, boolean>;
  }

  /**
   * The full case view for the actor, in ONE statement (the case page reads it on every look): the case if the
   * actor reaches it for case.read (readReach; null when the caller has already reached it, after a change), its
   * members (everyone on a case sees who else is on it), the owner, whether the actor may take workflow steps, and
   * the start and six-month assessments when the actor may read assessments. Named by its text, which differs only by
   * the actor's reaches, so each shape is prepared once per connection. Reads only; the calling method audits.
   */
  async function loadView(id: string, readReaches: readonly Reach[] | null): Promise<{ c: CaseRow; view: CaseView } | null> {
    const params: unknown[] = [id];
    const read = readReaches ? caseReachSql(readReaches, s.actor, params) : 'true';
    const mayTransition = caseReachSql(s.reaches('case.transition'), s.actor, params);
    const mayAssess = caseReachSql(s.reaches('assessment.read'), s.actor, params);
    const text = `SELECT ${CASE_COLUMNS}, ${mayTransition} AS may_transition,
        (SELECT coalesce(json_agg(json_build_object('id', m.user_id, 'displayName', u.display_name, 'relation', m.relation, 'legalBasis', m.legal_basis)
                  ORDER BY m.relation = 'owner' DESC, m.added_at, u.display_name), '[]'::json)
           FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = c.id) AS members,
        (SELECT json_build_object('id', o.id, 'displayName', o.display_name) FROM users o WHERE o.id = c.owner_id) AS owner,
        CASE WHEN ${mayAssess} THEN
          (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'assessedOn', to_char(a.assessed_on, 'YYYY-MM-DD'))), '[]'::json)
             FROM assessments a WHERE a.case_id = c.id AND a.kind IN ('start', 'six_months')) END AS assessments
      FROM cases c WHERE c.id = $1 AND ${read}`;
    const r = await tx.query<CaseRow & {
      may_transition: boolean; members: CaseView['members']; owner: CaseView['owner'];
      assessments: { kind: AssessmentKind; assessedOn: string }[] | null;
    }>(named('vink_case_view', text), params);
    const row = r.rows[0];
    if (!row) return null;
    const { may_transition, members, owner, assessments, ...c } = row;
    return {
      c,
      view: {
        ...presentCase(c),
        createdAt: c.created_at.toISOString(),
        owner,
        members,
        closedAt: c.closed_at ? c.closed_at.toISOString() : null,
        // Partners see only what is shared with them; the closure reason is the unit's own record.
        closureReason: seesOnlySharedNotes(s.actor.role) ? null : c.closure_reason,
        allowedTransitions: may_transition ? [...allowedCaseTransitions(c.status)] : [],
        // The case view shows the date of the 6-month reassessment; the rule itself lives in shared/assessments.ts.
        nextReassessmentDue: assessments ? nextReassessmentDue({ caseStatus: c.status, assessments }) : null,
      },
    };
  }

  /** The view of a case the caller has already reached (after a change in this transaction). */
  async function detail(c: CaseRow): Promise<CaseView> {
    const loaded = await loadView(c.id, null);
    if (!loaded) throw new Error('a reached case is not visible');
    return loaded.view;
  }

  async function insertStatusChange(c: CaseRow, to: CaseStatus, reason: string | null): Promise<void> {
    await tx.query(INSERT_STATUS_CHANGE, [c.id, c.unit_id, c.status, to, reason, s.now, s.actor.id]);
  }

  async function insertDisclosure(c: CaseRow, d: DisclosureInput): Promise<DisclosureRow> {
    const r = await tx.query<DisclosureRow>(
      `INSERT INTO disclosures (unit_id, case_id, partner_organisation, recipient_user_id, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by, consent_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${DISCLOSURE_COLUMNS}`,
      [c.unit_id, c.id, d.partnerOrganisation, d.recipientUserId, d.legalBasis, d.legalBasisText, d.contentSummary, s.now, s.actor.id, d.consentId],
    );
    return r.rows[0]!;
  }

  return {
    find: (id: string, action: Action) => find(id, s.reaches(action)),
    within,
    /** The case the actor reaches for action, or an audited refusal (404) naming recordType. */
    load: (id: string, action: Action, audit: AuditAction, recordType = 'case') => within(id, s.reaches(action), audit, recordType),
    reachesFor,

    /**
     * Opens a case for a person the actor reaches, owned by an active coordinator or adviser of the actor's unit
     * (the actor by default), who joins as the owner member. Roles without case.create get an audited 403.
     */
    async create(input: { personId: string; title: string; preventionLevel: CaseRow['prevention_level']; ownerId?: string | undefined }) {
      s.requireRole('case.create', { action: 'create', recordType: 'case', personId: input.personId });
      const params: unknown[] = [input.personId];
      const person = await tx.query(`SELECT 1 FROM persons p WHERE p.id = $1 AND ${personReachSql(s.reaches('person.read'), s.actor, params)}`, params);
      if (person.rowCount === 0) throw errors.invalidField('personId', 'no such person in your unit');
      const ownerId = input.ownerId ?? s.actor.id;
      const owner = await tx.query(`SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND disabled_at IS NULL AND role IN ('coordinator', 'adviser')`, [
        ownerId, s.actor.unitId,
      ]);
      if (owner.rowCount === 0) throw errors.invalidField('ownerId', 'must be an active coordinator or adviser of your unit');
      const r = await tx.query<CaseRow>(
        `INSERT INTO cases AS c (unit_id, person_id, title, prevention_level, owner_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${CASE_COLUMNS}`,
        [s.actor.unitId, input.personId, input.title, input.preventionLevel, ownerId, s.actor.id, s.now],
      );
      const row = r.rows[0]!;
      await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'owner', $4, $5)`, [
        row.id, ownerId, row.unit_id, s.now, s.actor.id,
      ]);
      s.audit({ action: 'create', recordType: 'case', recordId: row.id, personId: row.person_id });
      return row;
    },

    /**
     * One page of the actor's cases (docs/architecture.md, "Lists"): keyset pagination within case.read reach and the
     * filters, with the true total. mine: the actor owns the case or is on it; overdue: the case has an open task past
     * its deadline. One search audit row per page looked at, naming the filters (ids only), the sort and the position.
     */
    async page(q: CasePageQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, q.sort) : null;
      const criterion = [caseListCriterion(q), after && 'page>1'].filter(Boolean).join('; ');
      const reaches = s.requireRole('case.read', { action: 'search', recordType: 'case', criterion });
      const params: unknown[] = [];
      let where = caseListWhere(reaches, q, params);
      const total = Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM cases c WHERE ${where}`, [...params])).rows[0]!.n);
      const key = q.sort === 'newest' ? 'created_at' : 'updated_at';
      if (after) where += ` AND (c.${key}, c.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)`;
      const r = await tx.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases c WHERE ${where} ORDER BY c.${key} DESC, c.id DESC LIMIT $${params.push(q.limit + 1)}`, params);
      s.audit({ action: 'search', recordType: 'case', criterion });
      const rows = r.rows.slice(0, q.limit);
      const last = rows.at(-1);
      const hasMore = r.rows.length > q.limit;
      const nextCursor = hasMore && last ? encodeCursor({ s: q.sort, g: 0, t: last[key].toISOString(), id: last.id }) : null;
      return { rows, total, hasMore, nextCursor };
    },

    /**
     * The whole case list with its filters and sort for an Excel export (docs/architecture.md, "Exports of a list"):
     * within the actor's case.list.export reach (never wider than case.read), up to ceiling rows, with the true total
     * and the owner's name. One 'export' audit row naming the filters and how many rows left the system.
     */
    async exportRows(q: CaseExportQuery, ceiling: number) {
      const criterion = `list export: ${caseListCriterion(q)}`;
      const reaches = s.requireRole('case.list.export', { action: 'export', recordType: 'case', criterion });
      const params: unknown[] = [];
      const where = caseListWhere(reaches, q, params);
      const total = Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM cases c WHERE ${where}`, [...params])).rows[0]!.n);
      const key = q.sort === 'newest' ? 'created_at' : 'updated_at';
      const r = await tx.query<CaseRow & { owner_name: string | null }>(
        `SELECT ${CASE_COLUMNS}, (SELECT u.display_name FROM users u WHERE u.id = c.owner_id) AS owner_name
         FROM cases c WHERE ${where} ORDER BY c.${key} DESC, c.id DESC LIMIT $${params.push(ceiling)}`, params);
      s.audit({ action: 'export', recordType: 'case', criterion: `${criterion}; rows=${r.rows.length} of ${total}` });
      return { rows: r.rows, total };
    },

    /**
     * The case view (case.read), with the partner field rule applied, in one statement; audited as a read of the
     * case, or as a refused read (404) when the actor does not reach it, so its existence does not leak.
     */
    async detail(id: string) {
      const loaded = await loadView(id, s.reaches('case.read'));
      if (!loaded) return s.refuse({ action: 'read', recordType: 'case', recordId: id });
      // Break the glass (docs/security.md): a case within reach that the actor is not a member of needs a reason.
      s.requireReasonUnless(loaded.view.members.some((m) => m.id === s.actor.id));
      s.audit({ action: 'read', recordType: 'case', recordId: id, personId: loaded.c.person_id });
      return loaded.view;
    },

    /**
     * Hands the case to another owner, an active coordinator or adviser of its unit (handover.manage), if the version
     * still matches (else 409 with the stored one). The new owner becomes the owner member; the previous owner stays
     * on the case as an adviser member, so they can still answer questions about it. Audited as an update naming the
     * person and the new owner.
     */
    async handover(id: string, version: number, ownerId: string): Promise<CaseRow> {
      const current = await within(id, s.reaches('handover.manage'), 'update', 'case');
      const to = await tx.query<{ id: string }>(
        `SELECT id FROM users WHERE id = $1 AND unit_id = $2 AND role IN ('coordinator', 'adviser') AND disabled_at IS NULL`, [ownerId, current.unit_id]);
      if (!to.rows[0]) throw errors.invalidField('ownerId', "must be an active coordinator or adviser of the case's unit");
      const r = await tx.query<CaseRow>(
        `UPDATE cases AS c SET owner_id = $3, version = version + 1, updated_at = $4 WHERE c.id = $1 AND c.version = $2 RETURNING ${CASE_COLUMNS}`,
        [id, version, ownerId, s.now]);
      if (!r.rows[0]) throw errors.staleVersion(current.version);
      await tx.query(`UPDATE case_members SET relation = 'adviser' WHERE case_id = $1 AND relation = 'owner' AND user_id <> $2`, [id, ownerId]);
      await tx.query(
        `INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'owner', $4, $5)
         ON CONFLICT (case_id, user_id) DO UPDATE SET relation = 'owner'`,
        [id, ownerId, current.unit_id, s.now, s.actor.id]);
      s.audit({ action: 'update', recordType: 'case', recordId: id, personId: current.person_id, criterion: `handover: owner ${ownerId}` });
      return r.rows[0];
    },

    /** Changes title, level or ideology area (case.update) if the version still matches; else 409 with the stored one. */
    async update(id: string, patch: {
      version: number; title?: string | undefined; preventionLevel?: CaseRow['prevention_level'] | undefined; ideologyArea?: IdeologyArea | null | undefined;
    }): Promise<CaseRow> {
      const current = await within(id, s.reaches('case.update'), 'update', 'case');
      const r = await tx.query<CaseRow>(
        `UPDATE cases AS c SET title = coalesce($3, title), prevention_level = coalesce($4, prevention_level),
           ideology_area = CASE WHEN $6::boolean THEN $7 ELSE ideology_area END, version = version + 1, updated_at = $5
         WHERE c.id = $1 AND c.version = $2 RETURNING ${CASE_COLUMNS}`,
        [id, patch.version, patch.title ?? null, patch.preventionLevel ?? null, s.now, patch.ideologyArea !== undefined, patch.ideologyArea ?? null],
      );
      if (!r.rows[0]) throw errors.staleVersion(current.version);
      s.audit({ action: 'update', recordType: 'case', recordId: id, personId: current.person_id });
      return r.rows[0];
    },

    /**
     * Writes a workflow step the service has validated on a reached case: the status (closing sets the closure time
     * and reason), the history row, and the audit entry. Answers the case view.
     */
    async transition(c: CaseRow, version: number, to: CaseStatus, reason: string | null) {
      const closing = to === 'closed';
      const r = await tx.query<CaseRow>(
        `UPDATE cases AS c SET status = $3, closed_at = CASE WHEN $4::boolean THEN $5::timestamptz END,
           closure_reason = CASE WHEN $4::boolean THEN $6 ELSE closure_reason END, version = version + 1, updated_at = $5
         WHERE c.id = $1 AND c.version = $2 RETURNING ${CASE_COLUMNS}`,
        [c.id, version, to, closing, s.now, reason],
      );
      if (!r.rows[0]) throw errors.staleVersion(c.version + 1);
      await insertStatusChange(c, to, reason);
      const view = await detail(r.rows[0]);
      s.audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, criterion: `status ${c.status}->${to}` });
      return view;
    },

    /**
     * The case's courses that still run (planned, active or paused), with the mentor's name, for the close step
     * (service.ts): closing a case ends them or is refused naming them (docs/domain.md, "Closing a case").
     */
    async runningCourses(caseId: string): Promise<{ id: string; kind: CaseCourseRow['kind']; mentor_name: string; started_on: string; person_id: string }[]> {
      const r = await tx.query<{ id: string; kind: CaseCourseRow['kind']; mentor_name: string; started_on: string; person_id: string }>(
        `SELECT co.id, co.kind, u.display_name AS mentor_name, co.started_on, c.person_id
           FROM courses co JOIN users u ON u.id = co.mentor_id JOIN cases c ON c.id = co.case_id
          WHERE co.case_id = $1 AND co.status <> 'ended' ORDER BY co.started_on, co.id FOR UPDATE OF co`,
        [caseId],
      );
      return r.rows;
    },

    /**
     * Ends the running courses of a case being closed, on the day it closes (or the planned start day, for a course
     * that has not begun), with end reason 'other'. One audit row per course, as for ending it by hand.
     */
    async endCoursesOnClose(courses: readonly { id: string; person_id: string }[], on: string): Promise<void> {
      for (const co of courses) {
        await tx.query(
          `UPDATE courses SET status = 'ended', ended_on = GREATEST(started_on, $2::date), end_reason = 'other', version = version + 1 WHERE id = $1`,
          [co.id, on],
        );
        s.audit({ action: 'update', recordType: 'course', recordId: co.id, personId: co.person_id, criterion: 'ended when the case closed' });
      }
    },

    /**
     * Reopens a reached closed case: clears the closure time and reason (history keeps them), writes the note to the
     * case notes (duty to record) and to the history, and audits. Answers the case view.
     */
    async reopen(c: CaseRow, version: number, note: string) {
      const r = await tx.query<CaseRow>(
        `UPDATE cases AS c SET status = $3, closed_at = NULL, closure_reason = NULL, version = version + 1, updated_at = $4
         WHERE c.id = $1 AND c.version = $2 RETURNING ${CASE_COLUMNS}`,
        [c.id, version, REOPEN_STATUS, s.now],
      );
      if (!r.rows[0]) throw errors.staleVersion(c.version + 1);
      await tx.query(`INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, $4, $5, false)`, [
        c.id, c.unit_id, s.actor.id, s.now, note,
      ]);
      await insertStatusChange(c, REOPEN_STATUS, note);
      const view = await detail(r.rows[0]);
      s.audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, criterion: `status ${c.status}->${REOPEN_STATUS} (reopened)` });
      return view;
    },

    /**
     * Moves a case along the workflow as a side effect of the work itself, only where the transition table allows
     * that step from the current status. The caller has reached the case (or the record it belongs to).
     */
    async advance(caseId: string, to: CaseStatus, reason: string): Promise<void> {
      const r = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 FOR UPDATE`, [caseId]);
      const c = r.rows[0];
      if (!c || c.status === to || !mayTransitionCase(c.status, to)) return;
      await tx.query('UPDATE cases SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1', [caseId, to, s.now]);
      await insertStatusChange(c, to, reason);
    },

    /**
     * An active user's role and organisation (null when none is recorded), or undefined when there is no such active
     * user. The role decides the relation a member may have (service.ts).
     */
    async activeUser(userId: string): Promise<{ role: Role; organisation: string | null } | undefined> {
      const u = await tx.query<{ role: Role; organisation: string | null }>('SELECT role, organisation FROM users WHERE id = $1 AND disabled_at IS NULL', [userId]);
      return u.rows[0];
    },

    /**
     * Adds (or changes the relation of) a member of a reached case; a disclosure, when given, goes to the
     * disclosure log in the same transaction. Audited as a change of the case.
     */
    async addMember(c: CaseRow, m: { userId: string; relation: MemberRelation; legalBasis: LegalBasis | null }, disclosure: DisclosureInput | null) {
      await tx.query(
        `INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (case_id, user_id) DO UPDATE SET relation = EXCLUDED.relation, legal_basis = EXCLUDED.legal_basis`,
        [c.id, m.userId, c.unit_id, m.relation, m.legalBasis, s.now, s.actor.id],
      );
      if (disclosure) await insertDisclosure(c, disclosure);
      s.audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, criterion: `member ${m.relation} added` });
    },

    /**
     * Makes the mentor of a course on a reached case a member with relation 'mentor', so they can log sessions and
     * record assessments; they see no more of the case than the policy table allows. Keeps an existing membership.
     */
    async addMentor(c: CaseRow, mentorId: string): Promise<void> {
      await tx.query(
        `INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'mentor', $4, $5)
         ON CONFLICT (case_id, user_id) DO NOTHING`,
        [c.id, mentorId, c.unit_id, s.now, s.actor.id],
      );
    },

    /**
     * The case notes (case.notes.read). Partners get only the notes shared with partners (field rule), and a
     * correction's link only when they see the corrected note too. Audited.
     */
    async notes(id: string) {
      const c = await within(id, s.reaches('case.notes.read'), 'read', 'case_notes');
      const onlyShared = seesOnlySharedNotes(s.actor.role);
      const r = await tx.query<{ id: string; author_id: string; written_at: Date; body: string; shared_with_partners: boolean; corrects_note_id: string | null }>(
        `SELECT id, author_id, written_at, body, shared_with_partners, corrects_note_id FROM case_notes WHERE case_id = $1 ${onlyShared ? 'AND shared_with_partners' : ''}
         ORDER BY written_at`,
        [id],
      );
      s.audit({ action: 'read', recordType: 'case_notes', recordId: id, personId: c.person_id });
      const listed = new Set(r.rows.map((n) => n.id));
      return r.rows.map((n) => ({
        id: n.id, authorId: n.author_id, writtenAt: n.written_at.toISOString(), body: n.body, sharedWithPartners: n.shared_with_partners,
        correctsNoteId: n.corrects_note_id && listed.has(n.corrects_note_id) ? n.corrects_note_id : null,
      }));
    },

    /**
     * Duty to record: a dated, authored note (case.notes.create), never edited afterwards. A correction names the
     * earlier note of the same case it corrects (a 400 naming correctsNoteId otherwise). Audited.
     */
    async addNote(id: string, input: { body: string; sharedWithPartners: boolean; correctsNoteId?: string | undefined }) {
      const c = await within(id, s.reaches('case.notes.create'), 'create', 'case_notes');
      if (input.correctsNoteId) {
        const earlier = await tx.query('SELECT 1 FROM case_notes WHERE id = $1 AND case_id = $2', [input.correctsNoteId, id]);
        if (earlier.rows.length === 0) throw errors.invalidField('correctsNoteId', 'must be an earlier note of this case');
      }
      const r = await tx.query<{ id: string; written_at: Date }>(
        `INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners, corrects_note_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, written_at`,
        [id, c.unit_id, s.actor.id, s.now, input.body, input.sharedWithPartners, input.correctsNoteId ?? null],
      );
      const n = r.rows[0]!;
      s.audit({ action: 'create', recordType: 'case_notes', recordId: id, personId: c.person_id, criterion: input.correctsNoteId ? 'correction note' : null });
      return {
        id: n.id, authorId: s.actor.id, writtenAt: n.written_at.toISOString(), body: input.body, sharedWithPartners: input.sharedWithPartners,
        correctsNoteId: input.correctsNoteId ?? null,
      };
    },

    /** Records a disclosure of a reached case's data to a partner; audited as the creation of the disclosure. */
    async disclose(c: CaseRow, d: DisclosureInput) {
      const row = await insertDisclosure(c, d);
      s.audit({ action: 'create', recordType: 'disclosure', recordId: row.id, personId: c.person_id });
      return presentDisclosure(row);
    },

    /** The disclosure log of a case (case.disclosures.read): to whom, on what legal basis, what. Audited. */
    /**
     * The person overview's casework sections (modules/overview): the person's cases within case.read, their courses
     * within the case-level course reach (caseCourseReaches) and their disclosures within case.disclosures.read. A
     * section whose action the role may not attempt at all is null (omitted, not an error). Not audited here: the
     * overview writes its one row, the read of the person.
     */
    async ofPersonForOverview(personId: string) {
      const section = async <T>(reaches: readonly Reach[], sql: (where: string) => string, map: (row: never) => T): Promise<T[] | null> => {
        if (reaches.length === 0) return null;
        const params: unknown[] = [personId];
        const r = await tx.query(sql(`c.person_id = $1 AND ${caseReachSql(reaches, s.actor, params)}`), params);
        return r.rows.map((x) => map(x as never));
      };
      const cases = await section(s.reaches('case.read'),
        (where) => `SELECT ${CASE_COLUMNS} FROM cases c WHERE ${where} ORDER BY c.created_at DESC, c.id`, (c: CaseRow) => presentCase(c));
      const courses = await section(caseCourseReaches(s),
        (where) => `SELECT co.id, co.case_id, co.kind, co.status, co.started_on, co.ended_on FROM courses co JOIN cases c ON c.id = co.case_id
                     WHERE ${where} ORDER BY co.started_on DESC, co.id`,
        (x: { id: string; case_id: string; kind: string; status: string; started_on: string; ended_on: string | null }) => ({
          id: x.id, caseId: x.case_id, kind: x.kind, status: x.status, startedOn: x.started_on, endedOn: x.ended_on,
        }));
      const disclosures = await section(s.reaches('case.disclosures.read'),
        (where) => `SELECT ${DISCLOSURE_COLUMNS.split(', ').map((col) => `d.${col}`).join(', ')} FROM disclosures d JOIN cases c ON c.id = d.case_id
                     WHERE ${where} ORDER BY d.disclosed_at DESC, d.id`,
        (d: DisclosureRow) => presentDisclosure(d));
      return { cases, courses, disclosures };
    },

    async disclosures(id: string) {
      const c = await within(id, s.reaches('case.disclosures.read'), 'read', 'disclosure');
      const r = await tx.query<DisclosureRow>(`SELECT ${DISCLOSURE_COLUMNS} FROM disclosures WHERE case_id = $1 ORDER BY disclosed_at, id`, [id]);
      s.audit({ action: 'read', recordType: 'disclosure', recordId: id, personId: c.person_id });
      return r.rows.map(presentDisclosure);
    },

    /**
     * The case's courses for the case page, with the mentor's name and the session count and latest date. Reach as
     * for a course at case level (policy.ts caseCourseReaches); mentors use their own list. Audited.
     */
    async courses(id: string) {
      const c = await within(id, caseCourseReaches(s), 'read', 'course');
      const params: unknown[] = [id];
      const r = await tx.query<CaseCourseRow>(
        `SELECT co.id, co.case_id, co.offer_id, co.kind, co.mentor_id, u.display_name AS mentor_name, co.status, co.started_on, co.ended_on,
                co.end_reason, co.version,
                (SELECT count(*)::int FROM course_sessions cs WHERE cs.course_id = co.id) AS sessions_count,
                (SELECT max(cs.held_on) FROM course_sessions cs WHERE cs.course_id = co.id) AS last_session_on,
                p.id AS coached_person_id, p.full_name AS coached_person_name
           FROM courses co JOIN users u ON u.id = co.mentor_id
           LEFT JOIN persons p ON p.id = co.coached_person_id AND ${personReachSql(s.reaches('person.read'), s.actor, params)}
          WHERE co.case_id = $1 ORDER BY co.started_on DESC, co.created_at DESC, co.id`,
        params,
      );
      s.audit({ action: 'read', recordType: 'course', recordId: id, personId: c.person_id });
      return r.rows.map((x) => ({
        id: x.id, caseId: x.case_id, offerId: x.offer_id, kind: x.kind, mentorId: x.mentor_id, mentorName: x.mentor_name, status: x.status,
        startedOn: x.started_on, endedOn: x.ended_on, endReason: x.end_reason, version: x.version, sessionsCount: x.sessions_count,
        lastSessionOn: x.last_session_on,
        coachedPerson: x.coached_person_id ? { id: x.coached_person_id, fullName: x.coached_person_name ?? '' } : null,
      }));
    },

    /**
     * The case's timeline (case.read): when and by whom it was opened, then each status change with its reason and
     * who made it. Partners do not get the reasons (closure reasons and reopening notes are the unit's own record, as
     * in the case view). Audited as a read of the case with criterion 'history'.
     */
    async history(id: string) {
      const c = await within(id, s.reaches('case.read'), 'read', 'case');
      const created = await tx.query<{ id: string; display_name: string }>(
        'SELECT u.id, u.display_name FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id = $1', [id],
      );
      const r = await tx.query<{ from_status: CaseStatus; to_status: CaseStatus; reason: string | null; changed_at: Date; changed_by: string; display_name: string }>(
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
});

// What the concerns module needs of cases (exported through ./index.ts): the Infohus decision opens or joins a case.
const caseIntakeRepo = repository((tx, s) => ({
  async personOfCase(caseId: string): Promise<string | null> {
    const r = await tx.query<{ person_id: string | null }>('SELECT vink_case_person($1) AS person_id', [caseId]);
    return r.rows[0]?.person_id ?? null;
  },
  async findOpenCaseOfPerson(personId: string, unitId: string): Promise<string | null> {
    const r = await tx.query<{ id: string }>(
      `SELECT id FROM cases WHERE person_id = $1 AND unit_id = $2 AND status <> 'closed' ORDER BY created_at LIMIT 1`, [personId, unitId],
    );
    return r.rows[0]?.id ?? null;
  },
  async openCaseForConcern(c: { unitId: string; personId: string; title: string; ideologyArea: CaseRow['ideology_area'] }): Promise<string> {
    const r = await tx.query<{ id: string }>(
      `INSERT INTO cases (unit_id, person_id, title, status, ideology_area, owner_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, 'open', $4, $5, $5, $6, $6) RETURNING id`,
      [c.unitId, c.personId, c.title, c.ideologyArea, s.actor.id, s.now],
    );
    const caseId = r.rows[0]!.id;
    await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'owner', $4, $2)`, [
      caseId, s.actor.id, c.unitId, s.now,
    ]);
    return caseId;
  },
}));

/**
 * The person of a case of the actor's units or of which the actor is a member, or null (vink_case_person, migration
 * 0120: the id only, also where the actor's reach does not cover the case). Not audited: the caller's request writes
 * its own row naming the person.
 */
export function findCasePersonInTrx(s: Scope, caseId: string): Promise<string | null> {
  return caseIntakeRepo(s).personOfCase(caseId);
}

/** The oldest case of the person in the unit that is not closed, or null. */
export function findOpenCaseOfPersonInTrx(s: Scope, personId: string, unitId: string): Promise<string | null> {
  return caseIntakeRepo(s).findOpenCaseOfPerson(personId, unitId);
}

/**
 * Opens a case for a person after a justified Infohus decision, owned by the actor (the coordinator), who becomes
 * its owner member. Not audited here: the Infohus decision's row records that a case was opened.
 */
export function openCaseForConcernInTrx(
  s: Scope, c: { unitId: string; personId: string; title: string; ideologyArea: CaseRow['ideology_area'] },
): Promise<string> {
  return caseIntakeRepo(s).openCaseForConcern(c);
}

/**
 * The person's cases with their status history, notes and disclosures, for the citizen's access request
 * (docs/security.md, "Access requests"): the DPO's purpose-bound reach (Scope.accessRequestReaches); no audit row (the
 * compilation writes one). Notes and changes come without their authors: no staff names or ids (CJEU C-579/21).
 */
export const caseAccessRequestRepo = repository((tx, s) => ({
  async ofPerson(personId: string, concernIds: readonly string[]) {
    const params: unknown[] = [personId];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'c', {});
    const cases = await tx.query<{ id: string; title: string; status: string; prevention_level: string | null; created_at: Date; closed_at: Date | null; closure_reason: string | null }>(
      `SELECT c.id, c.title, c.status, c.prevention_level, c.created_at, c.closed_at, c.closure_reason
         FROM cases c WHERE c.person_id = $1 AND ${reach} ORDER BY c.created_at, c.id`,
      params,
    );
    const ids = cases.rows.map((c) => c.id);
    const changes = await tx.query<{ id: string; case_id: string; from_status: string | null; to_status: string; reason: string | null; changed_at: Date }>(
      `SELECT x.id, x.case_id, x.from_status, x.to_status, x.reason, x.changed_at FROM case_status_changes x
        WHERE x.case_id = ANY($1::uuid[]) ORDER BY x.changed_at, x.id`, [ids]);
    const notes = await tx.query<{ id: string; case_id: string; written_at: Date; body: string }>(
      `SELECT n.id, n.case_id, n.written_at, n.body FROM case_notes n WHERE n.case_id = ANY($1::uuid[]) ORDER BY n.written_at, n.id`, [ids]);
    const disclosures = await tx.query<{
      id: string; case_id: string | null; partner_organisation: string | null; legal_basis: string; legal_basis_text: string | null; content_summary: string | null; disclosed_at: Date;
    }>(
      `SELECT d.id, d.case_id, d.partner_organisation, d.legal_basis, d.legal_basis_text, d.content_summary, d.disclosed_at FROM disclosures d
        WHERE d.case_id = ANY($1::uuid[]) OR d.concern_id = ANY($2::uuid[]) ORDER BY d.disclosed_at, d.id`, [ids, concernIds]);
    return { cases: cases.rows, changes: changes.rows, notes: notes.rows, disclosures: disclosures.rows };
  },
}));

/**
 * Holiday cover as case memberships (migration 0243; docs/domain.md, "Handover and holiday cover"): for each cover
 * period running today (Danish date), the colleague covering is an adviser member of every open case of the unit the
 * absent colleague is on, marked with the period (case_members.cover_id); when the period ends, those memberships go.
 * The reach rules stay as they are: member reach is what the cover gives, and only for the period.
 */
const COVER_SYNC = {
  /** Memberships of periods that are not running (ended, or not yet begun) go. */
  remove: `DELETE FROM case_members m USING cover_periods p, cases c
           WHERE m.cover_id = p.id AND c.id = m.case_id AND NOT (p.starts_on <= $1::date AND p.ends_on >= $1::date) UNITS
           RETURNING m.case_id, c.person_id, m.user_id`,
  /** Running periods give the covering colleague the absent one's open cases (one who is already on a case keeps their own membership). */
  add: `INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by, cover_id)
        SELECT m.case_id, p.cover_user_id, c.unit_id, 'adviser', $2, p.created_by, p.id
        FROM cover_periods p JOIN case_members m ON m.user_id = p.absent_user_id AND m.cover_id IS NULL
        JOIN cases c ON c.id = m.case_id AND c.status <> 'closed' AND c.unit_id = p.unit_id
        WHERE p.starts_on <= $1::date AND p.ends_on >= $1::date UNITS
        ON CONFLICT (case_id, user_id) DO NOTHING
        RETURNING case_id, (SELECT person_id FROM cases WHERE id = case_id) AS person_id, user_id`,
};

interface CoverChange {
  case_id: string;
  person_id: string;
  user_id: string;
}

async function syncCoverInTrx(tx: Queryable, today: string, now: Date, units: readonly string[] | null): Promise<{ added: CoverChange[]; removed: CoverChange[] }> {
  const only = (alias: string) => (units ? `AND ${alias}.unit_id = ANY($UNITS::uuid[])` : '');
  const removeSql = COVER_SYNC.remove.replace('UNITS', only('p'));
  const addSql = COVER_SYNC.add.replace('UNITS', only('p'));
  const removed = await tx.query<CoverChange>(removeSql.replace('$UNITS', '$2'), units ? [today, units] : [today]);
  const added = await tx.query<CoverChange>(addSql.replace('$UNITS', '$3'), units ? [today, now, units] : [today, now]);
  return { added: added.rows, removed: removed.rows };
}

/** The request that records a cover period brings its memberships in at once (the actor's units only). */
export const coverMembershipRepo = repository((tx, s) => ({
  async sync(today: string) {
    const r = await syncCoverInTrx(tx, today, s.now, s.actor.unitIds);
    for (const c of r.added) s.audit({ action: 'update', recordType: 'case', recordId: c.case_id, personId: c.person_id, criterion: `cover member ${c.user_id} added` });
    return { added: r.added.length, removed: r.removed.length };
  },
}));

/** The scheduler's tick starts and ends cover periods (all units); each change is audited on the case. */
export const coverMembershipSystemRepo = systemRepository((tx, s) => ({
  async sync(today: string) {
    const r = await syncCoverInTrx(tx, today, s.now, null);
    for (const c of r.added) s.audit({ action: 'update', outcome: 'ok', recordType: 'case', recordId: c.case_id, personId: c.person_id, criterion: `cover member ${c.user_id} added` });
    for (const c of r.removed) s.audit({ action: 'update', outcome: 'ok', recordType: 'case', recordId: c.case_id, personId: c.person_id, criterion: `cover member ${c.user_id} removed` });
    return { added: r.added.length, removed: r.removed.length };
  },
}));
