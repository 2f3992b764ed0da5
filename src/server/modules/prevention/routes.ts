import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the prevention module (being built). */
export async function preventionRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
