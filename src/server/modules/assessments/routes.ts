import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';

/** Routes of the assessments module (being built). */
export async function assessmentsRoutes(_api: Api, _deps: RouteDeps): Promise<void> {}
