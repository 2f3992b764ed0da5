import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Transfer, TransferDecision, TransferInput } from '../../../shared/transfers.ts';
import { transfers } from './service.ts';

/** Transfers between units when a citizen moves (docs/domain.md, "Transfers"). */
export async function transfersRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['transfers'];
  api.post('/transfers', { schema: { tags, body: TransferInput, response: { 201: Transfer } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => transfers.request(s, req.body))));
  api.get('/transfers', { schema: { tags, response: { 200: z.array(Transfer) } } }, (req) => req.scoped((s) => transfers.list(s)));
  api.post('/transfers/:id/transition', { schema: { tags, params: IdParams, body: TransferDecision, response: { 200: Transfer } } }, (req) =>
    req.scoped((s) => transfers.decide(s, req.params.id, req.body)));
}
