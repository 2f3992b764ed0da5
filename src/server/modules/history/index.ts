import type { Scope } from '../../access/scope.ts';
import { history } from './service.ts';

/** The history module's public face: its routes, and the unit's published history for the plans' trend figures. */
export { historyRoutes } from './routes.ts';

/** The actor's unit's published figures from before its records begin (plan.read), oldest first. */
export function historyAggregatesInTrx(s: Scope) {
  return history.list(s);
}
