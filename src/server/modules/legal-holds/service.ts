import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { findReachableCase } from '../cases/index.ts';
import { personForAccessRequestInTrx } from '../persons/index.ts';
import { legalHoldRepo, type NewHold } from './repo.ts';

/** Legal holds (docs/retention.md, "Legal holds"): the DPO places, lifts and lists them; access requests place their own. */
export const legalHolds = {
  list: (s: Scope, active: boolean | null) => legalHoldRepo(s).list(active),

  /**
   * Places a hold on a person or a case of the actor's unit. The subject is checked through its module with the
   * DPO's purpose-bound reach (access_request.compile), so a record outside the unit answers 404.
   */
  async place(s: Scope, input: { personId?: string | undefined; caseId?: string | undefined; reasonKind: NewHold['reasonKind']; reason: string }) {
    s.requireRole('legal_hold.manage', { action: 'create', recordType: 'legal_hold' });
    let unitId: string;
    if (input.personId) {
      const p = await personForAccessRequestInTrx(s, input.personId, { purposeBound: false });
      unitId = p.unitId;
    } else if (input.caseId) {
      const c = await findReachableCase(s, input.caseId, 'access_request.compile');
      if (!c) return s.refuse({ action: 'create', recordType: 'legal_hold', recordId: input.caseId });
      unitId = c.unit_id;
    } else {
      throw errors.invalidField('personId', 'give exactly one of personId and caseId');
    }
    return legalHoldRepo(s).place({
      unitId, personId: input.personId ?? null, caseId: input.caseId ?? null, reasonKind: input.reasonKind, reason: input.reason, sourceId: null,
    });
  },

  lift: (s: Scope, id: string, version: number, reason: string) => legalHoldRepo(s).lift(id, version, reason),
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
