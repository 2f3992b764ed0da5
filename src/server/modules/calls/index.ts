import type { Scope } from '../../access/scope.ts';
import { callAccessRequestRepo } from './repo.ts';

/** The calls module's public face for other modules. Access requests: the calls that became the person's concerns. */
export function callsForAccessRequestInTrx(s: Scope, concernIds: readonly string[]) {
  return callAccessRequestRepo(s).ofConcerns(concernIds);
}
