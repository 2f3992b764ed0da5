import { reachSql, repository, sharedRepository, systemRepository } from '../../access/scope.ts';
import { findReachableCase, getReachableCase } from '../cases/index.ts';
import { courseFollowUpDueOn, offerFollowUpDueOn } from '../../../shared/rules.ts';

/**
 * The follow-ups module's repository: the only place where SQL on follow_ups lives (docs/architecture.md). The
 * reach of a follow-up is the reach of its case, which the cases module answers (../cases/index.ts).
 */

export type Occupation = 'education' | 'employment' | 'neither' | 'unknown';
export interface FollowUpRow {
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
  occupation: Occupation | null;
  early_reason: string | null;
}
const COLUMNS = 'f.id, f.case_id, f.unit_id, f.kind, f.course_id, f.offer_id, f.due_on, f.answered_at, f.answered_by, f.still_at_risk, f.occupation, f.early_reason';

/** The follow-up as it leaves the server. */
export function presentFollowUp(f: FollowUpRow) {
  return {
    id: f.id, caseId: f.case_id, kind: f.kind, courseId: f.course_id, offerId: f.offer_id, dueOn: f.due_on,
    answeredAt: f.answered_at ? f.answered_at.toISOString() : null, answeredBy: f.answered_by, stillAtRisk: f.still_at_risk, occupation: f.occupation, earlyReason: f.early_reason,
  };
}

/**
 * Creating follow-ups is derived bookkeeping: a row with a due date, written when its triggering event is recorded
 * (in the request that ends a course or makes a first offer) or by the scheduler's backfill. It reads no personal
 * data, so both paths share it. Idempotent: true when the call recorded the row.
 */
export const followUpRules = sharedRepository((tx) => ({
  async ensureCourse(course: { id: string; caseId: string; unitId: string; endedOn: string }): Promise<boolean> {
    const r = await tx.query(
      `INSERT INTO follow_ups (case_id, unit_id, kind, course_id, due_on) VALUES ($1, $2, 'six_months_after_course', $3, $4)
       ON CONFLICT (course_id) WHERE kind = 'six_months_after_course' DO NOTHING RETURNING id`,
      [course.caseId, course.unitId, course.id, courseFollowUpDueOn(course.endedOn)],
    );
    return r.rows.length > 0;
  },

  async ensureOffer(offer: { id: string; caseId: string; unitId: string; offeredAt: Date }): Promise<boolean> {
    const r = await tx.query(
      `INSERT INTO follow_ups (case_id, unit_id, kind, offer_id, due_on) VALUES ($1, $2, 'twelve_months_after_offer', $3, $4)
       ON CONFLICT (offer_id) WHERE kind = 'twelve_months_after_offer' DO NOTHING RETURNING id`,
      [offer.caseId, offer.unitId, offer.id, offerFollowUpDueOn(offer.offeredAt)],
    );
    return r.rows.length > 0;
  },
}));

/**
 * The scheduler's view across all units: ended courses and first offers whose follow-up row is missing. It reads
 * courses and offers directly because those modules import this one (they create follow-ups), not the other way.
 */
export const followUpBackfill = systemRepository((tx) => ({
  async coursesMissingFollowUp() {
    const r = await tx.query<{ id: string; case_id: string; unit_id: string; ended_on: string }>(
      `SELECT co.id, co.case_id, co.unit_id, co.ended_on FROM courses co
       WHERE co.status = 'ended' AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.course_id = co.id AND f.kind = 'six_months_after_course')
       ORDER BY co.id`,
    );
    return r.rows.map((c) => ({ id: c.id, caseId: c.case_id, unitId: c.unit_id, endedOn: c.ended_on }));
  },

  async offersMissingFollowUp() {
    const r = await tx.query<{ id: string; case_id: string; unit_id: string; offered_at: Date }>(
      `SELECT o.id, o.case_id, o.unit_id, o.offered_at FROM offers o
       WHERE o.reoffer_of IS NULL AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.offer_id = o.id AND f.kind = 'twelve_months_after_offer')
       ORDER BY o.id`,
    );
    return r.rows.map((o) => ({ id: o.id, caseId: o.case_id, unitId: o.unit_id, offeredAt: o.offered_at }));
  },
}));

/** Follow-ups over the actor's scope: reach through the case, and the audit entry of each look or answer. */
export const followUpRepo = repository((tx, s) => ({
  /** A case's follow-ups (followup.read), answered and upcoming, by due date. Audited as one read. */
  async forCase(caseId: string): Promise<FollowUpRow[]> {
    const c = await getReachableCase(s, caseId, 'followup.read', 'read', 'follow_up');
    const r = await tx.query<FollowUpRow>(`SELECT ${COLUMNS} FROM follow_ups f WHERE f.case_id = $1 ORDER BY f.due_on, f.kind, f.id`, [caseId]);
    s.audit({ action: 'read', recordType: 'follow_up', recordId: caseId, personId: c.person_id });
    return r.rows;
  },

  /**
   * A follow-up the actor may answer (followup.answer on its case), locked until the answer is written so two
   * answers cannot both pass the "not yet answered" check. Otherwise an audited refusal answering 404.
   */
  async forAnswer(id: string): Promise<FollowUpRow & { person_id: string }> {
    const r = await tx.query<FollowUpRow>(`SELECT ${COLUMNS} FROM follow_ups f WHERE f.id = $1 FOR UPDATE OF f`, [id]);
    const f = r.rows[0];
    const c = f ? await findReachableCase(s, f.case_id, 'followup.answer') : null;
    if (!f || !c) return s.refuse({ action: 'update', recordType: 'follow_up', recordId: id });
    return { ...f, person_id: c.person_id };
  },

  /** Writes the answer to a follow-up loaded with forAnswer; audited as a change of it. */
  async answer(f: FollowUpRow & { person_id: string }, input: { stillAtRisk: boolean | null; occupation: Occupation | null; earlyReason: string | null }): Promise<FollowUpRow> {
    const u = await tx.query<FollowUpRow>(
      `UPDATE follow_ups AS f SET answered_at = $2, answered_by = $3, still_at_risk = $4, occupation = $5, early_reason = $6 WHERE f.id = $1 RETURNING ${COLUMNS}`,
      [f.id, s.now, s.actor.id, input.stillAtRisk, input.occupation, input.earlyReason],
    );
    s.audit({ action: 'update', recordType: 'follow_up', recordId: f.id, personId: f.person_id, ...(input.earlyReason ? { criterion: 'answered before due' } : {}) });
    return u.rows[0]!;
  },
}));

/** The cases' follow-ups for the citizen's access request (purpose-bound reach, Scope.accessRequestReaches; no audit row). */
export const followUpAccessRequestRepo = repository((tx, s) => ({
  async ofCases(caseIds: readonly string[]) {
    const params: unknown[] = [caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'f', {});
    const r = await tx.query<{ id: string; case_id: string; kind: string; due_on: string; answered_at: Date | null; still_at_risk: boolean | null; occupation: string | null }>(
      `SELECT f.id, f.case_id, f.kind, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.answered_at, f.still_at_risk, f.occupation FROM follow_ups f
        WHERE f.case_id = ANY($1::uuid[]) AND ${reach} ORDER BY f.due_on, f.id`, params);
    return r.rows;
  },
}));
