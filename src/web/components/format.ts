import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { intlLocale } from '../i18n/index.ts';

/** Danish (or English) date and time, in Danish time. */
export function formatDateTime(iso: string | Date): string {
  return new Intl.DateTimeFormat(intlLocale(), {
    dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** A calendar date (YYYY-MM-DD or an instant) as a Danish date. */
export function formatDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' }).format(date);
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

/** The value for a <input type="datetime-local"> in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Today's date in Denmark as YYYY-MM-DD. */
export function todayInDenmark(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
