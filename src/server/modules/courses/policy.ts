import type { Reach } from '../../access/policy.ts';

/**
 * How a course is reached (docs/domain.md, step 8): 'mentor' is the course's own mentor or coach only, so a mentor of
 * another course on the same case does not reach this one; every other reach (unit, member, owner) goes through the
 * course's case. Pure policy: courses/repo.ts turns the split into SQL.
 */
export function splitCourseReaches(reaches: readonly Reach[]): { viaCase: Reach[]; ownCourse: boolean } {
  return { viaCase: reaches.filter((r) => r !== 'mentor'), ownCourse: reaches.includes('mentor') };
}
