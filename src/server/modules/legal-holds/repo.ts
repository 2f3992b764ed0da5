import { randomUUID } from 'node:crypto';
import { repository, reachSql } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';

/**
 * The legal-holds module's repository: the only writer of legal_holds (migration 0200; docs/retention.md, "Legal
 * holds"). A hold on a person or a case blocks deletion and anonymisation until it is lifted with a reason.
 */

interface HoldRow {
  id: string; person_id: string | null; case_id: string | null; reason_kind: 'access_request' | 'complaint' | 'police_request' | 'other';
  reason: string; placed_at: Date; lifted_at: Date | null; lift_reason: string | null; version: number; source_id: string | null;
}
const COLUMNS = 'h.id, h.person_id, h.case_id, h.reason_kind, h.reason, h.placed_at, h.lifted_at, h.lift_reason, h.version, h.source_id';

export function presentHold(h: HoldRow) {
  return {
    id: h.id, personId: h.person_id, caseId: h.case_id, reasonKind: h.reason_kind, reason: h.reason, placedAt: h.placed_at.toISOString(),
    liftedAt: h.lifted_at ? h.lifted_at.toISOString() : null, liftReason: h.lift_reason, version: h.version,
  };
}

export interface NewHold {
  unitId: string;
  personId: string | null;
  caseId: string | null;
  reasonKind: HoldRow['reason_kind'];
  reason: string;
  sourceId: string | null;
}

export const legalHoldRepo = repository((tx, s) => {
  function reach(action: 'legal_hold.read' | 'legal_hold.manage', params: unknown[]): string {
    return reachSql(s.reaches(action), s.actor, params, 'h', {});
  }
  return {
    async list(active: boolean | null) {
      s.requireRole('legal_hold.read', { action: 'search', recordType: 'legal_hold' });
      const params: unknown[] = [];
      const where = reach('legal_hold.read', params) + (active === null ? '' : active ? ' AND h.lifted_at IS NULL' : ' AND h.lifted_at IS NOT NULL');
      const r = await tx.query<HoldRow>(`SELECT ${COLUMNS} FROM legal_holds h WHERE ${where} ORDER BY h.placed_at DESC, h.id LIMIT 1000`, params);
      s.audit({ action: 'search', recordType: 'legal_hold', criterion: active === null ? 'all' : active ? 'active' : 'lifted' });
      return r.rows.map(presentHold);
    },

    /**
     * The unit of the person or case a hold is placed on, when it is one of the actor's units and the role may manage
     * holds (vink_legal_hold_subject_unit, migration 0220: the DPO reads neither record); else null.
     */
    async subjectUnit(personId: string | null, caseId: string | null): Promise<string | null> {
      const r = await tx.query<{ unit: string | null }>('SELECT vink_legal_hold_subject_unit($1, $2) AS unit', [personId, caseId]);
      return r.rows[0]?.unit ?? null;
    },

    /** Places a hold in the given unit (the subject's, see subjectUnit). Audited. */
    async place(h: NewHold) {
      const id = randomUUID();
      const r = await tx.query<HoldRow>(
        `INSERT INTO legal_holds AS h (id, unit_id, person_id, case_id, reason_kind, reason, source_id, placed_by, placed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [id, h.unitId, h.personId, h.caseId, h.reasonKind, h.reason, h.sourceId, s.actor.id, s.now],
      );
      s.audit({ action: 'create', recordType: 'legal_hold', recordId: id, personId: h.personId });
      return presentHold(r.rows[0]!);
    },

    /** Lifts one hold with a reason if the version still matches (409 with the stored one otherwise). Audited. */
    async lift(id: string, version: number, reason: string) {
      const params: unknown[] = [id];
      const found = await tx.query<HoldRow>(`SELECT ${COLUMNS} FROM legal_holds h WHERE h.id = $1 AND ${reach('legal_hold.manage', params)}`, params);
      const current = found.rows[0] ?? s.refuse({ action: 'update', recordType: 'legal_hold', recordId: id });
      if (current.version !== version) throw errors.staleVersion(current.version);
      if (current.lifted_at) throw errors.conflict('The hold is already lifted.', { current: 'lifted', allowed: [] });
      const r = await tx.query<HoldRow>(
        `UPDATE legal_holds AS h SET lifted_at = $3, lifted_by = $4, lift_reason = $5, version = h.version + 1
         WHERE h.id = $1 AND h.version = $2 RETURNING ${COLUMNS}`,
        [id, version, s.now, s.actor.id, reason],
      );
      const row = r.rows[0] ?? (() => { throw errors.staleVersion(version + 1); })();
      s.audit({ action: 'update', recordType: 'legal_hold', recordId: id, personId: row.person_id, criterion: 'lift' });
      return presentHold(row);
    },

    /** The open hold an access request placed, or null. */
    async openOfSource(sourceId: string) {
      const r = await tx.query<HoldRow>(`SELECT ${COLUMNS} FROM legal_holds h WHERE h.source_id = $1 ORDER BY h.placed_at DESC LIMIT 1`, [sourceId]);
      return r.rows[0] ? presentHold(r.rows[0]) : null;
    },

    /** Lifts every open hold placed by sourceId (an access request being closed). Audited per hold. */
    async liftOfSource(sourceId: string, reason: string) {
      const r = await tx.query<HoldRow>(
        `UPDATE legal_holds AS h SET lifted_at = $2, lifted_by = $3, lift_reason = $4, version = h.version + 1
         WHERE h.source_id = $1 AND h.lifted_at IS NULL RETURNING ${COLUMNS}`,
        [sourceId, s.now, s.actor.id, reason],
      );
      for (const h of r.rows) s.audit({ action: 'update', recordType: 'legal_hold', recordId: h.id, personId: h.person_id, criterion: 'lift' });
      return r.rows.length;
    },
  };
});
