import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { HistoryAggregate } from '../../../shared/environments.ts';
import { history } from './service.ts';

/** Published figures from before the unit's records begin, for the plans' trend (docs/domain.md, "History before the records"). */
export async function historyRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/history-aggregates', { schema: { tags: ['plans'], response: { 200: z.array(HistoryAggregate) } } }, (req) =>
    req.scoped((s) => history.list(s)));
}
