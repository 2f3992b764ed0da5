import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Consent, ConsentInput, ReviewConsentInput, WithdrawConsentInput } from '../../../shared/watch.ts';
import { consents } from './service.ts';

/** Consents at the case level (docs/domain.md, "Consent"). */
export async function consentRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['consents'];
  api.get('/cases/:id/consents', { schema: { tags, params: IdParams, response: { 200: z.array(Consent) } } }, (req) =>
    req.scoped((s) => consents.list(s, req.params.id)));
  api.post('/cases/:id/consents', { schema: { tags, params: IdParams, body: ConsentInput, response: { 201: Consent } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => consents.record(s, req.params.id, req.body))));
  api.post('/consents/:id/withdraw', { schema: { tags, params: IdParams, body: WithdrawConsentInput, response: { 200: Consent } } }, (req) =>
    req.scoped((s) => consents.withdraw(s, req.params.id, req.body)));
  api.post('/consents/:id/review', { schema: { tags, params: IdParams, body: ReviewConsentInput, response: { 200: Consent } } }, (req) =>
    req.scoped((s) => consents.review(s, req.params.id, req.body)));
}
