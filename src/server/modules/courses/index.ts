import type { Scope } from '../../access/scope.ts';
import { courseAccessRequestRepo } from './repo.ts';
import { courses } from './service.ts';

/** The courses module's public face for other modules. Access requests: the cases' courses and sessions. */
export function coursesForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return courseAccessRequestRepo(s).ofCases(caseIds);
}

/** The courses module's public face for other modules (the case page reads a course's sessions through it). */

export function sessionsOfCourseInTrx(s: Scope, courseId: string) {
  return courses.listSessions(s, courseId);
}
