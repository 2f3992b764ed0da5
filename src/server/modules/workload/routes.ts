import type { Api, RouteDeps } from '../../http/route-types.ts';
import { SuppressedWorkload, Workload, WorkloadQuery } from '../../../shared/workload.ts';
import { workload } from './service.ts';

const tags = ['workload'];

/** The workload view: per-person counts for the manager, the suppressed variant for the analyst. */
export async function workloadRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/workload', { schema: { tags, querystring: WorkloadQuery, response: { 200: Workload } } }, (req) =>
    req.scoped((s) => workload.full(s, req.query.month)));
  api.get('/workload/suppressed', { schema: { tags, querystring: WorkloadQuery, response: { 200: SuppressedWorkload } } }, (req) =>
    req.scoped((s) => workload.suppressed(s, req.query.month)));
}
