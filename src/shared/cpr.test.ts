import { describe, expect, it } from 'vitest';
import { maskCpr, parseCpr } from './cpr.ts';

describe('parseCpr', () => {
  it('derives birth date and legal sex, with or without the dash', () => {
    expect(parseCpr('010203-1235')).toEqual({ normalised: '010203-1235', birthDate: '1903-02-01', legalSex: 'male' });
    expect(parseCpr('0102034236')).toEqual({ normalised: '010203-4236', birthDate: '2003-02-01', legalSex: 'female' });
  });
  it('applies the century rule of the 7th digit', () => {
    expect(parseCpr('311299-4000')?.birthDate).toBe('1999-12-31');
    expect(parseCpr('311236-9000')?.birthDate).toBe('2036-12-31');
    expect(parseCpr('010160-5000')?.birthDate).toBe('1860-01-01');
    expect(parseCpr('010157-5000')?.birthDate).toBe('2057-01-01');
  });
  it('refuses impossible dates and wrong shapes', () => {
    expect(parseCpr('300201-1234')).toBeNull();
    expect(parseCpr('290201-1234')).toBeNull(); // 1901 was not a leap year
    expect(parseCpr('290200-4234')?.birthDate).toBe('2000-02-29');
    expect(parseCpr('12345-1234')).toBeNull();
    expect(parseCpr('abcdef-ghij')).toBeNull();
  });
  it('masks the serial part', () => {
    expect(maskCpr('010203-1235')).toBe('010203-XXXX');
    expect(maskCpr(null)).toBeNull();
  });
});
