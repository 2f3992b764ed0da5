import type { Scope } from '../../access/scope.ts';
import type { Database } from '../../platform/db.ts';
import { verifyAuditChain } from '../../audit/audit.ts';

interface Row {
  seq: number; at: Date; actor_id: string | null; actor_name: string | null; actor_role: string | null; action: string; outcome: string;
  record_type: string | null; record_id: string | null; person_id: string | null; purpose: string | null; criterion: string | null;
}

/** The DPO's view of the audit trail: who looked at what, when and why. Looking is itself audited. */
export const auditLog = {
  async search(s: Scope, q: { personId?: string | undefined; actorId?: string | undefined; limit: number }) {
    s.requireRole('audit.read', { action: 'search', recordType: 'audit_log', personId: q.personId ?? null });
    const params: unknown[] = [s.actor.unitIds];
    // The DPO sees every row written in the unit, and every look-up of the unit's citizens, also by staff of other
    // units (e.g. a refused attempt from another municipality): an access request must show them all.
    let where = '(a.unit_id = ANY($1::uuid[]) OR a.person_id IN (SELECT id FROM persons WHERE unit_id = ANY($1::uuid[])))';
    if (q.personId) {
      params.push(q.personId);
      where += ` AND a.person_id = $${params.length}`;
    }
    if (q.actorId) {
      params.push(q.actorId);
      where += ` AND a.actor_id = $${params.length}`;
    }
    params.push(q.limit);
    const r = await s.tx.query<Row>(
      // The DPO reads names, not ids: the actor's display name is staff data, not citizen data (DOMAIN.md: a citizen's
      // own access request shows when and why, not staff names — that answer is built elsewhere).
      `SELECT a.seq::bigint AS seq, a.at, a.actor_id, u.display_name AS actor_name, a.actor_role, a.action, a.outcome, a.record_type, a.record_id,
              a.person_id, a.purpose, a.criterion
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE ${where} ORDER BY a.seq DESC LIMIT $${params.length}`,
      params,
    );
    s.audit({
      action: 'search', recordType: 'audit_log', personId: q.personId ?? null,
      criterion: [q.personId && `person=${q.personId}`, q.actorId && `actor=${q.actorId}`].filter(Boolean).join(' ') || 'latest',
    });
    return r.rows.map((a) => ({
      seq: a.seq, at: a.at.toISOString(), actorId: a.actor_id, actorName: a.actor_name, actorRole: a.actor_role, action: a.action, outcome: a.outcome,
      recordType: a.record_type, recordId: a.record_id, personId: a.person_id, purpose: a.purpose, criterion: a.criterion,
    }));
  },

  /** Authorises and audits a chain check; the check itself runs after this transaction (see verifyChain). */
  async authoriseVerify(s: Scope): Promise<void> {
    s.requireRole('audit.read', { action: 'read', recordType: 'audit_log' });
    s.audit({ action: 'read', recordType: 'audit_log', criterion: 'verify chain' });
  },

  verifyChain(db: Database) {
    return verifyAuditChain(db);
  },
};
