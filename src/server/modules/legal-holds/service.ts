import type { Scope } from '../../access/scope.ts';
import { getReachableCase } from '../cases/index.ts';
import { legalHoldRepo, type NewHold } from './repo.ts';

/** Legal holds (docs/retention.md, "Legal holds"): the DPO places, lifts and lists them; access requests place their own. */
export const legalHolds = {
  list: (s: Scope, active: boolean | null) => legalHoldRepo(s).list(active),

  /** Places a hold on a person or a case of the actor's unit; another unit's (or none) answers an audited 404. */
  async place(s: Scope, input: { personId?: string | undefined; caseId?: string | undefined; reasonKind: NewHold['reasonKind']; reason: string }) {
    s.requireRole('legal_hold.manage', { action: 'create', recordType: 'legal_hold' });
    const repo = legalHoldRepo(s);
    const unitId = await repo.subjectUnit(input.personId ?? null, input.caseId ?? null);
    if (!unitId) return s.refuse({ action: 'create', recordType: 'legal_hold', recordId: input.personId ?? input.caseId ?? null, personId: input.personId ?? null });
    return repo.place({
      unitId, personId: input.personId ?? null, caseId: input.caseId ?? null, reasonKind: input.reasonKind, reason: input.reason, sourceId: null,
    });
  },

  lift: (s: Scope, id: string, version: number, reason: string) => legalHoldRepo(s).lift(id, version, reason),

  /**
   * A police request to preserve a case: the coordinator who owns the case places a hold of kind police_request with
   * the reason (case.legal_hold); a case out of that reach answers an audited 404. The DPO lists and lifts it.
   */
  async placePoliceHoldOnCase(s: Scope, caseId: string, reason: string) {
    const c = await getReachableCase(s, caseId, 'case.legal_hold', 'create', 'legal_hold');
    // A hold belongs to the case's unit, which must be the coordinator's own (row-level security on legal_holds).
    if (!s.actor.unitIds.includes(c.unit_id)) return s.refuse({ action: 'create', recordType: 'legal_hold', recordId: caseId });
    return legalHoldRepo(s).place({ unitId: c.unit_id, personId: null, caseId: c.id, reasonKind: 'police_request', reason, sourceId: null });
  },
};

/** For access requests (same transaction): a hold on the request's person while it is pending. */
export function placeAccessRequestHoldInTrx(s: Scope, input: { unitId: string; personId: string; requestId: string }) {
  return legalHoldRepo(s).place({
    unitId: input.unitId, personId: input.personId, caseId: null, reasonKind: 'access_request',
    reason: 'Indsigtsanmodning under behandling (databeskyttelsesforordningen art. 15).', sourceId: input.requestId,
  });
}

/** For access requests: lifts the hold the request placed, with the reason (the request was closed). */
export function liftAccessRequestHoldsInTrx(s: Scope, requestId: string, reason: string) {
  return legalHoldRepo(s).liftOfSource(requestId, reason);
}

/** The hold an access request placed (open or lifted), or null. */
export function accessRequestHoldInTrx(s: Scope, requestId: string) {
  return legalHoldRepo(s).openOfSource(requestId);
}
