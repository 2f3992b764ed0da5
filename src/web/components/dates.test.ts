import { describe, expect, it } from 'vitest';
import { addDays, dayInDenmark, formatDate, fromZonedInput, parseDanishDate, toDanishInput, toZonedInput } from './dates.ts';

describe('Danish time in the web app', () => {
  it('reads a datetime-local value as Danish wall-clock time, summer and winter', () => {
    expect(fromZonedInput('2026-07-01T14:05')).toBe('2026-07-01T12:05:00.000Z');
    expect(fromZonedInput('2026-01-01T14:05')).toBe('2026-01-01T13:05:00.000Z');
    expect(fromZonedInput('2026-02-30T10:00')).toBeNull();
    expect(fromZonedInput('')).toBeNull();
  });

  it('takes the later instant in the repeated autumn hour and moves a skipped spring time an hour on', () => {
    expect(fromZonedInput('2026-10-25T02:30')).toBe('2026-10-25T01:30:00.000Z');
    expect(fromZonedInput('2026-10-25T03:30')).toBe('2026-10-25T02:30:00.000Z');
    expect(fromZonedInput('2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('writes an instant as Danish wall-clock time and finds its Danish day', () => {
    expect(toZonedInput(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02T00:30');
    expect(toZonedInput(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T01:00');
    expect(dayInDenmark('2026-07-01T22:30:00Z')).toBe('2026-07-02');
    expect(dayInDenmark('2026-07-01')).toBe('2026-07-01');
  });

  it('shows a calendar date as that date, and parses and writes dates the Danish way', () => {
    expect(formatDate('2026-11-03')).toBe('3. nov. 2026');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(parseDanishDate('15-03-2009')).toBe('2009-03-15');
    expect(parseDanishDate('31.02.2009')).toBeNull();
    expect(toDanishInput('2009-03-15')).toBe('15-03-2009');
  });
});
