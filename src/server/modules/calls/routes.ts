import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Call, CallInput, CallQuery, Concern, ForwardInput, HotlineForwardInput, HotlineStatistics, HotlineStatisticsQuery, ReferralInput } from '../../../shared/intake.ts';
import { CallCorrectionInput, CallRecord } from '../../../shared/corrections.ts';
import { calls } from './service.ts';

/** Advisory calls (docs/domain.md, step 1): anonymous by design; a call becomes personal only when forwarded as a concern. */
export async function callsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['calls'];
  api.post('/calls', { schema: { tags, body: CallInput, response: { 201: Call } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => calls.create(s, req.body))));
  // Filters are dates and outcomes only, never personal data, so the list is a GET.
  api.get('/calls', { schema: { tags, querystring: CallQuery, response: { 200: z.array(Call) } } }, (req) =>
    req.scoped((s) => calls.list(s, req.query)));
  // The shared hotline's figures across its member units: counts only, small counts suppressed.
  api.get('/calls/hotline-statistics', { schema: { tags, querystring: HotlineStatisticsQuery, response: { 200: HotlineStatistics } } }, (req) =>
    req.scoped((s) => calls.hotlineStatistics(s, req.query)));
  api.get('/calls/:id', { schema: { tags, params: IdParams, response: { 200: CallRecord } } }, (req) =>
    req.scoped((s) => calls.get(s, req.params.id)));
  // A correction at the version the client saw (409 on a stale one), with a field history (docs/domain.md, "Corrections").
  api.patch('/calls/:id', { schema: { tags, params: IdParams, body: CallCorrectionInput, response: { 200: CallRecord } } }, (req) =>
    req.scoped((s) => calls.correct(s, req.params.id, req.body)));
  api.post('/calls/:id/forward', { schema: { tags, params: IdParams, body: ForwardInput, response: { 201: Concern } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => calls.forward(s, req.params.id, req.body))));
  // Shared hotline: the concern is created in the citizen's municipality's unit; the answer is the sending unit's call.
  api.post('/calls/:id/hotline-forward', { schema: { tags, params: IdParams, body: HotlineForwardInput, response: { 200: Call } } }, (req) =>
    req.scoped((s) => calls.forwardAcross(s, req.params.id, req.body)));
  api.post('/calls/:id/referral', { schema: { tags, params: IdParams, body: ReferralInput, response: { 200: Call } } }, (req) =>
    req.scoped((s) => calls.refer(s, req.params.id, req.body)));
}
