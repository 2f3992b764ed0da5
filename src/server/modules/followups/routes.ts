import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the followups module (being built). */
export async function followupsRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
