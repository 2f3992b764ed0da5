import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { FollowUp, FollowUpAnswer } from '../../../shared/support.ts';
import { followUps } from './service.ts';

/** Follow-ups 6 months after a course and 12 months after an offer (docs/domain.md, "The flow of a concern", step 9). */
export async function followupsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['follow-ups'];
  api.get('/cases/:id/follow-ups', { schema: { tags, params: IdParams, response: { 200: z.array(FollowUp) } } }, (req) =>
    req.scoped((s) => followUps.listForCase(s, req.params.id)));
  api.post('/follow-ups/:id/answer', { schema: { tags, params: IdParams, body: FollowUpAnswer, response: { 200: FollowUp } } }, (req) =>
    req.scoped((s) => followUps.answer(s, req.params.id, req.body)));
}
