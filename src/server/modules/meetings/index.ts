/** The meetings module's public face: its routes (modules/registry.ts). */
import type { Scope } from '../../access/scope.ts';
import { meetingAccessRequestRepo } from './repo.ts';
export { meetingsRoutes } from './routes.ts';

/** Access requests (purpose-bound, access_request.compile): the Infohus items about the citizen's concerns and cases. */
export function meetingItemsForAccessRequestInTrx(s: Scope, concernIds: readonly string[], caseIds: readonly string[]) {
  return meetingAccessRequestRepo(s).itemsOf(concernIds, caseIds);
}
