import { reachSql, repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { TransferStatus } from '../../../shared/transfers.ts';

/**
 * The transfers module's repository (docs/domain.md, "Transfers"): the only SQL on transfers. Row-level security
 * shows a transfer to both units (migration 0291); the move on acceptance is the database function
 * vink_transfer_move, which checks the actor again.
 */
interface TransferRow {
  id: string; case_id: string | null; concern_id: string | null; from_unit_id: string; to_unit_id: string; travels: string[];
  legal_basis: string; status: TransferStatus; requested_by: string; requested_at: Date; decided_by: string | null;
  decided_at: Date | null; decision_reason: string | null; version: number;
}
const COLUMNS = `t.id, t.case_id, t.concern_id, t.from_unit_id, t.to_unit_id, t.travels, t.legal_basis, t.status, t.requested_by, t.requested_at,
  t.decided_by, t.decided_at, t.decision_reason, t.version`;

export const transferRepo = repository((tx, s) => {
  const present = (t: TransferRow) => ({
    id: t.id, caseId: t.case_id, concernId: t.concern_id, fromUnitId: t.from_unit_id, toUnitId: t.to_unit_id,
    travels: t.travels as ('summary' | 'assessments' | 'offers_courses')[], legalBasis: t.legal_basis, status: t.status,
    requestedBy: t.requested_by, requestedAt: t.requested_at.toISOString(), decidedBy: t.decided_by,
    decidedAt: t.decided_at ? t.decided_at.toISOString() : null, decisionReason: t.decision_reason, version: t.version,
    direction: (s.actor.unitIds.includes(t.to_unit_id) ? 'incoming' : 'outgoing') as 'incoming' | 'outgoing',
  });

  return {
    /** The case or concern to transfer, within the actor's transfer.request reach (unit), or an audited 404. */
    async subject(kind: 'case' | 'concern', id: string): Promise<{ id: string; unit_id: string }> {
      const params: unknown[] = [id];
      const table = kind === 'case' ? 'cases' : 'concerns';
      const r = await tx.query<{ id: string; unit_id: string }>(
        `SELECT x.id, x.unit_id FROM ${table} x WHERE x.id = $1 AND ${reachSql(s.reaches('transfer.request'), s.actor, params, 'x', {})}`, params);
      return r.rows[0] ?? s.refuse({ action: 'update', recordType: kind, recordId: id });
    },

    async unitExists(unitId: string): Promise<boolean> {
      return (await tx.query('SELECT 1 FROM units WHERE id = $1', [unitId])).rowCount === 1;
    },

    /** Records the request; audited in the sending unit's trail and in the receiving unit's. */
    async create(t: { caseId: string | null; concernId: string | null; fromUnitId: string; toUnitId: string; travels: string[]; legalBasis: string }) {
      const r = await tx.query<TransferRow>(
        `INSERT INTO transfers AS t (case_id, concern_id, from_unit_id, to_unit_id, travels, legal_basis, requested_by, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [t.caseId, t.concernId, t.fromUnitId, t.toUnitId, t.travels, t.legalBasis, s.actor.id, s.now],
      );
      const row = r.rows[0];
      if (!row) throw errors.conflict('A transfer of this record is already requested.');
      const entry = { action: 'create' as const, recordType: 'transfer', recordId: row.id,
        criterion: `transfer of ${t.caseId ? `case ${t.caseId}` : `concern ${t.concernId}`} from unit ${t.fromUnitId} to unit ${t.toUnitId}; travels: ${t.travels.join(', ')}; legal basis: ${t.legalBasis}` };
      s.audit(entry);
      s.auditInUnit(t.toUnitId, entry);
      return present(row);
    },

    /** A transfer of either side, or an audited 404. */
    async get(id: string): Promise<TransferRow> {
      const r = await tx.query<TransferRow>(`SELECT ${COLUMNS} FROM transfers t WHERE t.id = $1`, [id]);
      return r.rows[0] ?? s.refuse({ action: 'update', recordType: 'transfer', recordId: id });
    },

    /** Both directions: incoming requests and outgoing transfers (the sending unit's stubs). One search row. */
    async list() {
      s.requireRole('transfer.read', { action: 'search', recordType: 'transfer', criterion: 'all' });
      const r = await tx.query<TransferRow>(`SELECT ${COLUMNS} FROM transfers t ORDER BY t.requested_at DESC, t.id LIMIT 500`);
      s.audit({ action: 'search', recordType: 'transfer', criterion: 'all' });
      return r.rows.map(present);
    },

    /**
     * Moves the transfer to its new status at the version the client saw; on acceptance the record moves to the
     * receiving unit (vink_transfer_move). Audited in both units' trails.
     */
    async decide(t: TransferRow, to: TransferStatus, reason: string | null) {
      const u = await tx.query<TransferRow>(
        `UPDATE transfers t SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5, version = version + 1
          WHERE t.id = $1 AND t.version = $6 AND t.status = 'requested' RETURNING ${COLUMNS}`,
        [t.id, to, s.actor.id, s.now, reason, t.version],
      );
      const row = u.rows[0];
      if (!row) throw errors.staleVersion(t.version + 1);
      if (to === 'accepted') await tx.query('SELECT vink_transfer_move($1)', [t.id]);
      const entry = { action: 'update' as const, recordType: 'transfer', recordId: t.id,
        criterion: `transfer ${to} of ${t.case_id ? `case ${t.case_id}` : `concern ${t.concern_id}`} from unit ${t.from_unit_id} to unit ${t.to_unit_id}${reason ? `; reason: ${reason}` : ''}` };
      s.audit(entry);
      s.auditInUnit(s.actor.unitIds.includes(t.to_unit_id) ? t.from_unit_id : t.to_unit_id, entry);
      return present(row);
    },

    present,
  };
});

/**
 * Access requests (docs/security.md, "Access requests"): the transfers of the citizen's cases and concerns between
 * units (municipalities), read under the purpose access_request by the DPO of either unit. The units are named, the
 * staff who asked and decided are not. The caller audits its one read.
 */
export const transferAccessRequestRepo = repository((tx, s) => ({
  async ofRecords(concernIds: readonly string[], caseIds: readonly string[]) {
    const params: unknown[] = [concernIds, caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 't', {
      unit: (t, units) => `(${t}.from_unit_id = ANY(${units}::uuid[]) OR ${t}.to_unit_id = ANY(${units}::uuid[]))`,
    });
    const r = await tx.query<{
      id: string; record: 'case' | 'concern'; from_unit: string; to_unit: string; travels: string[]; legal_basis: string; status: TransferStatus;
      requested_at: Date; decided_at: Date | null; decision_reason: string | null;
    }>(
      `SELECT t.id, CASE WHEN t.case_id IS NULL THEN 'concern' ELSE 'case' END AS record, fu.name AS from_unit, tu.name AS to_unit, t.travels,
              t.legal_basis, t.status, t.requested_at, t.decided_at, t.decision_reason
         FROM transfers t JOIN units fu ON fu.id = t.from_unit_id JOIN units tu ON tu.id = t.to_unit_id
        WHERE (t.concern_id = ANY($1::uuid[]) OR t.case_id = ANY($2::uuid[])) AND ${reach} ORDER BY t.requested_at, t.id`, params);
    return r.rows;
  },
}));
