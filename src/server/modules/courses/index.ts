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

/** The dimensions a course addresses (the case page carries them, so the course card asks nothing of its own). */
export function dimensionsOfCourseInTrx(s: Scope, courseId: string) {
  return courses.dimensions(s, courseId);
}

/** The coached relative's own assessments on a relative-coach course, for the case page's course cards. */
export function relativeAssessmentsOfCourseInTrx(s: Scope, courseId: string) {
  return courses.relativeAssessments(s, courseId);
}
