/** The follow-ups module's public face: other modules create follow-ups through these functions only. */
export { ensureCourseFollowUpInTrx, ensureOfferFollowUpInTrx, backfillFollowUpsInTrx } from './service.ts';
