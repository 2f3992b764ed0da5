import type { Scope } from '../../access/scope.ts';
import { caseReachSql } from '../cases/index.ts';
import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { courseFollowUpDueOn, dateOf, offerFollowUpDueOn } from '../../../shared/rules.ts';

interface FollowUpRow {
  id: string;
  case_id: string;
  unit_id: string;
  kind: 'six_months_after_course' | 'twelve_months_after_offer';
  course_id: string | null;
  offer_id: string | null;
  due_on: string;
  answered_at: Date | null;
  answered_by: string | null;
  still_at_risk: boolean | null;
  occupation: 'education' | 'employment' | 'neither' | 'unknown' | null;
}
const COLUMNS = 'f.id, f.case_id, f.unit_id, f.kind, f.course_id, f.offer_id, f.due_on, f.answered_at, f.answered_by, f.still_at_risk, f.occupation';

function present(f: FollowUpRow) {
  return {
    id: f.id, caseId: f.case_id, kind: f.kind, courseId: f.course_id, offerId: f.offer_id, dueOn: f.due_on,
    answeredAt: f.answered_at ? f.answered_at.toISOString() : null, answeredBy: f.answered_by, stillAtRisk: f.still_at_risk, occupation: f.occupation,
  };
}

/**
 * Records the follow-up due 6 months after a course ended (is the person still assessed at risk?). Idempotent: a
 * course has one such follow-up; true when this call recorded it. Runs in the caller's transaction (the course end, or the rules engine's backfill).
 */
export async function ensureCourseFollowUpInTrx(tx: Queryable, course: { id: string; caseId: string; unitId: string; endedOn: string }): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO follow_ups (case_id, unit_id, kind, course_id, due_on) VALUES ($1, $2, 'six_months_after_course', $3, $4)
     ON CONFLICT (course_id) WHERE kind = 'six_months_after_course' DO NOTHING RETURNING id`,
    [course.caseId, course.unitId, course.id, courseFollowUpDueOn(course.endedOn)],
  );
  return r.rows.length > 0;
}

/** Records the follow-up due 12 months after a first offer (education or employment?). Idempotent per offer. */
export async function ensureOfferFollowUpInTrx(tx: Queryable, offer: { id: string; caseId: string; unitId: string; offeredAt: Date }): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO follow_ups (case_id, unit_id, kind, offer_id, due_on) VALUES ($1, $2, 'twelve_months_after_offer', $3, $4)
     ON CONFLICT (offer_id) WHERE kind = 'twelve_months_after_offer' DO NOTHING RETURNING id`,
    [offer.caseId, offer.unitId, offer.id, offerFollowUpDueOn(offer.offeredAt)],
  );
  return r.rows.length > 0;
}

/**
 * Creates any follow-up whose triggering event is recorded but whose row is missing (records written before this
 * rule existed, or by another path). System context: called by the rules engine only. Returns how many were added.
 */
export async function backfillFollowUpsInTrx(tx: Queryable): Promise<number> {
  let added = 0;
  const courses = await tx.query<{ id: string; case_id: string; unit_id: string; ended_on: string }>(
    `SELECT co.id, co.case_id, co.unit_id, co.ended_on FROM courses co
     WHERE co.status = 'ended' AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.course_id = co.id AND f.kind = 'six_months_after_course')
     ORDER BY co.id`,
  );
  for (const c of courses.rows) {
    if (await ensureCourseFollowUpInTrx(tx, { id: c.id, caseId: c.case_id, unitId: c.unit_id, endedOn: c.ended_on })) added++;
  }
  const offers = await tx.query<{ id: string; case_id: string; unit_id: string; offered_at: Date }>(
    `SELECT o.id, o.case_id, o.unit_id, o.offered_at FROM offers o
     WHERE o.reoffer_of IS NULL AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.offer_id = o.id AND f.kind = 'twelve_months_after_offer')
     ORDER BY o.id`,
  );
  for (const o of offers.rows) {
    if (await ensureOfferFollowUpInTrx(tx, { id: o.id, caseId: o.case_id, unitId: o.unit_id, offeredAt: o.offered_at })) added++;
  }
  return added;
}

async function caseOf(s: Scope, caseId: string, action: 'followup.read', audit: 'read'): Promise<{ id: string; person_id: string }> {
  const params: unknown[] = [caseId];
  const r = await s.tx.query<{ id: string; person_id: string }>(
    `SELECT c.id, c.person_id FROM cases c WHERE c.id = $1 AND ${caseReachSql(s.reaches(action), s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'follow_up', recordId: caseId });
  return r.rows[0];
}

export const followUps = {
  /** A case's follow-ups, answered and upcoming, by due date. */
  async listForCase(s: Scope, caseId: string) {
    const c = await caseOf(s, caseId, 'followup.read', 'read');
    const r = await s.tx.query<FollowUpRow>(`SELECT ${COLUMNS} FROM follow_ups f WHERE f.case_id = $1 ORDER BY f.due_on, f.kind, f.id`, [caseId]);
    s.audit({ action: 'read', recordType: 'follow_up', recordId: caseId, personId: c.person_id });
    return r.rows.map(present);
  },

  /**
   * Answers a follow-up once it is due: the 6-month question (still at risk?) after a course, the 12-month question
   * (education or employment?) after an offer. An answer is final; answering early would measure the wrong moment.
   */
  async answer(s: Scope, id: string, input: { stillAtRisk?: boolean | undefined; occupation?: FollowUpRow['occupation'] | undefined }) {
    const params: unknown[] = [id];
    const r = await s.tx.query<FollowUpRow & { person_id: string }>(
      `SELECT ${COLUMNS}, c.person_id FROM follow_ups f JOIN cases c ON c.id = f.case_id
       WHERE f.id = $1 AND ${caseReachSql(s.reaches('followup.answer'), s.actor, params)} FOR UPDATE OF f`,
      params,
    );
    const f = r.rows[0];
    if (!f) s.refuse({ action: 'update', recordType: 'follow_up', recordId: id });
    if (f.kind === 'six_months_after_course') {
      if (input.stillAtRisk === undefined) throw errors.invalidField('stillAtRisk', 'is required for a follow-up after a course');
      if (input.occupation !== undefined) throw errors.invalidField('occupation', 'is asked 12 months after an offer, not after a course');
    } else {
      if (input.occupation === undefined) throw errors.invalidField('occupation', 'is required for a follow-up after an offer');
      if (input.stillAtRisk !== undefined) throw errors.invalidField('stillAtRisk', 'is asked 6 months after a course, not after an offer');
    }
    if (f.answered_at) throw errors.conflict('The follow-up is already answered.', { allowed: [] });
    if (dateOf(s.now) < f.due_on) throw errors.conflict(`The follow-up is not due until ${f.due_on}.`, { allowed: [], dueOn: f.due_on });
    const u = await s.tx.query<FollowUpRow>(
      `UPDATE follow_ups AS f SET answered_at = $2, answered_by = $3, still_at_risk = $4, occupation = $5 WHERE f.id = $1 RETURNING ${COLUMNS}`,
      [id, s.now, s.actor.id, input.stillAtRisk ?? null, input.occupation ?? null],
    );
    s.audit({ action: 'update', recordType: 'follow_up', recordId: id, personId: f.person_id });
    return present(u.rows[0]!);
  },
};
