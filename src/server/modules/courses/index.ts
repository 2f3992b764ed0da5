/** The courses module's public face for other modules (the case page reads a course's sessions through it). */
import type { Scope } from '../../access/scope.ts';
import { courses } from './service.ts';

export function sessionsOfCourseInTrx(s: Scope, courseId: string) {
  return courses.listSessions(s, courseId);
}
