import { caseReachSql, personReachSql, type Scope } from '../../access/scope.ts';
import { seesOnlySharedNotes, type Action } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';

interface CaseRow {
  id: string;
  unit_id: string;
  person_id: string;
  title: string;
  status: 'open' | 'closed';
  prevention_level: 'green' | 'yellow' | 'red';
  owner_id: string | null;
  version: number;
  updated_at: Date;
}
const COLUMNS = 'c.id, c.unit_id, c.person_id, c.title, c.status, c.prevention_level, c.owner_id, c.version, c.updated_at';

function present(c: CaseRow) {
  return {
    id: c.id, unitId: c.unit_id, personId: c.person_id, title: c.title, status: c.status, preventionLevel: c.prevention_level,
    ownerId: c.owner_id, version: c.version, updatedAt: c.updated_at.toISOString(),
  };
}

/** Loads a case the actor may reach for action; anything else is an audited refusal answering 404. */
async function getReachable(s: Scope, id: string, action: Action, audit: AuditAction, recordType = 'case'): Promise<CaseRow> {
  const params: unknown[] = [id];
  const r = await s.tx.query<CaseRow>(`SELECT ${COLUMNS} FROM cases c WHERE c.id = $1 AND ${caseReachSql(s.reaches(action), s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType, recordId: id });
  return r.rows[0];
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
  async list(s: Scope, status: 'open' | 'closed' | undefined) {
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
    s.audit({ action: 'read', recordType: 'case', recordId: id, personId: row.person_id });
    return present(row);
  },

  async update(s: Scope, id: string, patch: { version: number; title?: string | undefined; preventionLevel?: CaseRow['prevention_level'] | undefined }) {
    const current = await getReachable(s, id, 'case.update', 'update');
    const r = await s.tx.query<CaseRow>(
      `UPDATE cases AS c SET title = coalesce($3, title), prevention_level = coalesce($4, prevention_level), version = version + 1, updated_at = $5
       WHERE c.id = $1 AND c.version = $2 RETURNING ${COLUMNS}`,
      [id, patch.version, patch.title ?? null, patch.preventionLevel ?? null, s.now],
    );
    if (!r.rows[0]) throw errors.staleVersion(current.version);
    s.audit({ action: 'update', recordType: 'case', recordId: id, personId: current.person_id });
    return present(r.rows[0]);
  },

  /**
   * Invites a colleague or partner. A disclosure outside the unit's own staff (police, partners) must record its
   * legal basis (retsplejeloven § 115, serviceloven, consent).
   */
  async addMember(s: Scope, id: string, input: { userId: string; relation: 'owner' | 'adviser' | 'police' | 'partner' | 'mentor'; legalBasis?: 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other' | undefined }) {
    const c = await getReachable(s, id, 'case.members.manage', 'update');
    if ((input.relation === 'police' || input.relation === 'partner') && !input.legalBasis) {
      throw errors.invalidField('legalBasis', 'is required when sharing a case with police or a partner');
    }
    const u = await s.tx.query<{ role: string }>('SELECT role FROM users WHERE id = $1 AND disabled_at IS NULL', [input.userId]);
    if (!u.rows[0]) throw errors.invalidField('userId', 'no such active user');
    await s.tx.query(
      `INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, user_id) DO UPDATE SET relation = EXCLUDED.relation, legal_basis = EXCLUDED.legal_basis`,
      [id, input.userId, c.unit_id, input.relation, input.legalBasis ?? null, s.now, s.actor.id],
    );
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
};
