import type { Api, RouteDeps } from '../../http/route-types.ts';
import { BiasQuery, BiasReport } from '../../../shared/watch.ts';
import { biasReport } from './service.ts';

/** The bias watch for the manager and the DPO (docs/domain.md, "Bias watch"): aggregates only. */
export async function biasRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/bias-watch', { schema: { tags: ['bias'], querystring: BiasQuery, response: { 200: BiasReport } } }, (req) =>
    req.scoped((s) => biasReport(s, req.query.year)));
}
