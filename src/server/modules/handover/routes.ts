import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { z } from 'zod';
import { CaseHandoverInput, ConcernHandoverInput, CoverCreated, CoverInput, CoverPeriod, HandoverResult } from '../../../shared/workload.ts';
import { cover, handover } from './service.ts';

const tags = ['handover'];

/** Handover of a case's owner or a concern's coordinator. */
export async function handoverRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.post('/cases/:id/handover', { schema: { tags, params: IdParams, body: CaseHandoverInput, response: { 200: HandoverResult } } }, (req) =>
    req.scoped((s) => handover.caseOwner(s, req.params.id, req.body)));
  api.post('/concerns/:id/handover', { schema: { tags, params: IdParams, body: ConcernHandoverInput, response: { 200: HandoverResult } } }, (req) =>
    req.scoped((s) => handover.concernCoordinator(s, req.params.id, req.body)));
  api.post('/covers', { schema: { tags, body: CoverInput, response: { 201: CoverCreated } } }, async (req, reply) =>
    reply.code(201).send(await req.scoped((s) => cover.create(s, req.body))));
  api.get('/covers', { schema: { tags, response: { 200: z.array(CoverPeriod) } } }, (req) => req.scoped((s) => cover.list(s)));
}
