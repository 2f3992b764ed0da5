import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the plans module (being built). */
export async function plansRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
