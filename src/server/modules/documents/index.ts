/** The documents module's public face: its routes (modules/registry.ts). Other modules do not reach documents yet. */
export { documentsRoutes } from './routes.ts';
import type { Scope } from '../../access/scope.ts';
import { documents } from './service.ts';
import { documentAccessRequestRepo } from './repo.ts';

/** A case's documents, for the case page's one request (modules/casepage). */
export function documentsOfCaseInTrx(s: Scope, caseId: string) {
  return documents.list(s, 'case', caseId);
}

/** Access requests (purpose-bound, access_request.compile): the metadata of the citizen's documents, never the content. */
export function documentsForAccessRequestInTrx(s: Scope, concernIds: readonly string[], caseIds: readonly string[]) {
  return documentAccessRequestRepo(s).ofRecords(concernIds, caseIds);
}
