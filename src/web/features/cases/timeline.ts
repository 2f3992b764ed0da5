import type { Assessment, CaseDetail, CaseHistory, ConcernSummary, Course, CourseSession, Disclosure, FollowUp, Note, Offer } from './types.ts';
import { dayInDenmark, isDateOnly, sortKey } from '../../components/dates.ts';
import type { Review } from '../../../shared/support-plan.ts';

/** One thing that happened on a case, from whichever record it came. */
export interface TimelineEvent {
  key: string;
  /** ISO timestamp or YYYY-MM-DD date. */
  at: string;
  kind:
    | 'created'
    | 'status_change'
    | 'concern'
    | 'closed'
    | 'note'
    | 'disclosure'
    | 'assessment'
    | 'offer'
    | 'reoffer'
    | 'offer_response'
    | 'course_start'
    | 'course_end'
    | 'session'
    | 'follow_up_due'
    | 'follow_up_answered'
    | 'plan_review';
  /** The record the event comes from, for its detail text. */
  ref: { type: string; id: string };
  /** Translation values for the event's text. */
  values: Record<string, string | number>;
  /** Free text that belongs to the event (a note's body, a session's short note), shown as is. */
  text?: string | null;
}

export interface TimelineSources {
  detail: CaseDetail;
  history?: CaseHistory | undefined;
  concerns?: ConcernSummary[] | undefined;
  notes?: Note[] | undefined;
  disclosures?: Disclosure[] | undefined;
  assessments?: Assessment[] | undefined;
  offers?: Offer[] | undefined;
  courses?: { course: Course; sessions: CourseSession[] }[] | undefined;
  followUps?: FollowUp[] | undefined;
  /** Recorded support-plan reviews (docs/domain.md, "The support plan"). */
  planReviews?: Review[] | undefined;
}

/**
 * Merges every record the actor may read into one list, newest first. Sources the actor may not read are simply
 * absent. Status changes come from the case's history; the closure is listed from the case itself only when the
 * history is not at hand (it is one of the status changes).
 */
export function buildTimeline(s: TimelineSources): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const createdAt = s.history?.createdAt ?? s.detail.createdAt;
  if (createdAt) {
    out.push({
      key: 'created', at: createdAt, kind: 'created', ref: { type: 'case', id: s.detail.id },
      values: s.history?.createdBy ? { by: s.history.createdBy.displayName } : {},
    });
  }
  s.history?.changes.forEach((c, i) => {
    out.push({
      key: `status-${String(i).padStart(4, '0')}`, at: c.changedAt, kind: 'status_change', ref: { type: 'case', id: s.detail.id },
      values: { from: c.from, to: c.to, by: c.changedBy.displayName, seq: i }, text: c.reason,
    });
  });
  for (const c of s.concerns ?? []) {
    out.push({ key: `concern-${c.id}`, at: c.receivedAt, kind: 'concern', ref: { type: 'concern', id: c.id }, values: { channel: c.channel, severity: c.severity } });
  }
  if (s.detail.closedAt && !s.history) {
    out.push({ key: 'closed', at: s.detail.closedAt, kind: 'closed', ref: { type: 'case', id: s.detail.id }, values: {}, text: s.detail.closureReason });
  }
  const noteAt = new Map((s.notes ?? []).map((n) => [n.id, n.writtenAt]));
  for (const n of s.notes ?? []) {
    // A correction note names the note it corrects (docs/domain.md, "Corrections"): its time, for "Rettelse til note af …".
    const corrects = n.correctsNoteId ? noteAt.get(n.correctsNoteId) : undefined;
    out.push({
      key: `note-${n.id}`, at: n.writtenAt, kind: 'note', ref: { type: 'note', id: n.id },
      values: corrects ? { author: n.authorId, corrects } : { author: n.authorId }, text: n.body,
    });
  }
  for (const d of s.disclosures ?? []) {
    out.push({
      key: `disclosure-${d.id}`, at: d.disclosedAt, kind: 'disclosure', ref: { type: 'disclosure', id: d.id },
      values: { organisation: d.partnerOrganisation, legalBasis: d.legalBasis }, text: d.contentSummary,
    });
  }
  for (const a of s.assessments ?? []) {
    out.push({ key: `assessment-${a.id}`, at: a.assessedOn, kind: 'assessment', ref: { type: 'assessment', id: a.id }, values: { kind: a.kind }, text: a.summary });
  }
  for (const o of s.offers ?? []) {
    out.push({ key: `offer-${o.id}`, at: o.offeredAt, kind: o.reofferOf ? 'reoffer' : 'offer', ref: { type: 'offer', id: o.id }, values: { type: o.type } });
    if (o.respondedAt) {
      out.push({ key: `offer-response-${o.id}`, at: o.respondedAt, kind: 'offer_response', ref: { type: 'offer', id: o.id }, values: { type: o.type, response: o.response } });
    }
  }
  for (const { course, sessions } of s.courses ?? []) {
    out.push({ key: `course-${course.id}`, at: course.startedOn, kind: 'course_start', ref: { type: 'course', id: course.id }, values: { kind: course.kind } });
    if (course.endedOn) {
      out.push({ key: `course-end-${course.id}`, at: course.endedOn, kind: 'course_end', ref: { type: 'course', id: course.id }, values: { kind: course.kind } });
    }
    for (const x of sessions) {
      out.push({
        key: `session-${x.id}`, at: x.heldOn, kind: 'session', ref: { type: 'session', id: x.id },
        values: { form: x.form, minutes: x.durationMinutes }, text: x.note,
      });
    }
  }
  for (const f of s.followUps ?? []) {
    if (f.answeredAt) out.push({ key: `follow-up-${f.id}`, at: f.answeredAt, kind: 'follow_up_answered', ref: { type: 'follow_up', id: f.id }, values: { kind: f.kind } });
    else out.push({ key: `follow-up-${f.id}`, at: f.dueOn, kind: 'follow_up_due', ref: { type: 'follow_up', id: f.id }, values: { kind: f.kind } });
  }
  for (const r of s.planReviews ?? []) {
    out.push({
      key: `plan-review-${r.id}`, at: r.reviewedOn, kind: 'plan_review', ref: { type: 'support_plan_review', id: r.id },
      values: { by: r.reviewedBy.displayName }, text: r.summary,
    });
  }
  return out.sort(newestFirst);
}

/** Among date-only events of one day, newest first: a course's end, then what happened during it, then its start. */
const DAY_RANK: Partial<Record<TimelineEvent['kind'], number>> = { follow_up_answered: 0, follow_up_due: 0, course_end: 1, course_start: 3 };
const isDate = isDateOnly;

/**
 * Newest day first. Within a day, the date-only events (a course's start, a session, an assessment) come before the
 * timed ones: they have no time of day, and listing them under "the case was opened" would read as if they came
 * before it.
 */
function newestFirst(a: TimelineEvent, b: TimelineEvent): number {
  // The Danish calendar day of an event (a date-only value is its own day).
  const da = dayInDenmark(a.at);
  const db = dayInDenmark(b.at);
  if (da !== db) return da < db ? 1 : -1;
  if (isDate(a.at) !== isDate(b.at)) return isDate(a.at) ? -1 : 1;
  if (isDate(a.at)) {
    const ra = DAY_RANK[a.kind] ?? 2;
    const rb = DAY_RANK[b.kind] ?? 2;
    if (ra !== rb) return ra - rb;
    return a.key.localeCompare(b.key);
  }
  const ka = sortKey(a.at);
  const kb = sortKey(b.at);
  return kb < ka ? -1 : kb > ka ? 1 : b.key.localeCompare(a.key);
}
