import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the reports module (being built). */
export async function reportsRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
