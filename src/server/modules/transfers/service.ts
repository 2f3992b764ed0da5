import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { TRANSFER_TRANSITIONS, type TransferStatus } from '../../../shared/transfers.ts';
import { transferRepo } from './repo.ts';

export const transfers = {
  /**
   * Requests the transfer of a case or a concern to another unit when the citizen moves (docs/domain.md,
   * "Transfers"): the sending unit's coordinator names what travels and the legal basis. Audited in both units.
   */
  async request(s: Scope, input: { caseId?: string | undefined; concernId?: string | undefined; toUnitId: string; travels: string[]; legalBasis: string }) {
    s.requireRole('transfer.request', { action: 'create', recordType: 'transfer' });
    if ((input.caseId === undefined) === (input.concernId === undefined)) throw errors.invalidField('caseId', 'give either caseId or concernId');
    const repo = transferRepo(s);
    const subject = input.caseId ? await repo.subject('case', input.caseId) : await repo.subject('concern', input.concernId!);
    if (input.toUnitId === subject.unit_id) throw errors.invalidField('toUnitId', 'is the unit that holds the record already');
    if (!(await repo.unitExists(input.toUnitId))) throw errors.invalidField('toUnitId', 'is not a unit of VINK');
    return repo.create({
      caseId: input.caseId ?? null, concernId: input.concernId ?? null, fromUnitId: subject.unit_id, toUnitId: input.toUnitId,
      travels: [...new Set(input.travels)], legalBasis: input.legalBasis,
    });
  },

  list: (s: Scope) => transferRepo(s).list(),

  /**
   * Moves a transfer on: the receiving coordinator accepts or rejects (a reason is required to reject), the sending
   * coordinator withdraws (with a reason). An illegal step is a 409 naming the allowed ones; a stale version is a 409.
   */
  async decide(s: Scope, id: string, input: { to: TransferStatus; reason?: string | undefined; version: number }) {
    s.requireRole('transfer.decide', { action: 'update', recordType: 'transfer', recordId: id });
    const repo = transferRepo(s);
    const t = await repo.get(id);
    const receiving = s.actor.unitIds.includes(t.to_unit_id);
    const allowedHere = TRANSFER_TRANSITIONS[t.status].filter((to) => (receiving ? to !== 'withdrawn' : to === 'withdrawn'));
    if (!allowedHere.includes(input.to)) {
      throw errors.conflict(`A ${t.status} transfer cannot become ${input.to} by this side. Allowed: ${allowedHere.join(', ') || 'none'}.`,
        { allowed: allowedHere, current: t.status });
    }
    if (t.version !== input.version) throw errors.staleVersion(t.version);
    if (input.to !== 'accepted' && !input.reason) throw errors.invalidField('reason', `is required to ${input.to === 'rejected' ? 'reject' : 'withdraw'} a transfer`);
    return repo.decide(t, input.to, input.reason ?? null);
  },
};
