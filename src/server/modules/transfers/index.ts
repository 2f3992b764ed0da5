/** The transfers module's public face (docs/domain.md, "Transfers"). */
import type { Scope } from '../../access/scope.ts';
import { transferAccessRequestRepo } from './repo.ts';
export { transfersRoutes } from './routes.ts';

/** Access requests (purpose-bound): the transfers of the citizen's cases and concerns between units. */
export function transfersForAccessRequestInTrx(s: Scope, concernIds: readonly string[], caseIds: readonly string[]) {
  return transferAccessRequestRepo(s).ofRecords(concernIds, caseIds);
}
