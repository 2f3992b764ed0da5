import type { Actor } from '../../access/actor.ts';
import type { Action, Reach } from '../../access/policy.ts';
import { reachSql, repository } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { addCaseMentorInTrx, caseReachSql, getReachableCase, type CaseRow } from '../cases/index.ts';
import { ageBand, danishDateOf } from '../../../shared/rules.ts';
import type { CourseStatus } from '../../../shared/support.ts';
import { splitCourseReaches } from './policy.ts';

/**
 * The courses module's repository: the only place with SQL on courses and course_sessions (docs/architecture.md,
 * "Where SQL lives"). Each method applies the course reach (courses/policy.ts), the mentor's field rule and the
 * audit entry itself, so a service cannot skip them.
 */

export type CourseKind = 'mentor' | 'relative_coach' | 'exit_course' | 'other';
export type EndReason = 'completed' | 'dropped_out' | 'moved' | 'other';
/** A session form's code: an active entry of the session_forms vocabulary (migration 0360), checked by the service. */
export type SessionForm = string;

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
  coached_person_id: string | null;
}
const COLUMNS = 'co.id, co.case_id, co.unit_id, co.offer_id, co.kind, co.mentor_id, co.status, co.started_on, co.ended_on, co.end_reason, co.version, co.coached_person_id';

/** A course the actor reached, with its case's person for the audit row. The person id never leaves the server. */
/** A course the actor reached, with its case's person and status (a closed case takes no more sessions). */
export type ReachedCourse = CourseRow & { person_id: string; case_status: string };

function present(c: CourseRow) {
  return {
    id: c.id, caseId: c.case_id, offerId: c.offer_id, kind: c.kind, mentorId: c.mentor_id, status: c.status, startedOn: c.started_on,
    endedOn: c.ended_on, endReason: c.end_reason, version: c.version, coachedPersonId: c.coached_person_id,
  };
}

interface SessionRow {
  id: string;
  course_id: string;
  held_on: string;
  duration_minutes: number;
  form: SessionForm;
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

/**
 * SQL predicate for a course (alias co) joined with its case (alias c), given the actor's reaches: the case reaches
 * through cases/index.ts's caseReachSql, 'mentor' as the course's own mentor or coach only. Params are appended.
 */
export function courseReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], course = 'co', kase = 'c'): string {
  const { viaCase, ownCourse } = splitCourseReaches(reaches);
  const parts: string[] = [];
  if (viaCase.length) parts.push(caseReachSql(viaCase, actor, params, kase));
  if (ownCourse) {
    params.push(actor.id);
    parts.push(`${course}.mentor_id = $${params.length}`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** Courses and their sessions in the actor's scope. */
export const courseRepo = repository((tx, s) => {
  /** A course the actor reaches for action; otherwise an audited 404 (existence does not leak). */
  async function reachable(id: string, action: Action, audit: AuditAction, recordType: string): Promise<ReachedCourse> {
    const params: unknown[] = [id];
    const r = await tx.query<ReachedCourse>(
      `SELECT ${COLUMNS}, c.person_id, c.status AS case_status FROM courses co JOIN cases c ON c.id = co.case_id
       WHERE co.id = $1 AND ${courseReachSql(s.reaches(action), s.actor, params)}`,
      params,
    );
    const row = r.rows[0];
    if (!row) return s.refuse({ action: audit, recordType, recordId: id });
    return row;
  }

  return {
    /** The case a course is to start on, reached for course.manage; otherwise an audited 404. */
    async caseToStart(caseId: string): Promise<CaseRow> {
      return getReachableCase(s, caseId, 'course.manage', 'create', 'course');
    },

    /**
     * Whether userId is an active mentor of the case's unit. Need-to-know: the mentor is staff of the unit that owns
     * the case, so the case is not disclosed outside it.
     */
    async isActiveMentorOf(kase: CaseRow, userId: string): Promise<boolean> {
      const mentor = await tx.query(`SELECT 1 FROM users WHERE id = $1 AND role = 'mentor' AND disabled_at IS NULL AND unit_id = $2`, [userId, kase.unit_id]);
      return (mentor.rowCount ?? 0) > 0;
    },

    /** The response of an offer made in the (reached) case, or undefined when the case has no such offer. */
    async offerResponse(kase: CaseRow, offerId: string): Promise<string | undefined> {
      const o = await tx.query<{ response: string }>('SELECT response FROM offers WHERE id = $1 AND case_id = $2', [offerId, kase.id]);
      return o.rows[0]?.response;
    },

    /**
     * Starts a course on a case reached by caseToStart. The mentor joins the case as a member with relation 'mentor'
     * so they can log sessions and record assessments; they see no more of it than the policy table allows.
     */
    async create(kase: CaseRow, input: { kind: CourseKind; mentorId: string; offerId?: string | undefined; startedOn: string; coachedPersonId?: string | undefined }, status: CourseStatus) {
      const r = await tx.query<CourseRow>(
        `INSERT INTO courses AS co (case_id, unit_id, offer_id, kind, mentor_id, status, started_on, created_at, coached_person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [kase.id, kase.unit_id, input.offerId ?? null, input.kind, input.mentorId, status, input.startedOn, s.now, input.coachedPersonId ?? null],
      );
      await addCaseMentorInTrx(s, kase, input.mentorId);
      s.audit({ action: 'create', recordType: 'course', recordId: r.rows[0]!.id, personId: kase.person_id });
      return present(r.rows[0]!);
    },

    /** A course reached for course.manage, to be changed; otherwise an audited 404. */
    async toManage(id: string): Promise<ReachedCourse> {
      return reachable(id, 'course.manage', 'update', 'course');
    },

    /**
     * Ends a course reached by toManage at the version the client saw, audited as an update. Returns the version now
     * stored instead when someone else changed the course in between.
     */
    async end(co: ReachedCourse, input: { endedOn: string; endReason: EndReason; version: number }): Promise<{ course: ReturnType<typeof present> } | { staleVersion: number }> {
      const r = await tx.query<CourseRow>(
        `UPDATE courses AS co SET status = 'ended', ended_on = $3, end_reason = $4, version = version + 1
         WHERE co.id = $1 AND co.version = $2 RETURNING ${COLUMNS}`,
        [co.id, input.version, input.endedOn, input.endReason],
      );
      if (!r.rows[0]) {
        const now = await tx.query<{ version: number }>('SELECT version FROM courses WHERE id = $1', [co.id]);
        return { staleVersion: now.rows[0]?.version ?? co.version };
      }
      s.audit({ action: 'update', recordType: 'course', recordId: co.id, personId: co.person_id });
      return { course: present(r.rows[0]) };
    },

    /** A course the actor may read (coordinators, managers, advisers by case; a mentor only their own). Audited. */
    async get(id: string) {
      const co = await reachable(id, 'course.read', 'read', 'course');
      s.audit({ action: 'read', recordType: 'course', recordId: id, personId: co.person_id });
      return present(co);
    },

    /**
     * The actor's own courses with minimal data: the person's first name and age band, nothing else of the case or
     * the person record (need-to-know; docs/domain.md, mentors see "only their own courses' citizens, minimal
     * data"). The full name and birth date are reduced here and never leave this method. One search audit row.
     */
    async mine() {
      s.requireRole('course.read', { action: 'search', recordType: 'course', criterion: 'mine' });
      const r = await tx.query<{ id: string; kind: CourseKind; status: CourseStatus; started_on: string; full_name: string; birth_date: string | null; last_session_on: string | null }>(
        `SELECT co.id, co.kind, co.status, co.started_on, p.full_name, p.birth_date,
                (SELECT max(cs.held_on) FROM course_sessions cs WHERE cs.course_id = co.id) AS last_session_on
         FROM courses co JOIN cases c ON c.id = co.case_id JOIN persons p ON p.id = c.person_id
         WHERE co.mentor_id = $1
         ORDER BY (co.status = 'ended'), co.started_on DESC, co.id LIMIT 500`,
        [s.actor.id],
      );
      s.audit({ action: 'search', recordType: 'course', criterion: 'mine' });
      const today = danishDateOf(s.now);
      return r.rows.map((x) => ({
        id: x.id, kind: x.kind, status: x.status, startedOn: x.started_on, firstName: x.full_name.trim().split(/\s+/)[0] ?? '',
        ageBand: ageBand(x.birth_date, today), lastSessionOn: x.last_session_on,
      }));
    },

    /** A course the actor may log sessions of (its own mentor, or a coordinator of the unit); otherwise an audited 404. */
    async toLogSession(id: string): Promise<ReachedCourse> {
      return reachable(id, 'course.sessions.create', 'create', 'course_session');
    },

    /** Logs a validated session of a course reached by toLogSession, audited as a create. */
    async addSession(co: ReachedCourse, input: { heldOn: string; durationMinutes: number; form: SessionForm; note?: string | undefined }) {
      const r = await tx.query<SessionRow>(
        `INSERT INTO course_sessions AS cs (course_id, unit_id, held_on, duration_minutes, form, note, logged_by, logged_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SESSION_COLUMNS}`,
        [co.id, co.unit_id, input.heldOn, input.durationMinutes, input.form, input.note ? input.note : null, s.actor.id, s.now],
      );
      s.audit({ action: 'create', recordType: 'course_session', recordId: r.rows[0]!.id, personId: co.person_id });
      return presentSession(r.rows[0]!);
    },

    /** The sessions of a course the actor may read, in the order they were held. One read audit row. */
    async sessions(id: string) {
      const co = await reachable(id, 'course.read', 'read', 'course_session');
      const r = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM course_sessions cs WHERE cs.course_id = $1 ORDER BY cs.held_on, cs.logged_at`, [id]);
      s.audit({ action: 'read', recordType: 'course_session', recordId: id, personId: co.person_id });
      return r.rows.map(presentSession);
    },
  };
});

/**
 * The cases' courses and their sessions for the citizen's access request (purpose-bound reach,
 * Scope.accessRequestReaches; no audit row). No mentor names: the course says its kind, the session its date and note.
 */
export const courseAccessRequestRepo = repository((tx, s) => ({
  async ofCases(caseIds: readonly string[]) {
    const params: unknown[] = [caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'co', {});
    const courses = await tx.query<{ id: string; case_id: string; kind: string; status: string; started_on: string; ended_on: string | null; end_reason: string | null }>(
      `SELECT co.id, co.case_id, co.kind, co.status, to_char(co.started_on, 'YYYY-MM-DD') AS started_on, to_char(co.ended_on, 'YYYY-MM-DD') AS ended_on,
              co.end_reason FROM courses co WHERE co.case_id = ANY($1::uuid[]) AND ${reach} ORDER BY co.started_on, co.id`, params);
    const sessions = await tx.query<{ id: string; course_id: string; held_on: string; duration_minutes: number | null; form: string | null; note: string | null }>(
      `SELECT x.id, x.course_id, to_char(x.held_on, 'YYYY-MM-DD') AS held_on, x.duration_minutes, x.form, x.note FROM course_sessions x
        WHERE x.course_id = ANY($1::uuid[]) ORDER BY x.held_on, x.id`, [courses.rows.map((c) => c.id)]);
    return { courses: courses.rows, sessions: sessions.rows };
  },
}));
