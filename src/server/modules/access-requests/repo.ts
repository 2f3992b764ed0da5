import { randomUUID } from 'node:crypto';
import { reachSql, repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { AccessRequestStatus, ExemptionItemType } from '../../../shared/access-requests.ts';
import { fieldHistoryForAccessRequestInTrx } from '../../platform/field-history.ts';

/**
 * The access-requests module's repository: the only SQL on access_requests and access_request_exemptions (migration
 * 0220; docs/security.md, "Access requests"). The citizen's records are read through their modules' index.ts.
 */

export interface RequestRow {
  id: string; unit_id: string; person_id: string | null; received_on: string; identity_verified: string; deadline_on: string;
  extended_to: string | null; extension_reason: string | null; status: AccessRequestStatus; note: string | null; registered_at: Date;
  handed_over_at: Date | null; closed_at: Date | null; version: number;
}
const COLUMNS = `r.id, r.unit_id, r.person_id, to_char(r.received_on, 'YYYY-MM-DD') AS received_on, r.identity_verified,
  to_char(r.deadline_on, 'YYYY-MM-DD') AS deadline_on, to_char(r.extended_to, 'YYYY-MM-DD') AS extended_to, r.extension_reason, r.status, r.note,
  r.registered_at, r.handed_over_at, r.closed_at, r.version`;

export interface ExemptionRow {
  id: string; item_type: ExemptionItemType; item_id: string; legal_reference: string; reason: string; recorded_at: Date;
}

export const accessRequestRepo = repository((tx, s) => {
  const where = (params: unknown[]) => reachSql(s.reaches('access_request.manage'), s.actor, params, 'r', {});
  return {
    async list() {
      s.requireRole('access_request.manage', { action: 'search', recordType: 'access_request' });
      const params: unknown[] = [];
      const r = await tx.query<RequestRow>(
        `SELECT ${COLUMNS} FROM access_requests r WHERE ${where(params)}
          ORDER BY (r.status = 'closed'), coalesce(r.extended_to, r.deadline_on), r.id LIMIT 1000`, params);
      s.audit({ action: 'search', recordType: 'access_request', criterion: 'all' });
      return r.rows;
    },

    async insert(input: { receivedOn: string; identityVerified: string; note: string | null; deadlineOn: string }) {
      const id = randomUUID();
      const r = await tx.query<RequestRow>(
        `INSERT INTO access_requests AS r (id, unit_id, received_on, identity_verified, deadline_on, status, note, registered_by, registered_at)
         VALUES ($1, $2, $3, $4, $5, 'registered', $6, $7, $8) RETURNING ${COLUMNS}`,
        [id, s.actor.unitId, input.receivedOn, input.identityVerified, input.deadlineOn, input.note, s.actor.id, s.now],
      );
      s.audit({ action: 'create', recordType: 'access_request', recordId: id });
      return r.rows[0]!;
    },

    /** A request within reach, or an audited 404 (also for a role without the action). Not audited when found: the caller writes the row of its request. */
    async load(id: string, audit: 'read' | 'update' | 'export') {
      // No role gate first: a role without the action reaches nothing ('false'), so it gets the same audited 404.
      const params: unknown[] = [id];
      const r = await tx.query<RequestRow>(`SELECT ${COLUMNS} FROM access_requests r WHERE r.id = $1 AND ${where(params)}`, params);
      return r.rows[0] ?? s.refuse({ action: audit, recordType: 'access_request', recordId: id });
    },

    /** Applies a change if the version still matches; else 409 with the stored version. */
    async update(current: RequestRow, version: number, change: {
      personId?: string; extendedTo?: string; extensionReason?: string; status?: AccessRequestStatus; handedOverAt?: Date; closedAt?: Date;
    }) {
      if (current.version !== version) throw errors.staleVersion(current.version);
      const r = await tx.query<RequestRow>(
        `UPDATE access_requests AS r SET person_id = coalesce($3, r.person_id), extended_to = coalesce($4::date, r.extended_to),
           extension_reason = coalesce($5, r.extension_reason), status = coalesce($6, r.status),
           handed_over_at = coalesce($7, r.handed_over_at), closed_at = coalesce($8, r.closed_at), version = r.version + 1
         WHERE r.id = $1 AND r.version = $2 RETURNING ${COLUMNS}`,
        [current.id, version, change.personId ?? null, change.extendedTo ?? null, change.extensionReason ?? null, change.status ?? null,
          change.handedOverAt ?? null, change.closedAt ?? null],
      );
      if (!r.rows[0]) throw errors.staleVersion(current.version + 1);
      return r.rows[0];
    },

    async exemptions(requestId: string) {
      const r = await tx.query<ExemptionRow>(
        `SELECT e.id, e.item_type, e.item_id, e.legal_reference, e.reason, e.recorded_at FROM access_request_exemptions e
          WHERE e.request_id = $1 ORDER BY e.recorded_at, e.id`, [requestId]);
      return r.rows;
    },

    /** Records an exemption; the same item twice is a 409. */
    async addExemption(request: RequestRow, e: { itemType: ExemptionItemType; itemId: string; legalReference: string; reason: string }) {
      const id = randomUUID();
      const r = await tx.query<ExemptionRow>(
        `INSERT INTO access_request_exemptions AS e (id, request_id, unit_id, item_type, item_id, legal_reference, reason, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (request_id, item_type, item_id) DO NOTHING
         RETURNING e.id, e.item_type, e.item_id, e.legal_reference, e.reason, e.recorded_at`,
        [id, request.id, request.unit_id, e.itemType, e.itemId, e.legalReference, e.reason, s.actor.id, s.now],
      );
      if (!r.rows[0]) throw errors.conflict('The item is already exempted.');
      return r.rows[0];
    },

    /**
     * The corrections of the citizen's records (platform/field-history.ts), under the purpose-bound reach
     * access_request.compile: the unit's rows only, and never who made them.
     */
    async corrections(q: { personId: string; concernIds: readonly string[]; recordIds: readonly string[] }) {
      const reaches = s.accessRequestReaches();
      if (!reaches.includes('unit')) return [];
      return fieldHistoryForAccessRequestInTrx(tx, { ...q, unitIds: s.actor.unitIds });
    },
  };
});
