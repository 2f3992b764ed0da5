import { describe, expect, it } from 'vitest';
import {
  allowedTransitions, canTransition, CONCERN_STATUSES, handledInTime, initialStatus, triageClock, triageDeadline, TRIAGED_STATUSES,
} from './concern-workflow.ts';
import { isMinor } from './intake.ts';

const received = new Date('2026-03-02T08:00:00Z');
const at = (iso: string) => new Date(iso);

describe('triage deadline', () => {
  it('is 24, 48 and 72 hours after receipt for high, medium and low severity', () => {
    expect(triageDeadline('high', received).toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(triageDeadline('medium', received).toISOString()).toBe('2026-03-04T08:00:00.000Z');
    expect(triageDeadline('low', received).toISOString()).toBe('2026-03-05T08:00:00.000Z');
  });
  it('is the moment of receipt for an acute concern, which starts at the police check', () => {
    expect(triageDeadline('acute', received).getTime()).toBe(received.getTime());
    expect(initialStatus('acute')).toBe('police_check');
    expect(initialStatus('high')).toBe('received');
  });
});

describe('triage clock', () => {
  const deadline = triageDeadline('high', received);
  it('counts down the minutes left while the concern waits', () => {
    expect(triageClock(deadline, at('2026-03-02T09:00:00Z'), null)).toEqual({ deadlineAt: deadline, timeLeftMinutes: 23 * 60, overdue: false });
  });
  it('goes negative and overdue after the deadline', () => {
    expect(triageClock(deadline, at('2026-03-03T10:30:00Z'), null)).toEqual({ deadlineAt: deadline, timeLeftMinutes: -150, overdue: true });
    expect(triageClock(deadline, at('2026-03-03T08:00:01Z'), null).timeLeftMinutes).toBe(-1);
  });
  it('is not overdue exactly at the deadline', () => {
    expect(triageClock(deadline, deadline, null).overdue).toBe(false);
  });
  it('stops at the triage moment: a triaged concern is never overdue', () => {
    const c = triageClock(deadline, at('2026-03-09T00:00:00Z'), at('2026-03-03T09:00:00Z'));
    expect(c).toEqual({ deadlineAt: deadline, timeLeftMinutes: -60, overdue: false });
  });
  it('records whether triage met the deadline', () => {
    expect(handledInTime(deadline, at('2026-03-03T08:00:00Z'))).toBe(true);
    expect(handledInTime(deadline, at('2026-03-03T08:00:01Z'))).toBe(false);
  });
});

describe('concern status machine', () => {
  it('runs received → police check → Infohus → justified or unfounded', () => {
    expect(canTransition('received', 'police_check')).toBe(true);
    expect(canTransition('police_check', 'infohus')).toBe(true);
    expect(canTransition('infohus', 'justified')).toBe(true);
    expect(canTransition('infohus', 'unfounded')).toBe(true);
  });
  it('lets the police take over after their check', () => {
    expect(allowedTransitions('police_check')).toEqual(['infohus', 'police_took_over']);
  });
  it('never skips the police check', () => {
    expect(canTransition('received', 'infohus')).toBe(false);
    expect(canTransition('received', 'justified')).toBe(false);
  });
  it('has final states that end triage', () => {
    for (const s of TRIAGED_STATUSES) expect(allowedTransitions(s)).toEqual([]);
    const reachable = new Set(CONCERN_STATUSES.flatMap((s) => allowedTransitions(s)));
    for (const s of CONCERN_STATUSES) if (s !== 'received') expect(reachable.has(s)).toBe(true);
  });
});

describe('minor', () => {
  it('is under 18 on the Danish date, with the birthday itself counting as adult', () => {
    expect(isMinor('2008-03-02', at('2026-03-01T22:59:00Z'))).toBe(true); // 23:59 in Copenhagen, 1 March
    expect(isMinor('2008-03-02', at('2026-03-01T23:00:00Z'))).toBe(false); // midnight in Copenhagen, 2 March
    expect(isMinor('1990-01-01', at('2026-03-01T12:00:00Z'))).toBe(false);
  });
  it('is false when the birth date is unknown', () => {
    expect(isMinor(null, at('2026-03-01T12:00:00Z'))).toBe(false);
  });
});
