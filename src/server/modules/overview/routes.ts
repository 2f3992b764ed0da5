import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { PersonOverview } from '../../../shared/overview.ts';
import { personOverview } from './service.ts';

/** The person overview: a module of its own, since it reads persons, concerns and cases (each through its index.ts). */
export async function overviewRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/persons/:id/overview', { schema: { tags: ['persons'], params: IdParams, response: { 200: PersonOverview } } }, (req) =>
    req.scoped((s) => personOverview(s, req.params.id)));
}
