import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Goal, GoalInput, GoalPatch, Review, ReviewInput, SupportPlan } from '../../../shared/support-plan.ts';
import { supportPlans } from './service.ts';

/** The support plan of a case with its goals and reviews (docs/domain.md, "The support plan"). */
export async function supportPlanRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['support-plan'];
  api.get('/cases/:id/support-plan', { schema: { tags, params: IdParams, response: { 200: SupportPlan } } }, (req) =>
    req.scoped((s) => supportPlans.get(s, req.params.id)));
  api.post('/cases/:id/support-plan/goals', { schema: { tags, params: IdParams, body: GoalInput, response: { 201: Goal } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => supportPlans.addGoal(s, req.params.id, req.body))));
  api.patch('/support-plan-goals/:id', { schema: { tags, params: IdParams, body: GoalPatch, response: { 200: Goal } } }, (req) =>
    req.scoped((s) => supportPlans.updateGoal(s, req.params.id, req.body)));
  api.post('/cases/:id/support-plan/reviews', { schema: { tags, params: IdParams, body: ReviewInput, response: { 201: Review } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => supportPlans.review(s, req.params.id, req.body))));
}
