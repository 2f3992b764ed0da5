import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { repository, type Scope } from '../../access/scope.ts';
import type { TransitionInput, TransitionPatch } from '../../../shared/environments.ts';

/**
 * The transitions module's repository: the only place with SQL on case_transitions (docs/architecture.md). The reach
 * of a transition is the reach of its case, loaded by the caller through cases/index.ts. Release dates concern the
 * person (criminal matters, Art. 10): each look and change is audited naming the person.
 */
export interface TransitionRow {
  id: string; case_id: string; unit_id: string; kind: 'custody_release' | 'prison_release'; due_on: string; notice_days: number;
  status: 'planned' | 'prepared' | 'cancelled'; version: number;
}
const SELECT = `SELECT x.id, x.case_id, x.unit_id, x.kind, to_char(x.due_on, 'YYYY-MM-DD') AS due_on, x.notice_days, x.status, x.version FROM case_transitions x`;
export const present = (r: TransitionRow) => ({
  id: r.id, caseId: r.case_id, kind: r.kind, dueOn: r.due_on, noticeDays: r.notice_days, status: r.status, version: r.version,
});

export const transitionRepo = repository((tx: Queryable, s: Scope) => ({
  async list(c: { id: string; person_id: string }) {
    const r = await tx.query<TransitionRow>(`${SELECT} WHERE x.case_id = $1 ORDER BY x.due_on, x.id`, [c.id]);
    s.audit({ action: 'read', recordType: 'case_transition', recordId: c.id, personId: c.person_id });
    return r.rows.map(present);
  },
  async create(c: { id: string; unit_id: string; person_id: string }, input: TransitionInput) {
    const r = await tx.query<TransitionRow>(
      `INSERT INTO case_transitions AS x (case_id, unit_id, kind, due_on, notice_days, recorded_by, recorded_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       RETURNING x.id, x.case_id, x.unit_id, x.kind, to_char(x.due_on, 'YYYY-MM-DD') AS due_on, x.notice_days, x.status, x.version`,
      [c.id, c.unit_id, input.kind, input.dueOn, input.noticeDays, s.actor.id, s.now]);
    s.audit({ action: 'create', recordType: 'case_transition', recordId: r.rows[0]!.id, personId: c.person_id });
    return present(r.rows[0]!);
  },
  /** The transition by id, with no reach check: the caller then reaches its case (or answers 404 itself). */
  async find(id: string): Promise<TransitionRow | null> {
    return (await tx.query<TransitionRow>(`${SELECT} WHERE x.id = $1`, [id])).rows[0] ?? null;
  },
  async update(cur: TransitionRow, personId: string, p: TransitionPatch) {
    const r = await tx.query<TransitionRow>(
      `UPDATE case_transitions x SET due_on = $3, notice_days = $4, status = $5, version = version + 1, updated_at = $6
        WHERE x.id = $1 AND x.version = $2
        RETURNING x.id, x.case_id, x.unit_id, x.kind, to_char(x.due_on, 'YYYY-MM-DD') AS due_on, x.notice_days, x.status, x.version`,
      [cur.id, p.version, p.dueOn ?? cur.due_on, p.noticeDays ?? cur.notice_days, p.status ?? cur.status, s.now]);
    if (!r.rows[0]) throw errors.staleVersion(cur.version);
    s.audit({ action: 'update', recordType: 'case_transition', recordId: cur.id, personId, criterion: Object.keys(p).filter((k) => k !== 'version').join(', ') });
    return present(r.rows[0]);
  },
}));
