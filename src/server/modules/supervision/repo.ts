import { repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { getReachableCase } from '../cases/index.ts';

/**
 * The supervision module's repository: the only place with SQL on supervision_sessions (docs/architecture.md). The
 * reach of a session is the reach of its case (../cases/index.ts).
 */
interface SessionRow {
  id: string; case_id: string; member_user_id: string; member_name: string; relation: 'resource_person' | 'ssp';
  held_on: string; duration_minutes: number; topic: string; recorded_by: string; recorded_at: Date;
}
const SELECT = `SELECT s.id, s.case_id, s.member_user_id, u.display_name AS member_name, m.relation, to_char(s.held_on, 'YYYY-MM-DD') AS held_on,
                       s.duration_minutes, s.topic, s.recorded_by, s.recorded_at
                  FROM supervision_sessions s JOIN users u ON u.id = s.member_user_id
                  LEFT JOIN case_members m ON m.case_id = s.case_id AND m.user_id = s.member_user_id`;
const present = (r: SessionRow) => ({
  id: r.id, caseId: r.case_id, member: { id: r.member_user_id, displayName: r.member_name }, relation: r.relation, heldOn: r.held_on,
  durationMinutes: r.duration_minutes, topic: r.topic, recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(),
});

export const supervisionRepo = repository((tx, s) => ({
  /** A case's supervision sessions, oldest first (case.supervision.read). One audit row. */
  async list(caseId: string) {
    const c = await getReachableCase(s, caseId, 'case.supervision.read', 'read', 'supervision_session');
    const r = await tx.query<SessionRow>(`${SELECT} WHERE s.case_id = $1 ORDER BY s.held_on, s.recorded_at, s.id`, [caseId]);
    s.audit({ action: 'read', recordType: 'supervision_session', recordId: caseId, personId: c.person_id });
    return r.rows.map(present);
  },

  /** Records a session given to a member of the case in the relation resource_person or ssp. Audited as a creation. */
  async create(caseId: string, input: { memberId: string; heldOn: string; durationMinutes: number; topic: string }, today: string) {
    const c = await getReachableCase(s, caseId, 'case.supervision.manage', 'create', 'supervision_session');
    if (input.heldOn > today) throw errors.invalidField('heldOn', 'cannot be in the future');
    const m = await tx.query('SELECT 1 FROM case_members WHERE case_id = $1 AND user_id = $2 AND relation IN (\'resource_person\', \'ssp\')', [caseId, input.memberId]);
    if (!m.rows.length) throw errors.invalidField('memberId', 'must be a resource person or SSP member of this case');
    const r = await tx.query<{ id: string }>(
      `INSERT INTO supervision_sessions (case_id, unit_id, member_user_id, held_on, duration_minutes, topic, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [c.id, c.unit_id, input.memberId, input.heldOn, input.durationMinutes, input.topic, s.actor.id, s.now],
    );
    s.audit({ action: 'create', recordType: 'supervision_session', recordId: r.rows[0]!.id, personId: c.person_id });
    return present((await tx.query<SessionRow>(`${SELECT} WHERE s.id = $1`, [r.rows[0]!.id])).rows[0]!);
  },
}));
