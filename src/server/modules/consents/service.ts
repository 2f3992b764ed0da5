import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { getReachableCase } from '../cases/index.ts';
import { refreshConsentTasksInTrx } from '../tasks/index.ts';
import type { ConsentInput, ReviewConsentInput, WithdrawConsentInput } from '../../../shared/watch.ts';
import { consentRepo } from './repo.ts';

/** Client clocks drift; a time a few minutes "in the future" is a clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function instant(field: string, value: string, now: Date): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw errors.invalidField(field, 'is not a valid time');
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField(field, 'must not be in the future');
  return at;
}

/**
 * Consent as a record at the case level (docs/domain.md, "Consent"): what was consented to, by whom (the person, or a
 * parent or guardian for a child), when, its scope and optional expiry, and its withdrawal. A disclosure on the basis
 * 'consent' must point at a valid consent of the same person (requireValidConsentInTrx); withdrawing one raises a task
 * to review the disclosures made on it.
 */
export const consents = {
  async list(s: Scope, caseId: string) {
    const c = await getReachableCase(s, caseId, 'consent.read', 'read', 'consent');
    return consentRepo(s).listForCase(c);
  },

  async record(s: Scope, caseId: string, input: ConsentInput) {
    const c = await getReachableCase(s, caseId, 'consent.manage', 'create', 'consent');
    if (input.givenBy === 'guardian' && !input.guardianName) throw errors.invalidField('guardianName', 'is required when a parent or guardian consented');
    if (input.givenBy === 'person' && input.guardianName) throw errors.invalidField('guardianName', 'must be left out when the person consented');
    const givenAt = instant('givenAt', input.givenAt, s.now);
    if (input.expiresOn && input.expiresOn < givenAt.toISOString().slice(0, 10)) throw errors.invalidField('expiresOn', 'must not be before the consent was given');
    return consentRepo(s).insert(c, {
      consentedTo: input.consentedTo, scope: input.scope, givenBy: input.givenBy, guardianName: input.guardianName ?? null, givenAt,
      expiresOn: input.expiresOn ?? null,
    });
  },

  async withdraw(s: Scope, id: string, input: WithdrawConsentInput) {
    const c = await reachConsentCase(s, id);
    const at = input.withdrawnAt ? instant('withdrawnAt', input.withdrawnAt, s.now) : s.now;
    const consent = await consentRepo(s).withdraw(c, id, input.version, at, input.note ?? null);
    // The review task is on the case owner's list at once, not at the scheduler's next tick (same rule and key).
    await refreshConsentTasksInTrx(s, id, s.now);
    return consent;
  },

  async review(s: Scope, id: string, input: ReviewConsentInput) {
    const c = await reachConsentCase(s, id);
    const consent = await consentRepo(s).review(c, id, input.version, input.note);
    await refreshConsentTasksInTrx(s, id, s.now);
    return consent;
  },
};

/**
 * The case of a consent, loaded within consent.manage; an unknown or unreachable consent is an audited 404 (as for a
 * case itself, also for a role without the action: the consent's existence does not leak).
 */
async function reachConsentCase(s: Scope, id: string) {
  const caseId = await consentRepo(s).caseOf(id);
  if (!caseId) return s.refuse({ action: 'update', recordType: 'consent', recordId: id });
  return getReachableCase(s, caseId, 'consent.manage', 'update', 'consent');
}

/**
 * The check behind every disclosure on the basis 'consent' (cases and concerns): consentId must name a consent of
 * personId that is valid now (given, not withdrawn, not expired). Otherwise a 400 naming field. Other legal bases must
 * not name a consent.
 */
export async function requireValidConsentInTrx(s: Scope, field: string, legalBasis: string, consentId: string | undefined | null, personId: string): Promise<string | null> {
  if (legalBasis !== 'consent') {
    if (consentId) throw errors.invalidField(field, "must be left out unless the legal basis is 'consent'");
    return null;
  }
  if (!consentId) throw errors.invalidField(field, "is required when the legal basis is 'consent': the consent record the disclosure rests on");
  const reason = await consentRepo(s).invalidReason(consentId, personId);
  if (reason) throw errors.invalidField(field, `${reason}: a disclosure on the basis 'consent' needs a valid consent of the same person`);
  return consentId;
}
