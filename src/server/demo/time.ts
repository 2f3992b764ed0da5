/** Time helpers for the demo generator. All times are UTC; office hours 07–16 UTC are 08–17 Danish winter time. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function addHours(d: Date, hours: number): Date {
  return new Date(d.getTime() + hours * HOUR);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY);
}

/** Midnight (UTC) of d's date plus days, at hour (fractional hours allowed). */
export function dayAt(d: Date, days: number, hour: number): Date {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(midnight + days * DAY + hour * HOUR);
}

/** 'YYYY-MM-DD' for a date column. */
export function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function iso(d: Date): string {
  return d.toISOString();
}

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY;
}

/** Moves a weekend date to the Monday after, keeping the time of day. */
export function weekday(d: Date): Date {
  const dow = d.getUTCDay();
  if (dow === 6) return addDays(d, 2);
  if (dow === 0) return addDays(d, 1);
  return d;
}

export function maxDate(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

export function minDate(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}
