import type { Scope, SystemScope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { followUpBackfill, followUpRepo, followUpRules, presentFollowUp as present, type Occupation } from './repo.ts';

/**
 * Records the follow-up due 6 months after a course ended (is the person still assessed at risk?). Idempotent: a
 * course has one such follow-up; true when this call recorded it. Runs in the caller's transaction (the course end).
 */
export function ensureCourseFollowUpInTrx(s: Scope, course: { id: string; caseId: string; unitId: string; endedOn: string }): Promise<boolean> {
  return followUpRules(s).ensureCourse(course);
}

/** Records the follow-up due 12 months after a first offer (education or employment?). Idempotent per offer. */
export function ensureOfferFollowUpInTrx(s: Scope, offer: { id: string; caseId: string; unitId: string; offeredAt: Date }): Promise<boolean> {
  return followUpRules(s).ensureOffer(offer);
}

/**
 * Creates any follow-up whose triggering event is recorded but whose row is missing (records written before this
 * rule existed, or by another path). System context: called by the rules engine only. Returns how many were added.
 */
export async function backfillFollowUpsInTrx(s: SystemScope): Promise<number> {
  const rules = followUpRules(s);
  const missing = followUpBackfill(s);
  let added = 0;
  for (const c of await missing.coursesMissingFollowUp()) {
    if (await rules.ensureCourse(c)) added++;
  }
  for (const o of await missing.offersMissingFollowUp()) {
    if (await rules.ensureOffer(o)) added++;
  }
  return added;
}

export const followUps = {
  /** A case's follow-ups, answered and upcoming, by due date. */
  async listForCase(s: Scope, caseId: string) {
    return (await followUpRepo(s).forCase(caseId)).map(present);
  },

  /**
   * Answers a follow-up once it is due: the 6-month question (still at risk?) after a course, the 12-month question
   * (education or employment?) after an offer. An answer is final; answering early would measure the wrong moment.
   */
  async answer(s: Scope, id: string, input: { stillAtRisk?: boolean | undefined; occupation?: Occupation | undefined; earlyReason?: string | undefined }) {
    const repo = followUpRepo(s);
    const f = await repo.forAnswer(id);
    if (f.kind === 'six_months_after_course') {
      if (input.stillAtRisk === undefined) throw errors.invalidField('stillAtRisk', 'is required for a follow-up after a course');
      if (input.occupation !== undefined) throw errors.invalidField('occupation', 'is asked 12 months after an offer, not after a course');
    } else {
      if (input.occupation === undefined) throw errors.invalidField('occupation', 'is required for a follow-up after an offer');
      if (input.stillAtRisk !== undefined) throw errors.invalidField('stillAtRisk', 'is asked 6 months after a course, not after an offer');
    }
    if (f.answered_at) throw errors.conflict('The follow-up is already answered.', { allowed: [] });
    // Answering early measures the wrong moment, so it needs a stated reason (kept with the answer and audited).
    const early = danishDateOf(s.now) < f.due_on;
    if (early && !input.earlyReason) {
      throw errors.conflict(`The follow-up is not due until ${f.due_on}; answering it before then requires earlyReason.`, { allowed: [], dueOn: f.due_on });
    }
    return present(await repo.answer(f, { stillAtRisk: input.stillAtRisk ?? null, occupation: input.occupation ?? null, earlyReason: early ? input.earlyReason! : null }));
  },
};
