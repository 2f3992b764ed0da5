import { intlLocale } from '../../i18n/index.ts';

/** A date-only value (YYYY-MM-DD) or a timestamp, shown as a local date ("3. nov. 2026"). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  // A bare date is a calendar date, not midnight UTC: format it without a time-zone shift.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** A timestamp with its local time of day. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    new Date(value),
  );
}

/** Today as YYYY-MM-DD in local time (the default for "held on" and "assessed on"). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The value of a datetime-local input for now. */
export function nowLocalInput(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) as an ISO instant with offset, as the API expects. */
export function localInputToIso(value: string): string {
  return new Date(value).toISOString();
}

/** Sort key for a date or timestamp: date-only values count as the start of their day. */
export function sortKey(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}
