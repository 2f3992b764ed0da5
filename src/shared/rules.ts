/**
 * The deadline rules of the case flow (docs/domain.md, "The flow of a concern", steps 3 and 6-9), as pure functions of
 * their inputs. No clock is read here: the caller passes the injected clock's time, so the rules are testable with
 * fixed dates and the same on server and web.
 *
 * Month arithmetic is calendar arithmetic in UTC with end-of-month clamping (31 January + 1 month = 28/29 February),
 * the same as PostgreSQL's `+ interval 'n months'`, so a deadline never skips into the following month.
 */

export type Severity = 'acute' | 'high' | 'medium' | 'low';

/** Hours allowed to qualify and pass on a concern by severity; acute goes to police at once. */
export const TRIAGE_HOURS: Record<Severity, number> = { acute: 0, high: 24, medium: 48, low: 72 };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The triage deadline (visitation) of a concern received at receivedAt: 24, 48 or 72 hours by severity, at once for
 * acute concerns (which go to the police immediately).
 */
export function triageDeadline(receivedAt: Date, severity: Severity): Date {
  return new Date(receivedAt.getTime() + TRIAGE_HOURS[severity] * HOUR_MS);
}

/** at + months calendar months (UTC), clamped to the last day of the target month; time of day is kept. */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(at.getUTCDate(), lastDay);
  return new Date(Date.UTC(targetYear, targetMonth, day, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
}

/** A calendar date 'YYYY-MM-DD' plus months, clamped to the end of the month. */
export function addMonthsToDate(date: string, months: number): string {
  return addMonths(new Date(`${date}T00:00:00Z`), months).toISOString().slice(0, 10);
}

/**
 * The moment a date-only deadline has passed: the start of the following day (UTC). A follow-up or reassessment due
 * on a date is met by doing it any time on that date.
 */
export function endOfDate(date: string): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS);
}

/** The calendar date (UTC) of a moment. */
export function dateOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const DANISH_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * "Today" where the unit works (Europe/Copenhagen), for comparing a date someone typed with the present: a session
 * held at 00:30 Danish time on the 2nd is not "in the future" while it is still the 1st in UTC. The web's dates
 * module uses the same zone.
 */
export function danishDateOf(at: Date): string {
  return DANISH_DATE.format(at);
}

/**
 * Responses to an offer that oblige a re-offer. A declined offer is offered again within 3 and within 6 months
 * (action plan 2016-17: "100% of decliners re-offered within 3 and 6 months"). We treat no answer as a decline:
 * an offer nobody took up is, for the person, the same missed chance, and the plan's target would otherwise be
 * dodged by recording "no answer".
 */
export const REOFFER_RESPONSES = ['declined', 'no_answer'] as const;

/** The two re-offer deadlines after a decline (or no answer) at respondedAt. */
export function reofferDeadlines(respondedAt: Date): { threeMonths: Date; sixMonths: Date } {
  return { threeMonths: addMonths(respondedAt, 3), sixMonths: addMonths(respondedAt, 6) };
}

/** The reassessment (the 'six_months' assessment) is due 6 months after the 'start' assessment's date. */
export function reassessmentDueOn(startAssessedOn: string): string {
  return addMonthsToDate(startAssessedOn, 6);
}

/** Follow-up 6 months after a course ended: is the person still assessed at risk? */
export function courseFollowUpDueOn(courseEndedOn: string): string {
  return addMonthsToDate(courseEndedOn, 6);
}

/**
 * Follow-up 12 months after an offer: is the person in education or employment? Counted from the day the offer was
 * made (the action plan's "within 12 months of being offered"), whatever the answer.
 */
export function offerFollowUpDueOn(offeredAt: Date): string {
  return addMonthsToDate(dateOf(offeredAt), 12);
}

/** A task is overdue once its due time has passed, and due soon within the next 24 hours. */
export function taskUrgency(dueAt: Date, now: Date): { overdue: boolean; dueSoon: boolean } {
  const left = dueAt.getTime() - now.getTime();
  return { overdue: left < 0, dueSoon: left >= 0 && left <= DAY_MS };
}

export type AgeBand = 'under_15' | '15_17' | '18_24' | '25_34' | '35_plus' | 'unknown';

/**
 * A coarse age band: mentors see this rather than the birth date (minimal data; the band still tells whether the
 * person is a child, which changes the social-services duties).
 */
export function ageBand(birthDate: string | null, today: string): AgeBand {
  if (!birthDate) return 'unknown';
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  if (age < 0) return 'unknown';
  if (age < 15) return 'under_15';
  if (age < 18) return '15_17';
  if (age < 25) return '18_24';
  if (age < 35) return '25_34';
  return '35_plus';
}
