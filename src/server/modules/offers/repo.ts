import { reachSql, repository } from '../../access/scope.ts';
import type { Action } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { diffFields, fieldHistoriesInTrx, fieldHistoryInTrx, recordFieldChangesInTrx } from '../../platform/field-history.ts';
import { findReachableCase, getReachableCase, type CaseRow } from '../cases/index.ts';
import type { OfferResponse } from '../../../shared/support.ts';

/**
 * The offers module's repository: the only place where SQL on offers lives (docs/architecture.md). The reach of an
 * offer is the reach of its case, which the cases module answers (../cases/index.ts).
 */

/** An offer type's code: an active entry of the offer_types vocabulary (migration 0360), checked by the service. */
export type OfferType = string;
export interface OfferRow {
  id: string;
  case_id: string;
  unit_id: string;
  type: OfferType;
  offered_at: Date;
  offered_by: string;
  response: OfferResponse;
  responded_at: Date | null;
  reoffer_of: string | null;
  version: number;
}
/** An offer with the corrections of its answer. */
export type OfferWithHistory = OfferRow & { corrections: Awaited<ReturnType<typeof fieldHistoryInTrx>> };
const COLUMNS = 'o.id, o.case_id, o.unit_id, o.type, o.offered_at, o.offered_by, o.response, o.responded_at, o.reoffer_of, o.version';

/** Offers over the actor's scope: reach through the case, and the audit entry of each look or change. */
export const offerRepo = repository((tx, s) => ({
  /** The case of the offers the request is about, if the actor reaches it for action; else audited 404 (offer). */
  caseOf(caseId: string, action: Action, audit: AuditAction): Promise<CaseRow> {
    return getReachableCase(s, caseId, action, audit, 'offer');
  },

  /** An offer of the given case, or undefined: re-offers name the first offer they follow up. */
  async inCase(id: string, caseId: string): Promise<OfferRow | undefined> {
    const r = await tx.query<OfferRow>(`SELECT ${COLUMNS} FROM offers o WHERE o.id = $1 AND o.case_id = $2`, [id, caseId]);
    return r.rows[0];
  },

  /** Records an offer (or re-offer) the service has validated on a reached case; audited as its creation. */
  async create(c: CaseRow, input: { type: OfferType; offeredAt: Date; reofferOf: string | null }): Promise<OfferRow> {
    const r = await tx.query<OfferRow>(
      `INSERT INTO offers AS o (case_id, unit_id, type, offered_at, offered_by, reoffer_of) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [c.id, c.unit_id, input.type, input.offeredAt, s.actor.id, input.reofferOf],
    );
    const row = r.rows[0]!;
    s.audit({ action: 'create', recordType: 'offer', recordId: row.id, personId: c.person_id });
    return row;
  },

  /** An offer whose answer the actor may record (offer.manage on its case), with its case; else audited 404. */
  async forResponse(id: string): Promise<{ offer: OfferRow; kase: CaseRow }> {
    const r = await tx.query<OfferRow>(`SELECT ${COLUMNS} FROM offers o WHERE o.id = $1`, [id]);
    const offer = r.rows[0];
    const kase = offer ? await findReachableCase(s, offer.case_id, 'offer.manage') : null;
    if (!offer || !kase) return s.refuse({ action: 'update', recordType: 'offer', recordId: id });
    return { offer, kase };
  },

  /** Writes the person's answer to an offer loaded with forResponse if its version still matches; audited. */
  async respond(loaded: { offer: OfferRow; kase: CaseRow }, version: number, response: OfferResponse): Promise<OfferRow> {
    const u = await tx.query<OfferRow>(
      `UPDATE offers AS o SET response = $3, responded_at = $4, version = version + 1 WHERE o.id = $1 AND o.version = $2 RETURNING ${COLUMNS}`,
      [loaded.offer.id, version, response, s.now],
    );
    if (!u.rows[0]) throw errors.staleVersion(loaded.offer.version + 1);
    s.audit({ action: 'update', recordType: 'offer', recordId: loaded.offer.id, personId: loaded.kase.person_id });
    return u.rows[0];
  },

  /** A case's offers and re-offers (offer.read), oldest first, each with its corrections. Audited as one read. */
  async forCase(caseId: string): Promise<OfferWithHistory[]> {
    const c = await getReachableCase(s, caseId, 'offer.read', 'read', 'offer');
    const r = await tx.query<OfferRow>(`SELECT ${COLUMNS} FROM offers o WHERE o.case_id = $1 ORDER BY o.offered_at, o.id`, [caseId]);
    const histories = await fieldHistoriesInTrx(tx, 'offer', r.rows.map((o) => o.id));
    s.audit({ action: 'read', recordType: 'offer', recordId: caseId, personId: c.person_id });
    return r.rows.map((o) => ({ ...o, corrections: histories.get(o.id) ?? [] }));
  },

  /** The corrections of one offer the actor has reached (oldest first). */
  history(offerId: string) {
    return fieldHistoryInTrx(tx, 'offer', offerId);
  },

  /** Whether the offer has a re-offer, or a course started from it (migration 0320, vink_offer_has_course). */
  async dependants(offerId: string): Promise<{ reoffered: boolean; course: boolean }> {
    const r = await tx.query<{ reoffered: boolean; course: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM offers o WHERE o.reoffer_of = $1) AS reoffered, vink_offer_has_course($1) AS course', [offerId]);
    return r.rows[0]!;
  },

  /**
   * Writes a checked correction of an offer's answer (docs/domain.md, "Corrections") loaded with forResponse, at the
   * version the client read: one field_history row per changed field and one audit row naming the fields.
   */
  async correct(loaded: { offer: OfferRow; kase: CaseRow }, version: number, c: { response?: OfferResponse | undefined; respondedAt?: Date | undefined }) {
    const o = loaded.offer;
    const changes = diffFields({ response: o.response, respondedAt: o.responded_at }, { response: c.response, respondedAt: c.respondedAt });
    if (changes.length === 0) {
      s.audit({ action: 'read', recordType: 'offer', recordId: o.id, personId: loaded.kase.person_id, criterion: 'correction without changes' });
      return { row: o, changed: [] as string[] };
    }
    const u = await tx.query<OfferRow>(
      `UPDATE offers AS o SET response = coalesce($3, response), responded_at = coalesce($4, responded_at), version = version + 1
       WHERE o.id = $1 AND o.version = $2 RETURNING ${COLUMNS}`,
      [o.id, version, c.response ?? null, c.respondedAt ?? null],
    );
    if (!u.rows[0]) throw errors.staleVersion(o.version);
    await recordFieldChangesInTrx(tx, { type: 'offer', id: o.id, unitId: o.unit_id, concernId: null, personId: loaded.kase.person_id, version: u.rows[0].version },
      changes, { actorId: s.actor.id, at: s.now });
    const fields = changes.map((x) => x.field);
    s.audit({ action: 'update', recordType: 'offer', recordId: o.id, personId: loaded.kase.person_id, criterion: `corrected: ${fields.join(', ')}` });
    return { row: u.rows[0], changed: fields };
  },
}));

/** The cases' offers for the citizen's access request (purpose-bound reach, Scope.accessRequestReaches; no audit row). */
export const offerAccessRequestRepo = repository((tx, s) => ({
  async ofCases(caseIds: readonly string[]) {
    const params: unknown[] = [caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'o', {});
    const r = await tx.query<{ id: string; case_id: string; type: string; offered_at: Date; response: string | null; responded_at: Date | null }>(
      `SELECT o.id, o.case_id, o.type, o.offered_at, o.response, o.responded_at FROM offers o
        WHERE o.case_id = ANY($1::uuid[]) AND ${reach} ORDER BY o.offered_at, o.id`, params);
    return r.rows;
  },
}));
