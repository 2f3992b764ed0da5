import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { closeApprovedCaseInTrx, refuseRunningCoursesInTrx } from '../cases/index.ts';
import { allowedClosureDecisions, mayDecideClosure, type ClosureDecisionInput, type ClosureRequestInput } from '../../../shared/closure-workflow.ts';
import { closureRepo, presentRequest as present } from './repo.ts';

/**
 * Closure approval (docs/domain.md, "Closing a case"): the coordinator (or owning adviser) asks with a reason, a
 * manager approves or rejects with a note, and only the approval closes the case, through the cases module's close
 * step (closeApprovedCaseInTrx), in the same transaction as the decision.
 */
export const closures = {
  async request(s: Scope, caseId: string, input: ClosureRequestInput) {
    const made = await closureRepo(s).request(caseId, input.reason);
    await refuseRunningCoursesInTrx(s, caseId, input.endRunningCourses === true);
    return present(made);
  },

  async listForCase(s: Scope, caseId: string) {
    return (await closureRepo(s).forCase(caseId)).map(present);
  },

  async pending(s: Scope) {
    return (await closureRepo(s).pending()).map((r) => ({ ...present(r), caseTitle: r.case_title }));
  },

  /**
   * Decides a pending request. A decided request is final (409 naming the allowed decisions, none); a stale version
   * answers 409. Approval closes the case with the request's reason; the case must still be open to closing.
   */
  async decide(s: Scope, id: string, input: ClosureDecisionInput) {
    const repo = closureRepo(s);
    const { request, c } = await repo.forDecision(id);
    if (!mayDecideClosure(request.status, input.decision)) {
      const allowed = allowedClosureDecisions(request.status);
      throw errors.conflict(`A closure request that is "${request.status}" cannot be ${input.decision}. Allowed: ${allowed.join(', ') || 'none'}.`, {
        allowed: [...allowed], current: request.status,
      });
    }
    if (request.version !== input.version) throw errors.staleVersion(request.version);
    if (input.decision === 'approved' && c.status === 'closed') throw errors.conflict('The case is already closed.', { allowed: [], current: c.status });
    const decided = await repo.decide(request, c, input.decision, input.note);
    if (input.decision === 'approved') await closeApprovedCaseInTrx(s, c, request.reason);
    return present(decided);
  },
};
