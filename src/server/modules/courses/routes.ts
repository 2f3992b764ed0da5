import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the courses module (being built). */
export async function coursesRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
