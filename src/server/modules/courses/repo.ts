import type { Actor } from '../../access/actor.ts';
import type { Action, Reach } from '../../access/policy.ts';
import { reachSql, repository } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { addCaseMentorInTrx, caseReachSql, getReachableCase, type CaseRow } from '../cases/index.ts';
import { ageBand, danishDateOf } from '../../../shared/rules.ts';
import type { CourseStatus } from '../../../shared/support.ts';
import { COURSE_DIMENSIONS_INSTRUMENT } from '../../../shared/course-dimensions.ts';
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

interface MarkRow {
  version: number;
  instrument_id: string;
  dimension_codes: string[];
  marked_at: Date;
  marked_by: string;
  display_name: string;
}
function presentMarks(courseId: string, rows: readonly MarkRow[]) {
  const current = rows[0];
  return {
    courseId, instrumentId: current?.instrument_id ?? COURSE_DIMENSIONS_INSTRUMENT, version: current?.version ?? 0, dimensions: current?.dimension_codes ?? [],
    history: rows.map((m) => ({
      version: m.version, dimensions: m.dimension_codes, markedAt: m.marked_at.toISOString(), markedBy: { id: m.marked_by, displayName: m.display_name },
    })),
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

  /** The assessments of a course's coached relative with their ratings, oldest first (the course is reached by the caller). */
  async function relativeAssessments(courseId: string) {
    const a = await tx.query<{ id: string; instrument_id: string; kind: string; assessed_on: string; assessed_by: string; created_at: Date }>(
      `SELECT id, instrument_id, kind, to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on, assessed_by, created_at
         FROM coach_assessments WHERE course_id = $1 ORDER BY assessed_on, created_at, id`, [courseId]);
    const r = await tx.query<{ assessment_id: string; dimension_code: string; rating: number | null }>(
      `SELECT r.assessment_id, r.dimension_code, r.rating FROM coach_assessment_ratings r JOIN coach_assessments a ON a.id = r.assessment_id
         JOIN assessment_dimensions d ON d.instrument_id = r.instrument_id AND d.code = r.dimension_code
        WHERE a.course_id = $1 ORDER BY d.position, d.code`, [courseId]);
    return a.rows.map((x) => ({
      id: x.id, courseId, instrumentId: x.instrument_id, kind: x.kind as 'start' | 'six_months' | 'end' | 'other', assessedOn: x.assessed_on,
      assessedBy: x.assessed_by, createdAt: x.created_at.toISOString(),
      ratings: r.rows.filter((y) => y.assessment_id === x.id).map((y) => ({ dimension: y.dimension_code, rating: y.rating })),
    }));
  }

  /** A course's markings, newest first (the course is reached by the caller). */
  async function dimensionMarks(courseId: string): Promise<MarkRow[]> {
    const r = await tx.query<MarkRow>(
      `SELECT m.version, m.instrument_id, m.dimension_codes, m.marked_at, m.marked_by, u.display_name
         FROM course_dimension_marks m JOIN users u ON u.id = m.marked_by
        WHERE m.course_id = $1 ORDER BY m.version DESC`, [courseId]);
    return r.rows;
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

    /**
     * The dimensions a course the actor may read addresses (docs/domain.md, "Relevant dimensions of a course"): the
     * current marking and every earlier one, newest first. One read audit row naming the case's person.
     */
    async dimensions(id: string) {
      const co = await reachable(id, 'course.read', 'read', 'course');
      const history = await dimensionMarks(id);
      s.audit({ action: 'read', recordType: 'course', recordId: id, personId: co.person_id, criterion: 'dimensions' });
      return presentMarks(id, history);
    },

    /**
     * Saves the next marking of a course reached by toManage, at the version the client read (0: none yet). Returns
     * the version now stored instead when it has moved on. Audited as an update of the course.
     */
    async markDimensions(co: ReachedCourse, instrumentId: string, input: { version: number; dimensions: readonly string[] }) {
      // Serialised per course, so two saves of the same version cannot both pass the check.
      await tx.query(`SELECT pg_advisory_xact_lock(7357340, hashtext($1))`, [co.id]);
      const current = (await dimensionMarks(co.id))[0]?.version ?? 0;
      if (current !== input.version) return { staleVersion: current };
      await tx.query(
        `INSERT INTO course_dimension_marks (course_id, unit_id, version, instrument_id, dimension_codes, marked_by, marked_at)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7)`,
        [co.id, co.unit_id, current + 1, instrumentId, [...new Set(input.dimensions)], s.actor.id, s.now],
      );
      s.audit({ action: 'update', recordType: 'course', recordId: co.id, personId: co.person_id, criterion: 'dimensions' });
      return { marks: presentMarks(co.id, await dimensionMarks(co.id)) };
    },

    /**
     * A course whose coached relative is to be assessed, reached for assessment.create (a coordinator of the unit, or a
     * member of the case such as the coach); otherwise an audited 404.
     */
    async toAssessRelative(id: string): Promise<ReachedCourse> {
      return reachable(id, 'assessment.create', 'create', 'coach_assessment');
    },

    /** Whether the course already has its one start assessment of the coached relative. */
    async hasRelativeStart(courseId: string): Promise<boolean> {
      const r = await tx.query(`SELECT 1 FROM coach_assessments WHERE course_id = $1 AND kind = 'start'`, [courseId]);
      return (r.rowCount ?? 0) > 0;
    },

    /**
     * Records a validated assessment of the coached relative on a course reached by toAssessRelative, audited as a
     * create naming the relative (or, when the course names none, the case's person). Null when a start assessment
     * was recorded concurrently (the unique index refused it).
     */
    async addRelativeAssessment(co: ReachedCourse, input: { kind: string; assessedOn: string; instrumentId: string; ratings: readonly { dimension: string; rating: number | null }[] }) {
      await tx.query(`SELECT pg_advisory_xact_lock(7357341, hashtext($1))`, [co.id]);
      if (input.kind === 'start' && (await tx.query(`SELECT 1 FROM coach_assessments WHERE course_id = $1 AND kind = 'start'`, [co.id])).rowCount) return null;
      const a = await tx.query<{ id: string }>(
        `INSERT INTO coach_assessments (course_id, case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [co.id, co.case_id, co.unit_id, input.instrumentId, input.kind, input.assessedOn, s.actor.id, s.now],
      );
      const id = a.rows[0]!.id;
      for (const r of input.ratings) {
        await tx.query(`INSERT INTO coach_assessment_ratings (assessment_id, instrument_id, dimension_code, rating) VALUES ($1, $2, $3, $4)`,
          [id, input.instrumentId, r.dimension, r.rating]);
      }
      s.audit({ action: 'create', recordType: 'coach_assessment', recordId: id, personId: co.coached_person_id ?? co.person_id });
      return (await relativeAssessments(co.id)).find((x) => x.id === id)!;
    },

    /** The assessments of a course's coached relative, oldest first; one read audit row. */
    async relativeAssessments(id: string) {
      const co = await reachable(id, 'assessment.read', 'read', 'coach_assessment');
      const list = await relativeAssessments(id);
      s.audit({ action: 'read', recordType: 'coach_assessment', recordId: id, personId: co.coached_person_id ?? co.person_id });
      return list;
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
