import { describe, expect, it } from 'vitest';
import { WindowQuota } from './quota.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 4, 10, 0) + minutes * 60_000);

describe('WindowQuota', () => {
  it('allows max takes per key in a window, then refuses until the window has passed', () => {
    const q = new WindowQuota(3, 60 * 60_000);
    expect([0, 1, 2, 3, 59].map((m) => q.take('a', at(m)))).toEqual([true, true, true, false, false]);
    expect(q.take('b', at(59))).toBe(true);
    expect(q.take('a', at(60))).toBe(true);
  });

  it('keeps at most maxKeys keys, dropping expired windows and then the oldest', () => {
    const q = new WindowQuota(1, 60_000, 2);
    expect(q.take('a', at(0))).toBe(true);
    expect(q.take('b', at(0))).toBe(true);
    expect(q.take('c', at(0))).toBe(true); // 'a' made room
    expect(q.take('b', at(0))).toBe(false); // 'b' was kept and has used its window
    expect(q.take('a', at(0))).toBe(true); // 'a' starts afresh; 'b', now the oldest, made room
  });
});
