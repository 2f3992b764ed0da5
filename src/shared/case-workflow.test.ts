import { describe, expect, it } from 'vitest';
import {
  allowedCaseTransitions, CASE_STATUSES, CASE_TRANSITIONS, mayReopenCase, mayTransitionCase, REOPEN_STATUS, transitionRequiresReason,
} from './case-workflow.ts';

describe('case workflow table', () => {
  it('lists a row for every status and only known statuses as targets', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    for (const targets of Object.values(CASE_TRANSITIONS)) for (const t of targets) expect(CASE_STATUSES).toContain(t);
  });

  it('allows exactly the documented steps', () => {
    const allowed = CASE_STATUSES.flatMap((from) => CASE_STATUSES.filter((to) => mayTransitionCase(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual([
      'course->closed', 'course->follow_up',
      'follow_up->closed', 'follow_up->course',
      'offer->closed', 'offer->course', 'offer->follow_up', 'offer->open',
      'open->closed', 'open->offer',
    ]);
  });

  it('never allows staying in the same status', () => {
    for (const s of CASE_STATUSES) expect(mayTransitionCase(s, s)).toBe(false);
  });

  it('a closed case goes nowhere by transition; it comes back to open only by reopening', () => {
    expect(allowedCaseTransitions('closed')).toEqual([]);
    expect(mayReopenCase('closed')).toBe(true);
    for (const s of CASE_STATUSES.filter((x) => x !== 'closed')) expect(mayReopenCase(s)).toBe(false);
    expect(REOPEN_STATUS).toBe('open');
  });

  it('every open status can be closed, and closing (only) requires a reason', () => {
    for (const s of CASE_STATUSES.filter((x) => x !== 'closed')) expect(mayTransitionCase(s, 'closed')).toBe(true);
    expect(CASE_STATUSES.filter(transitionRequiresReason)).toEqual(['closed']);
  });

  it('every status is reachable from open', () => {
    const seen = new Set<string>(['open']);
    const queue = ['open' as const] as (typeof CASE_STATUSES)[number][];
    while (queue.length) for (const t of CASE_TRANSITIONS[queue.shift()!]) if (!seen.has(t)) { seen.add(t); queue.push(t); }
    expect([...seen].sort()).toEqual([...CASE_STATUSES].sort());
  });
});
