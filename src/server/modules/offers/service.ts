import type { Scope } from '../../access/scope.ts';
import { caseReachSql } from '../cases/index.ts';
import type { Action } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { REOFFER_RESPONSES, reofferDeadlines } from '../../../shared/rules.ts';
import { OFFER_TRANSITIONS, SUPPORT_CASE_STATUSES, type OfferResponse } from '../../../shared/support.ts';
import { ensureOfferFollowUpInTrx } from '../followups/index.ts';
import { advanceCaseInTrx } from '../cases/index.ts';

type OfferType = 'mentor' | 'relative_coach' | 'exit_course' | 'psychiatry' | 'employment_education' | 'trauma_treatment' | 'other_service';
interface OfferRow {
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
const COLUMNS = 'o.id, o.case_id, o.unit_id, o.type, o.offered_at, o.offered_by, o.response, o.responded_at, o.reoffer_of, o.version';

function present(o: OfferRow) {
  const obliges = o.reoffer_of === null && o.responded_at !== null && (REOFFER_RESPONSES as readonly string[]).includes(o.response);
  const due = obliges ? reofferDeadlines(o.responded_at!) : null;
  return {
    id: o.id, caseId: o.case_id, type: o.type, offeredAt: o.offered_at.toISOString(), offeredBy: o.offered_by,
    response: o.response, respondedAt: o.responded_at ? o.responded_at.toISOString() : null, reofferOf: o.reoffer_of,
    reofferDue: due ? { threeMonths: due.threeMonths.toISOString(), sixMonths: due.sixMonths.toISOString() } : null,
    version: o.version,
  };
}

interface CaseRef {
  id: string;
  unit_id: string;
  person_id: string;
  status: string;
}

/** The case, if the actor reaches it for action; otherwise an audited refusal answering 404. */
async function reachableCase(s: Scope, caseId: string, action: Action, audit: AuditAction): Promise<CaseRef> {
  const params: unknown[] = [caseId];
  const r = await s.tx.query<CaseRef>(
    `SELECT c.id, c.unit_id, c.person_id, c.status FROM cases c WHERE c.id = $1 AND ${caseReachSql(s.reaches(action), s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'offer', recordId: caseId });
  return r.rows[0];
}

/** Offers are voluntary support within a live case; a closed case takes no new offer or answer. */
function requireLiveCase(c: CaseRef): void {
  if (!(SUPPORT_CASE_STATUSES as readonly string[]).includes(c.status)) {
    throw errors.conflict(`The case is ${c.status}; offers are possible while it is ${SUPPORT_CASE_STATUSES.join(', ')}.`, { allowed: [] });
  }
}

export const offers = {
  /**
   * Offers a voluntary course or effort (DOMAIN.md step 7). A re-offer names the first offer it follows up, which
   * must be of the same case and declined or unanswered: that is the obligation the action plan measures.
   */
  async offerCourse(s: Scope, caseId: string, input: { type: OfferType; offeredAt: string; reofferOf?: string | undefined }) {
    const c = await reachableCase(s, caseId, 'offer.manage', 'create');
    requireLiveCase(c);
    const offeredAt = new Date(input.offeredAt);
    if (offeredAt.getTime() > s.now.getTime()) throw errors.invalidField('offeredAt', 'must not be in the future');
    if (input.reofferOf) {
      const first = await s.tx.query<OfferRow>(`SELECT ${COLUMNS} FROM offers o WHERE o.id = $1 AND o.case_id = $2`, [input.reofferOf, caseId]);
      const f = first.rows[0];
      if (!f) throw errors.invalidField('reofferOf', 'no such offer in this case');
      if (f.reoffer_of !== null) throw errors.invalidField('reofferOf', 'must be the first offer, not a re-offer');
      if (!(REOFFER_RESPONSES as readonly string[]).includes(f.response)) throw errors.invalidField('reofferOf', 'only a declined or unanswered offer is re-offered');
      if (f.responded_at && offeredAt.getTime() < f.responded_at.getTime()) throw errors.invalidField('offeredAt', 'must be after the first offer was declined');
    }
    const r = await s.tx.query<OfferRow>(
      `INSERT INTO offers AS o (case_id, unit_id, type, offered_at, offered_by, reoffer_of) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [caseId, c.unit_id, input.type, offeredAt, s.actor.id, input.reofferOf ?? null],
    );
    const row = r.rows[0]!;
    // The 12-month follow-up counts from the first offer; re-offers belong to the same measurement.
    if (!row.reoffer_of) await ensureOfferFollowUpInTrx(s.tx, { id: row.id, caseId, unitId: row.unit_id, offeredAt: row.offered_at });
    await advanceCaseInTrx(s, caseId, 'offer', 'Tilbud givet');
    s.audit({ action: 'create', recordType: 'offer', recordId: row.id, personId: c.person_id });
    return present(row);
  },

  /** Records the person's answer; the allowed answers per state are OFFER_TRANSITIONS. */
  async recordResponse(s: Scope, offerId: string, input: { response: Exclude<OfferResponse, 'pending'>; version: number }) {
    const params: unknown[] = [offerId];
    const r = await s.tx.query<OfferRow & { person_id: string; case_status: string }>(
      `SELECT ${COLUMNS}, c.person_id, c.status AS case_status FROM offers o JOIN cases c ON c.id = o.case_id
       WHERE o.id = $1 AND ${caseReachSql(s.reaches('offer.manage'), s.actor, params)}`,
      params,
    );
    const o = r.rows[0];
    if (!o) s.refuse({ action: 'update', recordType: 'offer', recordId: offerId });
    requireLiveCase({ id: o.case_id, unit_id: o.unit_id, person_id: o.person_id, status: o.case_status });
    if (o.version !== input.version) throw errors.staleVersion(o.version);
    const allowed = OFFER_TRANSITIONS[o.response];
    if (!allowed.includes(input.response)) {
      throw errors.conflict(`An offer that is ${o.response} can become: ${allowed.length ? allowed.join(', ') : 'nothing (final)'}.`, { allowed });
    }
    const u = await s.tx.query<OfferRow>(
      `UPDATE offers AS o SET response = $3, responded_at = $4, version = version + 1 WHERE o.id = $1 AND o.version = $2 RETURNING ${COLUMNS}`,
      [offerId, input.version, input.response, s.now],
    );
    if (!u.rows[0]) throw errors.staleVersion(o.version + 1);
    s.audit({ action: 'update', recordType: 'offer', recordId: offerId, personId: o.person_id });
    return present(u.rows[0]);
  },

  /** A case's offers and re-offers, oldest first. */
  async listForCase(s: Scope, caseId: string) {
    const c = await reachableCase(s, caseId, 'offer.read', 'read');
    const r = await s.tx.query<OfferRow>(`SELECT ${COLUMNS} FROM offers o WHERE o.case_id = $1 ORDER BY o.offered_at, o.id`, [caseId]);
    s.audit({ action: 'read', recordType: 'offer', recordId: caseId, personId: c.person_id });
    return r.rows.map(present);
  },
};
