import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the concerns module (being built). */
export async function concernsRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
