import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { isMinor as isMinorOn } from '../../shared/intake.ts';
import { danishDateOf } from '../../shared/rules.ts';
import { intlLocale } from '../i18n/index.ts';

/**
 * Every date and time the web app shows, reads or sends, in one time zone: Danish time. A deadline, a note's time or
 * "today" means the same to every user and to the server's rules (src/shared/rules.ts), whatever the zone of the
 * browser's computer. Calendar dates (YYYY-MM-DD) are dates, never midnight UTC; instants are ISO strings with offset.
 */
export const TIME_ZONE = 'Europe/Copenhagen';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a calendar date (YYYY-MM-DD) as opposed to an instant. */
export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

/** A calendar date as a Date at noon UTC: the same day in Denmark whatever the season. */
function dateAtNoon(value: string): Date {
  return new Date(`${value}T12:00:00Z`);
}

/** A calendar date or an instant as a Danish date ("3. nov. 2026"); '' for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = isDateOnly(value) ? dateAtNoon(value) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(date);
}

/** An instant as a Danish date and time of day ("3. nov. 2026 14.05"); '' for nothing. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    typeof value === 'string' ? new Date(value) : value,
  );
}

/** A calendar date as a date, an instant as date and time. */
export function formatWhen(value: string): string {
  return isDateOnly(value) ? formatDate(value) : formatDateTime(value);
}

/** Today's date in Denmark as YYYY-MM-DD (the default for "held on", "assessed on", and the limit of "not after today"). */
export function todayInDenmark(now = new Date()): string {
  return danishDateOf(now);
}

/** The year in Denmark now. */
export function yearInDenmark(now = new Date()): number {
  return Number(danishDateOf(now).slice(0, 4));
}

/** The Danish calendar day of a calendar date or an instant, as YYYY-MM-DD. */
export function dayInDenmark(value: string): string {
  return isDateOnly(value) ? value : danishDateOf(new Date(value));
}

/** A calendar date plus whole days. */
export function addDays(date: string, days: number): string {
  const d = dateAtNoon(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Under 18 today in Denmark (the server's rule, src/shared/intake.ts); an unknown birth date is not a minor. */
export function isMinor(birthDate: string | null | undefined, now = new Date()): boolean {
  return Boolean(birthDate && isDateOnly(birthDate)) && isMinorOn(birthDate!, now);
}

/** A date typed the Danish way (15-03-2009, 15.03.2009, 15/3/2009) or as ISO, as YYYY-MM-DD; null if not a date. */
export function parseDanishDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dk = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dk) [d, m, y] = [Number(dk[1]), Number(dk[2]), Number(dk[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) the way a Dane types it (DD-MM-YYYY); '' for nothing. */
export function toDanishInput(date: string | null | undefined): string {
  if (!date || !isDateOnly(date)) return '';
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y}`;
}

/** The wall clock in Denmark at an instant, as the fields of a datetime-local value. */
function wallClock(at: Date): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** How far Danish wall-clock time is ahead of UTC at an instant, in ms (one or two hours). */
function offsetAt(utcMs: number): number {
  const w = wallClock(new Date(utcMs));
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(utcMs / 1000) * 1000;
}

/** The value of an <input type="datetime-local"> for an instant: Danish wall-clock time. */
export function toZonedInput(at: Date): string {
  const w = wallClock(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/**
 * A datetime-local value read as Danish wall-clock time, as an ISO instant; null when it is not a real date and time.
 * In the autumn's repeated hour the later (winter-time) instant is taken; a time skipped in spring moves an hour on.
 */
export function fromZonedInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  // Guess with the offset at the wall time read as UTC, then take the offset at the guess (right but near a change).
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess)).toISOString();
}

/** Sort key for a calendar date or an instant: a calendar date counts as the start of its day. */
export function sortKey(value: string): string {
  return isDateOnly(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}

/** Whole minutes as "X t Y min" (or days and hours beyond two days). */
export function formatSpan(t: TFunction, minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  const h = Math.floor(m / 60);
  if (h >= 48) return t('time.days', { d: Math.floor(h / 24), h: h % 24 });
  if (h === 0) return t('time.minutes', { m });
  if (m % 60 === 0) return t('time.hours', { h });
  return t('time.hoursMinutes', { h, m: m % 60 });
}

/** The triage clock in words: "forfalden for 3 t" or "5 t 12 min tilbage". */
export function clockText(t: TFunction, deadline: string | Date, now: number): { text: string; overdue: boolean } {
  const ms = new Date(deadline).getTime() - now;
  const overdue = ms < 0;
  const minutes = overdue ? Math.ceil(-ms / 60_000) : Math.floor(ms / 60_000);
  return { text: t(overdue ? 'time.overdueFor' : 'time.left', { time: formatSpan(t, minutes) }), overdue };
}

/** The current time, refreshed every intervalMs (30 s for countdowns: live, but not every second). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
