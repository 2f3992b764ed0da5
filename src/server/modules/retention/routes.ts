import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { ClassKey, ReceiptsQuery, RetentionClass, RetentionPeriodChange, RetentionReceipt, Upcoming } from '../../../shared/retention.ts';
import { retention } from './service.ts';

/** The DPO's retention page (docs/retention.md): schedule, receipts, upcoming deletions, and a period's change. */
export async function retentionRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['retention'];
  api.get('/retention/classes', { schema: { tags, response: { 200: z.array(RetentionClass) } } }, (req) =>
    req.scoped((s) => retention.classes(s)));
  api.patch('/retention/classes/:key', {
    schema: { tags, params: z.object({ key: ClassKey }), body: RetentionPeriodChange, response: { 200: RetentionClass } },
  }, (req) => req.scoped((s) => retention.setPeriod(s, req.params.key, req.body)));
  api.get('/retention/receipts', { schema: { tags, querystring: ReceiptsQuery, response: { 200: z.array(RetentionReceipt) } } }, (req) =>
    req.scoped((s) => retention.receipts(s, req.query.limit)));
  api.get('/retention/upcoming', { schema: { tags, response: { 200: Upcoming } } }, (req) =>
    req.scoped((s) => retention.upcoming(s)));
}
