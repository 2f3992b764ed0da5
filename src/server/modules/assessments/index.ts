import type { Scope } from '../../access/scope.ts';
import { assessmentAccessRequestRepo } from './repo.ts';

/** The assessments module's public face for other modules. Access requests: the cases' assessments. */
export function assessmentsForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return assessmentAccessRequestRepo(s).ofCases(caseIds);
}
