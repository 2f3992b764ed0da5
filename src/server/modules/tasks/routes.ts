import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the tasks module (being built). */
export async function tasksRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
