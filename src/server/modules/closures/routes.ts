import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { ClosureDecisionInput, ClosureRequest, ClosureRequestInput, PendingClosure } from '../../../shared/closure-workflow.ts';
import { closures } from './service.ts';

/** Closure approval (docs/domain.md, "Closing a case"). */
export async function closuresRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['closures'];
  api.post('/cases/:id/closure-requests', { schema: { tags, params: IdParams, body: ClosureRequestInput, response: { 201: ClosureRequest } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => closures.request(s, req.params.id, req.body))));
  api.get('/cases/:id/closure-requests', { schema: { tags, params: IdParams, response: { 200: z.array(ClosureRequest) } } }, (req) =>
    req.scoped((s) => closures.listForCase(s, req.params.id)));
  api.get('/closure-requests/pending', { schema: { tags, response: { 200: z.array(PendingClosure) } } }, (req) =>
    req.scoped((s) => closures.pending(s)));
  api.post('/closure-requests/:id/decision', { schema: { tags, params: IdParams, body: ClosureDecisionInput, response: { 200: ClosureRequest } } }, (req) =>
    req.scoped((s) => closures.decide(s, req.params.id, req.body)));
}
