import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { CasePoliceHoldInput, LegalHold, LegalHoldInput, LegalHoldLift, LegalHoldQuery } from '../../../shared/access-requests.ts';
import { legalHolds } from './service.ts';

/** Legal holds: list, place, lift (docs/retention.md, "Legal holds"). */
export async function legalHoldsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['legal-holds'];
  api.get('/legal-holds', { schema: { tags, querystring: LegalHoldQuery, response: { 200: z.array(LegalHold) } } }, (req) =>
    req.scoped((s) => legalHolds.list(s, req.query.active === undefined ? null : req.query.active === 'true')));
  api.post('/legal-holds', { schema: { tags, body: LegalHoldInput, response: { 201: LegalHold } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => legalHolds.place(s, req.body))));
  api.post('/cases/:id/legal-holds', { schema: { tags, params: IdParams, body: CasePoliceHoldInput, response: { 201: LegalHold } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => legalHolds.placePoliceHoldOnCase(s, req.params.id, req.body.reason))));
  api.post('/legal-holds/:id/lift', { schema: { tags, params: IdParams, body: LegalHoldLift, response: { 200: LegalHold } } }, (req) =>
    req.scoped((s) => legalHolds.lift(s, req.params.id, req.body.version, req.body.reason)));
}
