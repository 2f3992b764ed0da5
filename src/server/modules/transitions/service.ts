import type { Scope } from '../../access/scope.ts';
import type { TransitionInput, TransitionPatch } from '../../../shared/environments.ts';
import { getReachableCase } from '../cases/index.ts';
import { refreshCaseTasksInTrx } from '../tasks/index.ts';
import { transitionRepo } from './repo.ts';

/**
 * Transitions of a case's person (docs/domain.md, "Transitions"): release dates from custody or prison, recorded on
 * the case as part of its planning (support_plan.read / support_plan.manage), each giving the case owner a task before
 * the date (tasks module, rule release_transition). Turning 18 needs no record: the rule turns_18 reads the birth date.
 */
export const transitions = {
  async list(s: Scope, caseId: string) {
    const c = await getReachableCase(s, caseId, 'support_plan.read', 'read', 'case_transition');
    return transitionRepo(s).list(c);
  },
  async create(s: Scope, caseId: string, input: TransitionInput) {
    const c = await getReachableCase(s, caseId, 'support_plan.manage', 'create', 'case_transition');
    const t = await transitionRepo(s).create(c, input);
    await refreshCaseTasksInTrx(s, c.id, s.now);
    return t;
  },
  async update(s: Scope, id: string, p: TransitionPatch) {
    const repo = transitionRepo(s);
    const cur = await repo.find(id);
    // A transition of a case outside reach answers as one that does not exist (audited 404 naming the transition).
    if (!cur) return s.refuse({ action: 'update', recordType: 'case_transition', recordId: id });
    const c = await getReachableCase(s, cur.case_id, 'support_plan.manage', 'update', 'case_transition');
    const t = await repo.update(cur, c.person_id, p);
    await refreshCaseTasksInTrx(s, c.id, s.now);
    return t;
  },
};
