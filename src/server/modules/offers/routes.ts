import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the offers module (being built). */
export async function offersRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
