import type { Queryable } from '../../platform/db.ts';
import { repository, type Scope } from '../../access/scope.ts';
import type { PsychiatryConsultationInput, PsychiatryOutcome } from '../../../shared/environments.ts';

/**
 * The psychiatry module's repository: the only place with SQL on psychiatry_consultations (docs/architecture.md). The
 * reach of a consultation is the reach of its concern or case, loaded by the caller through that module's index.ts.
 * Consultations are health data about a person (Art. 9): every look and every record is audited naming the person.
 */
interface Row {
  id: string; concern_id: string | null; case_id: string | null; consulted_on: string; outcome: PsychiatryOutcome; recorded_by: string; recorded_at: Date;
}
const SELECT = `SELECT p.id, p.concern_id, p.case_id, to_char(p.consulted_on, 'YYYY-MM-DD') AS consulted_on, p.outcome, u.display_name AS recorded_by, p.recorded_at
                  FROM psychiatry_consultations p JOIN users u ON u.id = p.recorded_by`;
const present = (r: Row) => ({
  id: r.id, concernId: r.concern_id, caseId: r.case_id, consultedOn: r.consulted_on, outcome: r.outcome, recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
});

/** The record a consultation is on: a concern or a case, already reached by the caller. */
export interface On { kind: 'concern' | 'case'; id: string; unitId: string; personId: string }

export const psychiatryRepo = repository((tx: Queryable, s: Scope) => ({
  /** The consultations of the record, oldest first. One audit row: a read naming the person. */
  async list(on: On) {
    const r = await tx.query<Row>(`${SELECT} WHERE p.${on.kind}_id = $1 ORDER BY p.consulted_on, p.recorded_at, p.id`, [on.id]);
    s.audit({ action: 'read', recordType: 'psychiatry_consultation', recordId: on.id, personId: on.personId });
    return r.rows.map(present);
  },

  /** Records a consultation on the record. One audit row: create, naming the person. */
  async create(on: On, input: PsychiatryConsultationInput) {
    const r = await tx.query<{ id: string }>(
      `INSERT INTO psychiatry_consultations (unit_id, concern_id, case_id, consulted_on, outcome, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [on.unitId, on.kind === 'concern' ? on.id : null, on.kind === 'case' ? on.id : null, input.consultedOn, input.outcome, s.actor.id, s.now],
    );
    const id = r.rows[0]!.id;
    s.audit({ action: 'create', recordType: 'psychiatry_consultation', recordId: id, personId: on.personId });
    return present((await tx.query<Row>(`${SELECT} WHERE p.id = $1`, [id])).rows[0]!);
  },
}));
