import { describe, expect, it } from 'vitest';
import {
  addMonths, addMonthsToDate, ageBand, courseFollowUpDueOn, endOfDate, offerFollowUpDueOn, reassessmentDueOn, reofferDeadlines,
  taskUrgency, triageDeadline,
} from './rules.ts';

describe('triage deadline', () => {
  const received = new Date('2026-03-02T10:15:00Z');
  it('is 24 hours for high, 48 for medium, 72 for low and immediate for acute severity', () => {
    expect(triageDeadline(received, 'high').toISOString()).toBe('2026-03-03T10:15:00.000Z');
    expect(triageDeadline(received, 'medium').toISOString()).toBe('2026-03-04T10:15:00.000Z');
    expect(triageDeadline(received, 'low').toISOString()).toBe('2026-03-05T10:15:00.000Z');
    expect(triageDeadline(received, 'acute').toISOString()).toBe('2026-03-02T10:15:00.000Z');
  });
  it('counts hours, not calendar days, across the daylight-saving change', () => {
    expect(triageDeadline(new Date('2026-03-28T12:00:00Z'), 'high').toISOString()).toBe('2026-03-29T12:00:00.000Z');
  });
});

describe('month arithmetic', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonthsToDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDate('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsToDate('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsToDate('2026-03-31', 3)).toBe('2026-06-30');
  });
  it('crosses year ends and keeps the time of day', () => {
    expect(addMonths(new Date('2026-11-30T23:59:00Z'), 3).toISOString()).toBe('2027-02-28T23:59:00.000Z');
    expect(addMonths(new Date('2026-10-15T08:00:00Z'), 12).toISOString()).toBe('2027-10-15T08:00:00.000Z');
  });
  it('keeps the day when the target month is long enough', () => {
    expect(addMonthsToDate('2026-02-28', 1)).toBe('2026-03-28');
    expect(addMonthsToDate('2026-05-15', 6)).toBe('2026-11-15');
  });
});

describe('re-offer, reassessment and follow-up due dates', () => {
  it('a decline on 31 August is re-offered by 30 November and by 28 February', () => {
    const d = reofferDeadlines(new Date('2026-08-31T09:00:00Z'));
    expect(d.threeMonths.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(d.sixMonths.toISOString()).toBe('2027-02-28T09:00:00.000Z');
  });
  it('reassessment is due 6 months after the start assessment', () => {
    expect(reassessmentDueOn('2026-03-02')).toBe('2026-09-02');
    expect(reassessmentDueOn('2026-08-31')).toBe('2027-02-28');
  });
  it('the course follow-up is due 6 months after the end and the offer follow-up 12 months after the offer', () => {
    expect(courseFollowUpDueOn('2026-12-31')).toBe('2027-06-30');
    expect(offerFollowUpDueOn(new Date('2028-02-29T10:00:00Z'))).toBe('2029-02-28');
  });
  it('a date-only deadline passes at the start of the following day', () => {
    expect(endOfDate('2026-02-28').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('task urgency', () => {
  const due = new Date('2026-03-03T10:00:00Z');
  it('is overdue only after the due time and due soon within 24 hours before it', () => {
    expect(taskUrgency(due, new Date('2026-03-01T10:00:00Z'))).toEqual({ overdue: false, dueSoon: false });
    expect(taskUrgency(due, new Date('2026-03-02T10:00:00Z'))).toEqual({ overdue: false, dueSoon: true });
    expect(taskUrgency(due, new Date('2026-03-03T10:00:00Z'))).toEqual({ overdue: false, dueSoon: true });
    expect(taskUrgency(due, new Date('2026-03-03T10:00:01Z'))).toEqual({ overdue: true, dueSoon: false });
  });
});

describe('age band', () => {
  it('counts the birthday itself and reports unknown without a birth date', () => {
    expect(ageBand('2011-03-02', '2026-03-01')).toBe('under_15');
    expect(ageBand('2011-03-02', '2026-03-02')).toBe('15_17');
    expect(ageBand('2008-03-03', '2026-03-02')).toBe('15_17');
    expect(ageBand('2008-03-02', '2026-03-02')).toBe('18_24');
    expect(ageBand('1995-01-01', '2026-03-02')).toBe('25_34');
    expect(ageBand('1960-01-01', '2026-03-02')).toBe('35_plus');
    expect(ageBand(null, '2026-03-02')).toBe('unknown');
  });
});
