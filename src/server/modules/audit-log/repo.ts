import { repository } from '../../access/scope.ts';

/**
 * The audit-log module's repository: the DPO's read of audit_log joined with the staff names in users
 * (docs/architecture.md, "Where SQL lives"). The log itself is written only by src/server/audit.
 */

interface Row {
  seq: number; at: Date; actor_id: string | null; actor_name: string | null; actor_role: string | null; action: string; outcome: string;
  record_type: string | null; record_id: string | null; person_id: string | null; purpose: string | null; criterion: string | null;
  reason: string | null; person_name: string | null;
}

/** The audit trail as the DPO of the actor's units sees it. */
export const auditLogRepo = repository((tx, s) => ({
  /** The latest rows, newest first, optionally for one person or one actor. Looking is itself audited as a search. */
  async search(q: { personId?: string | undefined; actorId?: string | undefined; limit: number }) {
    s.requireRole('audit.read', { action: 'search', recordType: 'audit_log', personId: q.personId ?? null });
    const params: unknown[] = [s.actor.unitIds];
    // The DPO sees every row written in the unit, and every look-up of the unit's citizens, also by staff of other
    // units (e.g. a refused attempt from another municipality): an access request must show them all.
    // The unit's persons come from the database (migration 0120): the DPO may not read person records themselves.
    let where = '(a.unit_id = ANY($1::uuid[]) OR a.person_id IN (SELECT vink_audit_unit_person_ids()))';
    if (q.personId) {
      params.push(q.personId);
      where += ` AND a.person_id = $${params.length}`;
    }
    if (q.actorId) {
      params.push(q.actorId);
      where += ` AND a.actor_id = $${params.length}`;
    }
    params.push(q.limit);
    const r = await tx.query<Row>(
      // The DPO reads names, not ids: the actor's display name is staff data, not citizen data (docs/domain.md: a
      // citizen's own access request shows when and why, not staff names — that answer is built elsewhere).
      `SELECT a.seq::bigint AS seq, a.at, a.actor_id, u.display_name AS actor_name, a.actor_role, a.action, a.outcome, a.record_type, a.record_id,
              a.person_id, a.purpose, a.criterion, a.reason, n.full_name AS person_name
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         LEFT JOIN LATERAL (SELECT full_name FROM vink_audit_person_names(ARRAY[a.person_id])) n ON true WHERE ${where} ORDER BY a.seq DESC LIMIT $${params.length}`,
      params,
    );
    s.audit({
      action: 'search', recordType: 'audit_log', personId: q.personId ?? null,
      criterion: [q.personId && `person=${q.personId}`, q.actorId && `actor=${q.actorId}`].filter(Boolean).join(' ') || 'latest',
    });
    return r.rows.map((a) => ({
      seq: a.seq, at: a.at.toISOString(), actorId: a.actor_id, actorName: a.actor_name, actorRole: a.actor_role, action: a.action, outcome: a.outcome,
      recordType: a.record_type, recordId: a.record_id, personId: a.person_id, purpose: a.purpose, criterion: a.criterion,
      reason: a.reason, personName: a.person_name,
    }));
  },
}));

/**
 * Every look-up and refused attempt about a person, for the citizen's access request (docs/security.md, "Access
 * requests"): when, the organisation (the staff member's organisation, else their unit) and role, the purpose and
 * what was done. Never a staff name or id (CJEU C-579/21): the query does not even select them. Purpose-bound reach.
 */
export const auditLookupRepo = repository((tx, s) => ({
  async ofPerson(personId: string) {
    if (s.accessRequestReaches().length === 0) return [];
    const r = await tx.query<{ at: Date; organisation: string | null; role: string | null; purpose: string | null; action: string; outcome: string }>(
      `SELECT a.at, coalesce(u.organisation, un.name) AS organisation, a.actor_role AS role, a.purpose, a.action, a.outcome
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN units un ON un.id = a.unit_id
        WHERE a.person_id = $1 AND a.person_id IN (SELECT vink_audit_unit_person_ids()) ORDER BY a.at, a.seq`,
      [personId],
    );
    return r.rows;
  },
}));
