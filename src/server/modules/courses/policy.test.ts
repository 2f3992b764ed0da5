import { describe, expect, it } from 'vitest';
import { splitCourseReaches } from './policy.ts';

describe('course reach split', () => {
  it('the mentor reach is the own course, not the case', () => {
    expect(splitCourseReaches(['mentor'])).toEqual({ viaCase: [], ownCourse: true });
  });
  it('unit and membership reach through the case', () => {
    expect(splitCourseReaches(['unit', 'member'])).toEqual({ viaCase: ['unit', 'member'], ownCourse: false });
  });
});
