import { describe, expect, it } from 'vitest';
import { danishDateOf, dateOf } from './rules.ts';

describe('danishDateOf', () => {
  it('is the calendar day in Denmark, which runs ahead of UTC around midnight (winter and summer time)', () => {
    expect(danishDateOf(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(dateOf(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
    expect(danishDateOf(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
    expect(danishDateOf(new Date('2026-07-01T21:30:00Z'))).toBe('2026-07-01');
  });
});
