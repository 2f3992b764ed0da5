import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the calls module (being built). */
export async function callsRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
