import { describe, expect, it } from 'vitest';
import { courseReachSql } from './repo.ts';
import type { Actor } from '../../access/actor.ts';

const actor: Actor = {
  id: '00000000-0000-4000-8000-000000000001', role: 'mentor', username: 'm', displayName: 'M', unitId: '00000000-0000-4000-8000-0000000000aa',
  unitName: 'A', unitIds: ['00000000-0000-4000-8000-0000000000aa'], sessionId: 's',
};

describe('course reach', () => {
  it('a mentor reaches only the courses they run', () => {
    const params: unknown[] = [];
    expect(courseReachSql(['mentor'], actor, params)).toBe('(co.mentor_id = $1)');
    expect(params).toEqual([actor.id]);
  });
  it('no reach is no row', () => {
    expect(courseReachSql([], actor, [])).toBe('false');
  });
  it('unit and membership reach through the case', () => {
    const params: unknown[] = [];
    const sql = courseReachSql(['unit', 'member'], actor, params);
    expect(sql).toContain('c.unit_id = ANY($1::uuid[])');
    expect(sql).toContain('m.user_id = $2');
    expect(sql).not.toContain('mentor_id');
  });
});
