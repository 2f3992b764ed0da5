import type { Scope } from '../../access/scope.ts';
import type { Reach } from '../../access/policy.ts';

/**
 * The case-level reaches of course.read (the same split as courses/policy.ts): coordinator and manager by unit,
 * adviser as a member. The mentor reach is dropped: a mentor reaches only their own course (GET /courses/mine,
 * GET /courses/:id), never the list of a case's courses, which would show the case's other mentors and courses.
 */
export function caseCourseReaches(s: Scope): readonly Reach[] {
  return s.reaches('course.read').filter((r) => r !== 'mentor');
}
