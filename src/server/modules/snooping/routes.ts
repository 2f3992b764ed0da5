import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import {
  LiftWatchFlagInput, ResolveAlertInput, SnoopingAlert, SnoopingAlertDetail, SnoopingAlertQuery, SnoopingOverview, WatchFlag, WatchFlagInput,
} from '../../../shared/watch.ts';
import { snooping } from './service.ts';

/** Snooping alerts for the DPO (docs/security.md, "Snooping alerts"): the list, the drill-down, resolving; watch flags. */
export async function snoopingRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['snooping'];
  api.get('/snooping/alerts', { schema: { tags, querystring: SnoopingAlertQuery, response: { 200: SnoopingOverview } } }, (req) =>
    req.scoped((s) => snooping.overview(s, req.query.status)));
  api.get('/snooping/alerts/:id', { schema: { tags, params: IdParams, response: { 200: SnoopingAlertDetail } } }, (req) =>
    req.scoped((s) => snooping.get(s, req.params.id)));
  api.post('/snooping/alerts/:id/resolve', { schema: { tags, params: IdParams, body: ResolveAlertInput, response: { 200: SnoopingAlert } } }, (req) =>
    req.scoped((s) => snooping.resolve(s, req.params.id, req.body)));
  api.get('/snooping/watch-flags', { schema: { tags, response: { 200: z.array(WatchFlag) } } }, (req) =>
    req.scoped((s) => snooping.flags(s)));
  api.post('/snooping/watch-flags', { schema: { tags, body: WatchFlagInput, response: { 201: WatchFlag } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => snooping.flag(s, req.body))));
  api.post('/snooping/watch-flags/:id/lift', { schema: { tags, params: IdParams, body: LiftWatchFlagInput, response: { 200: WatchFlag } } }, (req) =>
    req.scoped((s) => snooping.lift(s, req.params.id, req.body.version)));
}
