import type { Scope } from '../../access/scope.ts';
import { caseReachSql } from '../cases/index.ts';
import type { Action } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { ageBand, dateOf } from '../../../shared/rules.ts';
import { COURSE_TRANSITIONS, SUPPORT_CASE_STATUSES, type CourseStatus } from '../../../shared/support.ts';
import { ensureCourseFollowUpInTrx } from '../followups/index.ts';
import { courseReachSql } from './policy.ts';
import { advanceCaseInTrx } from '../cases/index.ts';

type CourseKind = 'mentor' | 'relative_coach' | 'exit_course' | 'other';
type EndReason = 'completed' | 'dropped_out' | 'moved' | 'other';
interface CourseRow {
  id: string;
  case_id: string;
  unit_id: string;
  offer_id: string | null;
  kind: CourseKind;
  mentor_id: string;
  status: CourseStatus;
  started_on: string;
  ended_on: string | null;
  end_reason: EndReason | null;
  version: number;
}
const COLUMNS = 'co.id, co.case_id, co.unit_id, co.offer_id, co.kind, co.mentor_id, co.status, co.started_on, co.ended_on, co.end_reason, co.version';

function present(c: CourseRow) {
  return {
    id: c.id, caseId: c.case_id, offerId: c.offer_id, kind: c.kind, mentorId: c.mentor_id, status: c.status, startedOn: c.started_on,
    endedOn: c.ended_on, endReason: c.end_reason, version: c.version,
  };
}

interface SessionRow {
  id: string;
  course_id: string;
  held_on: string;
  duration_minutes: number;
  form: 'in_person' | 'phone' | 'video' | 'other';
  note: string | null;
  logged_by: string;
  logged_at: Date;
}
const SESSION_COLUMNS = 'cs.id, cs.course_id, cs.held_on, cs.duration_minutes, cs.form, cs.note, cs.logged_by, cs.logged_at';
function presentSession(x: SessionRow) {
  return {
    id: x.id, courseId: x.course_id, heldOn: x.held_on, durationMinutes: x.duration_minutes, form: x.form, note: x.note, loggedBy: x.logged_by,
    loggedAt: x.logged_at.toISOString(),
  };
}

/** A course the actor reaches for action (with its case's person, for the audit row); otherwise audited 404. */
async function reachableCourse(s: Scope, id: string, action: Action, audit: AuditAction, recordType = 'course') {
  const params: unknown[] = [id];
  const r = await s.tx.query<CourseRow & { person_id: string }>(
    `SELECT ${COLUMNS}, c.person_id FROM courses co JOIN cases c ON c.id = co.case_id
     WHERE co.id = $1 AND ${courseReachSql(s.reaches(action), s.actor, params)}`,
    params,
  );
  if (!r.rows[0]) s.refuse({ action: audit, recordType, recordId: id });
  return r.rows[0];
}

export const courses = {
  /**
   * Starts a course (forløb) with a mentor or coach (DOMAIN.md step 8). The mentor joins the case as a member with
   * relation 'mentor' so they can log sessions and record assessments; they see no more of it than policy.ts allows.
   */
  async startCourse(s: Scope, caseId: string, input: { kind: CourseKind; mentorId: string; offerId?: string | undefined; startedOn: string }) {
    const params: unknown[] = [caseId];
    const cr = await s.tx.query<{ id: string; unit_id: string; person_id: string; status: string }>(
      `SELECT c.id, c.unit_id, c.person_id, c.status FROM cases c WHERE c.id = $1 AND ${caseReachSql(s.reaches('course.manage'), s.actor, params)}`,
      params,
    );
    const c = cr.rows[0];
    if (!c) s.refuse({ action: 'create', recordType: 'course', recordId: caseId });
    if (!(SUPPORT_CASE_STATUSES as readonly string[]).includes(c.status)) {
      throw errors.conflict(`The case is ${c.status}; courses are possible while it is ${SUPPORT_CASE_STATUSES.join(', ')}.`, { allowed: [] });
    }
    // Need-to-know: the mentor is staff of the unit that owns the case, so the case is not disclosed outside it.
    const mentor = await s.tx.query(`SELECT 1 FROM users WHERE id = $1 AND role = 'mentor' AND disabled_at IS NULL AND unit_id = $2`, [input.mentorId, c.unit_id]);
    if (mentor.rowCount === 0) throw errors.invalidField('mentorId', "must be an active mentor of the case's unit");
    if (input.offerId) {
      const o = await s.tx.query<{ response: string }>('SELECT response FROM offers WHERE id = $1 AND case_id = $2', [input.offerId, caseId]);
      if (!o.rows[0]) throw errors.invalidField('offerId', 'no such offer in this case');
      if (o.rows[0].response !== 'accepted') throw errors.invalidField('offerId', 'the offer must be accepted before a course starts');
    }
    const today = dateOf(s.now);
    // A course agreed to start later is planned until its first day.
    const status: CourseStatus = input.startedOn > today ? 'planned' : 'active';
    const r = await s.tx.query<CourseRow>(
      `INSERT INTO courses AS co (case_id, unit_id, offer_id, kind, mentor_id, status, started_on, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [caseId, c.unit_id, input.offerId ?? null, input.kind, input.mentorId, status, input.startedOn, s.now],
    );
    await s.tx.query(
      `INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'mentor', $4, $5)
       ON CONFLICT (case_id, user_id) DO NOTHING`,
      [caseId, input.mentorId, c.unit_id, s.now, s.actor.id],
    );
    await advanceCaseInTrx(s, caseId, 'course', 'Forløb startet');
    s.audit({ action: 'create', recordType: 'course', recordId: r.rows[0]!.id, personId: c.person_id });
    return present(r.rows[0]!);
  },

  /** Ends a course; the 6-month follow-up (still at risk?) is recorded at once with its due date. */
  async endCourse(s: Scope, id: string, input: { endedOn: string; endReason: EndReason; version: number }) {
    const co = await reachableCourse(s, id, 'course.manage', 'update');
    if (co.version !== input.version) throw errors.staleVersion(co.version);
    const allowed = COURSE_TRANSITIONS[co.status];
    if (!allowed.includes('ended')) {
      throw errors.conflict(`A course that is ${co.status} can become: ${allowed.length ? allowed.join(', ') : 'nothing (final)'}.`, { allowed });
    }
    if (input.endedOn < co.started_on) throw errors.invalidField('endedOn', 'must not be before the course started');
    if (input.endedOn > dateOf(s.now)) throw errors.invalidField('endedOn', 'must not be in the future');
    const r = await s.tx.query<CourseRow>(
      `UPDATE courses AS co SET status = 'ended', ended_on = $3, end_reason = $4, version = version + 1
       WHERE co.id = $1 AND co.version = $2 RETURNING ${COLUMNS}`,
      [id, input.version, input.endedOn, input.endReason],
    );
    if (!r.rows[0]) {
      // Changed by someone else between the check above and this update: answer with the version now stored.
      const now = await s.tx.query<{ version: number }>('SELECT version FROM courses WHERE id = $1', [id]);
      throw errors.staleVersion(now.rows[0]?.version ?? co.version);
    }
    await ensureCourseFollowUpInTrx(s.tx, { id, caseId: co.case_id, unitId: co.unit_id, endedOn: input.endedOn });
    await advanceCaseInTrx(s, co.case_id, 'follow_up', 'Forløb afsluttet');
    s.audit({ action: 'update', recordType: 'course', recordId: id, personId: co.person_id });
    return present(r.rows[0]);
  },

  async get(s: Scope, id: string) {
    const co = await reachableCourse(s, id, 'course.read', 'read');
    s.audit({ action: 'read', recordType: 'course', recordId: id, personId: co.person_id });
    return present(co);
  },

  /**
   * A mentor's own courses with minimal data: the person's first name and age band, nothing else of the case
   * (need-to-know; DOMAIN.md, mentors see "only their own courses' citizens, minimal data"). One search audit row.
   */
  async mine(s: Scope) {
    s.requireRole('course.read', { action: 'search', recordType: 'course', criterion: 'mine' });
    const r = await s.tx.query<{ id: string; kind: CourseKind; status: CourseStatus; started_on: string; full_name: string; birth_date: string | null; last_session_on: string | null }>(
      `SELECT co.id, co.kind, co.status, co.started_on, p.full_name, p.birth_date,
              (SELECT max(cs.held_on) FROM course_sessions cs WHERE cs.course_id = co.id) AS last_session_on
       FROM courses co JOIN cases c ON c.id = co.case_id JOIN persons p ON p.id = c.person_id
       WHERE co.mentor_id = $1
       ORDER BY (co.status = 'ended'), co.started_on DESC, co.id LIMIT 500`,
      [s.actor.id],
    );
    s.audit({ action: 'search', recordType: 'course', criterion: 'mine' });
    const today = dateOf(s.now);
    return r.rows.map((x) => ({
      id: x.id, kind: x.kind, status: x.status, startedOn: x.started_on, firstName: x.full_name.trim().split(/\s+/)[0] ?? '',
      ageBand: ageBand(x.birth_date, today), lastSessionOn: x.last_session_on,
    }));
  },

  /** Logs a session of a running course; the course's own mentor or a coordinator of the unit. */
  async logSession(s: Scope, id: string, input: { heldOn: string; durationMinutes: number; form: SessionRow['form']; note?: string | undefined }) {
    const co = await reachableCourse(s, id, 'course.sessions.create', 'create', 'course_session');
    if (co.status === 'ended') throw errors.conflict('The course has ended; sessions are logged while it is planned, active or paused.', { allowed: [] });
    if (input.heldOn < co.started_on) throw errors.invalidField('heldOn', 'must not be before the course started');
    if (input.heldOn > dateOf(s.now)) throw errors.invalidField('heldOn', 'must not be in the future');
    const r = await s.tx.query<SessionRow>(
      `INSERT INTO course_sessions AS cs (course_id, unit_id, held_on, duration_minutes, form, note, logged_by, logged_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SESSION_COLUMNS}`,
      [id, co.unit_id, input.heldOn, input.durationMinutes, input.form, input.note ? input.note : null, s.actor.id, s.now],
    );
    s.audit({ action: 'create', recordType: 'course_session', recordId: r.rows[0]!.id, personId: co.person_id });
    return presentSession(r.rows[0]!);
  },

  async listSessions(s: Scope, id: string) {
    const co = await reachableCourse(s, id, 'course.read', 'read', 'course_session');
    const r = await s.tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM course_sessions cs WHERE cs.course_id = $1 ORDER BY cs.held_on, cs.logged_at`, [id]);
    s.audit({ action: 'read', recordType: 'course_session', recordId: id, personId: co.person_id });
    return r.rows.map(presentSession);
  },
};
