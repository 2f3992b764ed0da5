import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Transition, TransitionInput, TransitionPatch } from '../../../shared/environments.ts';
import { transitions } from './service.ts';

/** Release dates of a case's person, each with a task before it (docs/domain.md, "Transitions"). */
export async function transitionsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['cases'];
  api.get('/cases/:id/transitions', { schema: { tags, params: IdParams, response: { 200: z.array(Transition) } } }, (req) =>
    req.scoped((s) => transitions.list(s, req.params.id)));
  api.post('/cases/:id/transitions', { schema: { tags, params: IdParams, body: TransitionInput, response: { 201: Transition } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => transitions.create(s, req.params.id, req.body))));
  api.patch('/case-transitions/:id', { schema: { tags, params: IdParams, body: TransitionPatch, response: { 200: Transition } } }, (req) =>
    req.scoped((s) => transitions.update(s, req.params.id, req.body)));
}
