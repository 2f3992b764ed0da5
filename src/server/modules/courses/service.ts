import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { COURSE_TRANSITIONS, SUPPORT_CASE_STATUSES, type CourseStatus } from '../../../shared/support.ts';
import { ensureCourseFollowUpInTrx } from '../followups/index.ts';
import { advanceCaseInTrx } from '../cases/index.ts';
import { isLinkedPersonInTrx } from '../family/index.ts';
import { completeTasksInTrx, refreshCaseTasksInTrx } from '../tasks/index.ts';
import { instrumentInTrx } from '../assessments/index.ts';
import { COURSE_DIMENSIONS_INSTRUMENT, type CourseDimensionsInput } from '../../../shared/course-dimensions.ts';
import type { CoachAssessmentInput } from '../../../shared/coach-assessments.ts';
import { requireActive } from '../vocabularies/index.ts';
import { courseRepo, type CourseKind, type EndReason, type SessionForm } from './repo.ts';

export const courses = {
  /**
   * Starts a course (forløb) with a mentor or coach (docs/domain.md, step 8), on a case that is in support work, with
   * an active mentor of the case's unit and, if named, an accepted offer of the same case.
   */
  async startCourse(s: Scope, caseId: string, input: { kind: CourseKind; mentorId: string; offerId?: string | undefined; startedOn: string; coachedPersonId?: string | undefined }) {
    const repo = courseRepo(s);
    const c = await repo.caseToStart(caseId);
    if (!(SUPPORT_CASE_STATUSES as readonly string[]).includes(c.status)) {
      throw errors.conflict(`The case is ${c.status}; courses are possible while it is ${SUPPORT_CASE_STATUSES.join(', ')}.`, { allowed: [] });
    }
    if (!await repo.isActiveMentorOf(c, input.mentorId)) throw errors.invalidField('mentorId', "must be an active mentor of the case's unit");
    if (input.offerId) {
      const response = await repo.offerResponse(c, input.offerId);
      if (response === undefined) throw errors.invalidField('offerId', 'no such offer in this case');
      if (response !== 'accepted') throw errors.invalidField('offerId', 'the offer must be accepted before a course starts');
    }
    if (input.coachedPersonId !== undefined) {
      if (input.kind !== 'relative_coach') throw errors.invalidField('coachedPersonId', 'names the coached relative of a relative_coach course only');
      if (!(await isLinkedPersonInTrx(s, c.person_id, input.coachedPersonId))) {
        throw errors.invalidField('coachedPersonId', "must be a person linked to the case's person (a family link) whom you may see");
      }
    }
    // A course agreed to start later is planned until its first day.
    const status: CourseStatus = input.startedOn > danishDateOf(s.now) ? 'planned' : 'active';
    const course = await repo.create(c, input, status);
    await advanceCaseInTrx(s, caseId, 'course', 'Forløb startet');
    // The mentor's "first session" task is on their list at once (tasks module, rule course_start).
    await refreshCaseTasksInTrx(s, caseId, s.now);
    return course;
  },

  /** Ends a course; the 6-month follow-up (still at risk?) is recorded at once with its due date. */
  async endCourse(s: Scope, id: string, input: { endedOn: string; endReason: EndReason; version: number }) {
    const repo = courseRepo(s);
    const co = await repo.toManage(id);
    if (co.version !== input.version) throw errors.staleVersion(co.version);
    const allowed = COURSE_TRANSITIONS[co.status];
    if (!allowed.includes('ended')) {
      throw errors.conflict(`A course that is ${co.status} can become: ${allowed.length ? allowed.join(', ') : 'nothing (final)'}.`, { allowed });
    }
    if (input.endedOn < co.started_on) throw errors.invalidField('endedOn', 'must not be before the course started');
    if (input.endedOn > danishDateOf(s.now)) throw errors.invalidField('endedOn', 'must not be in the future');
    const ended = await repo.end(co, input);
    // Changed by someone else between the check above and the update: answer with the version now stored.
    if ('staleVersion' in ended) throw errors.staleVersion(ended.staleVersion);
    await ensureCourseFollowUpInTrx(s, { id, caseId: co.case_id, unitId: co.unit_id, endedOn: input.endedOn });
    await advanceCaseInTrx(s, co.case_id, 'follow_up', 'Forløb afsluttet');
    return ended.course;
  },

  async get(s: Scope, id: string) {
    return courseRepo(s).get(id);
  },

  /** A mentor's own courses with minimal data (first name and age band; see courseRepo.mine). */
  async mine(s: Scope) {
    return courseRepo(s).mine();
  },

  /** Logs a session of a running course; the course's own mentor or a coordinator of the unit. */
  async logSession(s: Scope, id: string, input: { heldOn: string; durationMinutes: number; form: SessionForm; note?: string | undefined }) {
    const repo = courseRepo(s);
    const co = await repo.toLogSession(id);
    if (co.case_status === 'closed') {
      throw errors.conflict('The case is closed; sessions are logged while the case and the course run.', { allowed: [], current: co.case_status });
    }
    if (co.status === 'ended') throw errors.conflict('The course has ended; sessions are logged while it is planned, active or paused.', { allowed: [] });
    if (input.heldOn < co.started_on) throw errors.invalidField('heldOn', 'must not be before the course started');
    if (input.heldOn > danishDateOf(s.now)) throw errors.invalidField('heldOn', 'must not be in the future');
    // Session forms are data (docs/domain.md, "Vocabularies"), home visits among them: a new session names an active one.
    await requireActive(s, 'session_form', 'form', [input.form]);
    const session = await repo.addSession(co, input);
    // The first session meets the mentor's course_start task (only the actor's own tasks are written).
    await completeTasksInTrx(s, { caseId: co.case_id }, s.now);
    return session;
  },

  /** The dimensions of the national tool a course addresses, with the earlier markings (docs/domain.md). */
  async dimensions(s: Scope, id: string) {
    return courseRepo(s).dimensions(id);
  },

  /**
   * Marks which dimensions of the national tool a course addresses (docs/domain.md, "Relevant dimensions of a
   * course"): a coordinator of the unit or the case's owner, at the version read; every code must be one of the
   * instrument's. Each save is a new version; a stale version is a 409.
   */
  async markDimensions(s: Scope, id: string, input: CourseDimensionsInput) {
    const repo = courseRepo(s);
    const co = await repo.toManage(id);
    const instrument = await instrumentInTrx(s, COURSE_DIMENSIONS_INSTRUMENT);
    const known = new Set(instrument?.dimensions.map((d) => d.code) ?? []);
    const bad = input.dimensions.findIndex((d) => !known.has(d));
    if (bad >= 0) throw errors.invalidField(`dimensions[${bad}]`, `is not a dimension of ${COURSE_DIMENSIONS_INSTRUMENT}`);
    const saved = await repo.markDimensions(co, COURSE_DIMENSIONS_INSTRUMENT, input);
    if (!saved.marks) throw errors.staleVersion(saved.staleVersion);
    return saved.marks;
  },

  /**
   * Records an assessment of the relative coached in a relative-coach course, on the relative's own instrument
   * (docs/domain.md, "The coached relative's instrument"): every item rated once, on the scale or unknown (null); not
   * before the course started nor in the future; one start assessment per course.
   */
  async assessRelative(s: Scope, id: string, input: CoachAssessmentInput) {
    const repo = courseRepo(s);
    const co = await repo.toAssessRelative(id);
    if (co.kind !== 'relative_coach') {
      throw errors.conflict(`The course is a ${co.kind} course; the coached relative's instrument is recorded on relative_coach courses.`, { allowed: [] });
    }
    const instrument = await instrumentInTrx(s, input.instrumentId);
    if (!instrument || !instrument.active || instrument.subject !== 'coached_relative') {
      throw errors.invalidField('instrumentId', "no such active instrument of the coached relative");
    }
    const scale = instrument.scale.map((x) => x.value).filter((v): v is number => v !== null);
    const items = instrument.dimensions.map((d) => d.code);
    const fieldErrors: { field: string; reason: string }[] = [];
    const seen = new Set<string>();
    input.ratings.forEach((r, i) => {
      if (!items.includes(r.dimension)) fieldErrors.push({ field: `ratings[${i}].dimension`, reason: 'is not an item of the instrument' });
      else if (seen.has(r.dimension)) fieldErrors.push({ field: `ratings[${i}].dimension`, reason: `rates ${r.dimension} a second time` });
      seen.add(r.dimension);
      if (r.rating !== null && !scale.includes(r.rating)) fieldErrors.push({ field: `ratings[${i}].rating`, reason: `must be one of ${scale.join(', ')} or null (unknown)` });
    });
    const missing = items.filter((c) => !seen.has(c));
    if (missing.length) fieldErrors.push({ field: 'ratings', reason: `must rate every item; missing ${missing.join(', ')}` });
    if (input.assessedOn > danishDateOf(s.now)) fieldErrors.unshift({ field: 'assessedOn', reason: 'must not be in the future' });
    else if (input.assessedOn < co.started_on) fieldErrors.unshift({ field: 'assessedOn', reason: 'must not be before the course started' });
    if (fieldErrors.length > 0) throw errors.validation(fieldErrors, fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; '));
    const startConflict = () => errors.conflict('The course already has a start assessment of the relative. Record a six_months, end or other assessment instead.', {
      allowed: ['six_months', 'end', 'other'],
    });
    if (input.kind === 'start' && await repo.hasRelativeStart(co.id)) throw startConflict();
    const saved = await repo.addRelativeAssessment(co, input);
    if (!saved) throw startConflict();
    return saved;
  },

  /** The assessments of a course's coached relative, oldest first. */
  async relativeAssessments(s: Scope, id: string) {
    return courseRepo(s).relativeAssessments(id);
  },

  async listSessions(s: Scope, id: string) {
    return courseRepo(s).sessions(id);
  },
};
