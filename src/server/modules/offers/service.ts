import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { REOFFER_RESPONSES, reofferDeadlines } from '../../../shared/rules.ts';
import { OFFER_TRANSITIONS, SUPPORT_CASE_STATUSES, type OfferResponse } from '../../../shared/support.ts';
import { ensureOfferFollowUpInTrx } from '../followups/index.ts';
import { advanceCaseInTrx } from '../cases/index.ts';
import { offerRepo, type OfferRow, type OfferType, type OfferWithHistory } from './repo.ts';
import type { OfferCorrectionInput } from '../../../shared/flow-corrections.ts';
import { requireActive } from '../vocabularies/index.ts';

function present(o: OfferRow | OfferWithHistory) {
  const obliges = o.reoffer_of === null && o.responded_at !== null && (REOFFER_RESPONSES as readonly string[]).includes(o.response);
  const due = obliges ? reofferDeadlines(o.responded_at!) : null;
  return {
    id: o.id, caseId: o.case_id, type: o.type, offeredAt: o.offered_at.toISOString(), offeredBy: o.offered_by,
    response: o.response, respondedAt: o.responded_at ? o.responded_at.toISOString() : null, reofferOf: o.reoffer_of,
    reofferDue: due ? { threeMonths: due.threeMonths.toISOString(), sixMonths: due.sixMonths.toISOString() } : null,
    version: o.version,
    corrections: 'corrections' in o ? o.corrections : [],
  };
}

/** Offers are voluntary support within a live case; a closed case takes no new offer or answer. */
function requireLiveCase(status: string): void {
  if (!(SUPPORT_CASE_STATUSES as readonly string[]).includes(status)) {
    throw errors.conflict(`The case is ${status}; offers are possible while it is ${SUPPORT_CASE_STATUSES.join(', ')}.`, { allowed: [] });
  }
}

export const offers = {
  /**
   * Offers a voluntary course or effort (docs/domain.md, "The flow of a concern", step 7). A re-offer names the first
   * offer it follows up, which must be of the same case and declined or unanswered: that is the obligation the action
   * plan measures.
   */
  async offerCourse(s: Scope, caseId: string, input: { type: OfferType; offeredAt: string; reofferOf?: string | undefined }) {
    const repo = offerRepo(s);
    const c = await repo.caseOf(caseId, 'offer.manage', 'create');
    requireLiveCase(c.status);
    const offeredAt = new Date(input.offeredAt);
    if (offeredAt.getTime() > s.now.getTime()) throw errors.invalidField('offeredAt', 'must not be in the future');
    // Offer types are data (docs/domain.md, "Vocabularies"): a new offer names an active one.
    await requireActive(s, 'offer_type', 'type', [input.type]);
    if (input.reofferOf) {
      const f = await repo.inCase(input.reofferOf, caseId);
      if (!f) throw errors.invalidField('reofferOf', 'no such offer in this case');
      if (f.reoffer_of !== null) throw errors.invalidField('reofferOf', 'must be the first offer, not a re-offer');
      if (!(REOFFER_RESPONSES as readonly string[]).includes(f.response)) throw errors.invalidField('reofferOf', 'only a declined or unanswered offer is re-offered');
      // The form has minute precision: a re-offer in the same minute as the decline is on time (the time may be equal).
      if (f.responded_at && offeredAt.getTime() < Math.floor(f.responded_at.getTime() / 60_000) * 60_000) {
        throw errors.invalidField('offeredAt', 'must not be before the first offer was declined');
      }
    }
    const row = await repo.create(c, { type: input.type, offeredAt, reofferOf: input.reofferOf ?? null });
    // The 12-month follow-up counts from the first offer; re-offers belong to the same measurement.
    if (!row.reoffer_of) await ensureOfferFollowUpInTrx(s, { id: row.id, caseId, unitId: row.unit_id, offeredAt: row.offered_at });
    await advanceCaseInTrx(s, caseId, 'offer', 'Tilbud givet');
    return present(row);
  },

  /** Records the person's answer; the allowed answers per state are OFFER_TRANSITIONS. */
  async recordResponse(s: Scope, offerId: string, input: { response: Exclude<OfferResponse, 'pending'>; version: number }) {
    const repo = offerRepo(s);
    const loaded = await repo.forResponse(offerId);
    const o = loaded.offer;
    requireLiveCase(loaded.kase.status);
    if (o.version !== input.version) throw errors.staleVersion(o.version);
    const allowed = OFFER_TRANSITIONS[o.response];
    if (!allowed.includes(input.response)) {
      throw errors.conflict(`An offer that is ${o.response} can become: ${allowed.length ? allowed.join(', ') : 'nothing (final)'}.`, { allowed });
    }
    const row = await repo.respond(loaded, input.version, input.response);
    return present({ ...row, corrections: await repo.history(row.id) });
  },

  /**
   * Corrects a recorded answer (docs/domain.md, "Corrections"): accepted, declined or no answer, and when it was given,
   * at the version the client read (409 on a stale one). A pending offer is answered, not corrected; an answer with a
   * re-offer after it stays a decline or no answer, and an acceptance a course was started from stays an acceptance.
   */
  async correctResponse(s: Scope, offerId: string, input: OfferCorrectionInput) {
    const repo = offerRepo(s);
    const loaded = await repo.forResponse(offerId);
    const o = loaded.offer;
    requireLiveCase(loaded.kase.status);
    if (o.version !== input.version) throw errors.staleVersion(o.version);
    if (o.response === 'pending') throw errors.conflict('The offer has no answer yet: record the answer instead of correcting it.', { allowed: [] });
    const respondedAt = input.respondedAt === undefined ? undefined : new Date(input.respondedAt);
    if (respondedAt) {
      if (respondedAt.getTime() > s.now.getTime()) throw errors.invalidField('respondedAt', 'must not be in the future');
      if (respondedAt.getTime() < o.offered_at.getTime()) throw errors.invalidField('respondedAt', 'must not be before the offer was made');
    }
    if (input.response !== undefined && input.response !== o.response) {
      const dependants = await repo.dependants(o.id);
      if (dependants.reoffered && input.response === 'accepted') {
        throw errors.invalidField('response', 'the offer was re-offered after this answer: correct the re-offer instead');
      }
      if (dependants.course && o.response === 'accepted') {
        throw errors.invalidField('response', 'a course was started from this acceptance: end the course instead');
      }
    }
    const { row, changed } = await repo.correct(loaded, input.version, { response: input.response, respondedAt });
    return { offer: present({ ...row, corrections: await repo.history(row.id) }), changed };
  },

  /** A case's offers and re-offers, oldest first. */
  async listForCase(s: Scope, caseId: string) {
    return (await offerRepo(s).forCase(caseId)).map(present);
  },
};
