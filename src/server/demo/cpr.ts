import { parseCpr } from '../../shared/cpr.ts';
import type { Rng } from './random.ts';

/**
 * CPR numbers for fictitious people that cannot belong to anyone alive. The CPR Office's century rule reads a
 * 7th digit of 5–8 with a two-digit year of 00–57 as 2000–2057; with a year of 37–57 the number therefore names a
 * birth year 2037–2057, in the future, so no real person holds it. The person's realistic birth date is stored
 * separately (persons.birth_date); the two deliberately disagree.
 */
export const FICTITIOUS_CPR_YEARS = { min: 37, max: 57 } as const;
export const FICTITIOUS_CPR_SEVENTH_DIGITS = [5, 6, 7, 8] as const;

/** True when cpr is well-formed and in the reserved-by-the-future range above. */
export function isFictitiousCpr(cpr: string): boolean {
  const parsed = parseCpr(cpr);
  if (!parsed || parsed.normalised !== cpr) return false;
  const yy = Number(cpr.slice(4, 6));
  const seventh = Number(cpr[7]);
  return yy >= FICTITIOUS_CPR_YEARS.min && yy <= FICTITIOUS_CPR_YEARS.max && seventh >= 5 && seventh <= 8;
}

/**
 * A fictitious CPR number with the day and month of birthDate ('YYYY-MM-DD'), a future year and a last digit that
 * matches gender (odd for male, even for female, as in real numbers). Throws if the result would not parse, so a
 * malformed number can never reach the database.
 */
export function fictitiousCpr(rng: Rng, birthDate: string, gender: 'female' | 'male' | 'other' | 'unknown'): string {
  let day = Number(birthDate.slice(8, 10));
  const month = Number(birthDate.slice(5, 7));
  // 29 February exists only in leap years; keep it simple and move it to the 28th.
  if (month === 2 && day === 29) day = 28;
  const yy = rng.int(FICTITIOUS_CPR_YEARS.min, FICTITIOUS_CPR_YEARS.max);
  const seventh = rng.pick(FICTITIOUS_CPR_SEVENTH_DIGITS);
  let last = rng.int(0, 9);
  if (gender === 'male' && last % 2 === 0) last = (last + 1) % 10;
  if (gender === 'female' && last % 2 === 1) last = (last + 1) % 10;
  const cpr = `${pad(day)}${pad(month)}${pad(yy)}-${seventh}${rng.int(0, 9)}${rng.int(0, 9)}${last}`;
  if (!isFictitiousCpr(cpr)) throw new Error('generated a malformed demo CPR number');
  return cpr;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
