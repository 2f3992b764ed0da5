import type { Scope } from '../../access/scope.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import type { GoalInput, GoalPatch, ReviewInput } from '../../../shared/support-plan.ts';
import { supportPlanRepo } from './repo.ts';

/**
 * The support plan of a case (docs/domain.md, "The support plan"): goals, reviews and the review schedule, whose open
 * date is a task for the case owner (tasks/repo.ts rule 'support_plan_review') until the review is recorded.
 */
export const supportPlans = {
  get: (s: Scope, caseId: string) => supportPlanRepo(s).plan(caseId),
  addGoal: (s: Scope, caseId: string, input: GoalInput) => supportPlanRepo(s).addGoal(caseId, input, danishDateOf(s.now)),
  updateGoal: (s: Scope, id: string, patch: GoalPatch) => supportPlanRepo(s).updateGoal(id, patch),
  /** Records a review and answers it as the plan lists it. */
  review: (s: Scope, caseId: string, input: ReviewInput) => supportPlanRepo(s).review(caseId, input, danishDateOf(s.now)),
};
