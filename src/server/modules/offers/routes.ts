import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Offer, OfferInput, OfferResponseInput } from '../../../shared/support.ts';
import { offers } from './service.ts';
import { OfferCorrectionInput } from '../../../shared/flow-corrections.ts';

/** Voluntary offers and re-offers (docs/domain.md, "The flow of a concern", step 7). */
export async function offersRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['offers'];
  api.post('/cases/:id/offers', { schema: { tags, params: IdParams, body: OfferInput, response: { 201: Offer } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => offers.offerCourse(s, req.params.id, req.body))));
  api.get('/cases/:id/offers', { schema: { tags, params: IdParams, response: { 200: z.array(Offer) } } }, (req) =>
    req.scoped((s) => offers.listForCase(s, req.params.id)));
  api.post('/offers/:id/response', { schema: { tags, params: IdParams, body: OfferResponseInput, response: { 200: Offer } } }, (req) =>
    req.scoped((s) => offers.recordResponse(s, req.params.id, req.body)));
  api.patch('/offers/:id', { schema: { tags, params: IdParams, body: OfferCorrectionInput, response: { 200: z.object({ offer: Offer, changed: z.array(z.string()) }) } } }, (req) =>
    req.scoped((s) => offers.correctResponse(s, req.params.id, req.body)));
}
