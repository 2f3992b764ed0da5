import type { Scope } from '../../access/scope.ts';
import { courseAccessRequestRepo } from './repo.ts';

/** The courses module's public face for other modules. Access requests: the cases' courses and sessions. */
export function coursesForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return courseAccessRequestRepo(s).ofCases(caseIds);
}
