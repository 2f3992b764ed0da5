import { reachSql, repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';

/**
 * The consents module's repository: the only SQL on consents (docs/architecture.md, "Where SQL lives"). A consent
 * belongs to a case; callers pass a case they loaded through the cases module's reach (getReachableCase), and row-level
 * security (migration 0230) shows a consent exactly when its case is visible.
 */

interface ConsentRow {
  id: string; case_id: string; person_id: string; consented_to: string; scope: string; given_by: 'person' | 'guardian'; guardian_name: string | null;
  given_at: Date; expires_on: string | null; recorded_by: string; recorded_at: Date; withdrawn_at: Date | null; withdrawn_recorded_by: string | null;
  withdrawal_note: string | null; disclosures_reviewed_at: Date | null; review_note: string | null; version: number; disclosures: number;
}
const COLUMNS = `x.id, x.case_id, x.person_id, x.consented_to, x.scope, x.given_by, x.guardian_name, x.given_at, to_char(x.expires_on, 'YYYY-MM-DD') AS expires_on,
  x.recorded_by, x.recorded_at, x.withdrawn_at, x.withdrawn_recorded_by, x.withdrawal_note, x.disclosures_reviewed_at, x.review_note, x.version,
  (SELECT count(*)::int FROM disclosures d WHERE d.consent_id = x.id) AS disclosures`;

/** Valid at time now: given, not withdrawn, not expired (expires_on is the last day it holds, Danish date). */
function validAt(x: { given_at: Date; withdrawn_at: Date | null; expires_on: string | null }, now: Date): boolean {
  return x.given_at.getTime() <= now.getTime() && x.withdrawn_at === null && (x.expires_on === null || x.expires_on >= danishDateOf(now));
}

function present(x: ConsentRow, now: Date) {
  return {
    id: x.id, caseId: x.case_id, consentedTo: x.consented_to, scope: x.scope, givenBy: x.given_by, guardianName: x.guardian_name,
    givenAt: x.given_at.toISOString(), expiresOn: x.expires_on, recordedBy: x.recorded_by, recordedAt: x.recorded_at.toISOString(),
    withdrawnAt: x.withdrawn_at?.toISOString() ?? null, withdrawnRecordedBy: x.withdrawn_recorded_by, withdrawalNote: x.withdrawal_note,
    disclosuresReviewedAt: x.disclosures_reviewed_at?.toISOString() ?? null, reviewNote: x.review_note, valid: validAt(x, now),
    disclosures: x.disclosures, version: x.version,
  };
}

/** A new consent as the service validated it. */
export interface NewConsent {
  consentedTo: string;
  scope: string;
  givenBy: 'person' | 'guardian';
  guardianName: string | null;
  givenAt: Date;
  expiresOn: string | null;
}

/** A case as the cases module loaded it within the actor's reach. */
interface ReachedCase {
  id: string;
  unit_id: string;
  person_id: string;
}

export const consentRepo = repository((tx, s) => {
  async function byId(id: string, lock: boolean): Promise<ConsentRow | null> {
    const r = await tx.query<ConsentRow>(`SELECT ${COLUMNS} FROM consents x WHERE x.id = $1${lock ? ' FOR UPDATE OF x' : ''}`, [id]);
    return r.rows[0] ?? null;
  }
  return {
    /** The consents of a reached case, newest first. Audited as one read naming the person. */
    async listForCase(c: ReachedCase) {
      const r = await tx.query<ConsentRow>(`SELECT ${COLUMNS} FROM consents x WHERE x.case_id = $1 ORDER BY x.given_at DESC, x.id`, [c.id]);
      s.audit({ action: 'read', recordType: 'consent', recordId: c.id, personId: c.person_id });
      return r.rows.map((x) => present(x, s.now));
    },

    /** Records a consent on a reached case, for the case's person. Audited as its creation. */
    async insert(c: ReachedCase, n: NewConsent) {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO consents (unit_id, case_id, person_id, consented_to, scope, given_by, guardian_name, given_at, expires_on, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [c.unit_id, c.id, c.person_id, n.consentedTo, n.scope, n.givenBy, n.guardianName, n.givenAt, n.expiresOn, s.actor.id, s.now],
      );
      const id = r.rows[0]!.id;
      s.audit({ action: 'create', recordType: 'consent', recordId: id, personId: c.person_id });
      return present((await byId(id, false))!, s.now);
    },

    /** The case a consent belongs to (for loading it through the case reach), or null when the actor cannot see it. */
    async caseOf(id: string): Promise<string | null> {
      return (await tx.query<{ case_id: string }>('SELECT case_id FROM consents WHERE id = $1', [id])).rows[0]?.case_id ?? null;
    },

    /**
     * Records the withdrawal of a consent of a reached case (versioned). A withdrawn consent stays on record: the
     * disclosures made on it still point at it, and a task asks for their review (tasks module).
     */
    async withdraw(c: ReachedCase, id: string, version: number, at: Date, note: string | null) {
      const x = await byId(id, true);
      if (!x || x.case_id !== c.id) return s.refuse({ action: 'update', recordType: 'consent', recordId: id, personId: c.person_id });
      if (x.withdrawn_at) throw errors.conflict('The consent is already withdrawn. Allowed next: review the disclosures made on it.', { allowed: ['review'] });
      if (x.version !== version) throw errors.staleVersion(x.version);
      if (at.getTime() < x.given_at.getTime()) throw errors.invalidField('withdrawnAt', 'must not be before the consent was given');
      await tx.query(
        'UPDATE consents SET withdrawn_at = $2, withdrawn_recorded_by = $3, withdrawal_note = $4, version = version + 1 WHERE id = $1',
        [id, at, s.actor.id, note],
      );
      s.audit({ action: 'update', recordType: 'consent', recordId: id, personId: c.person_id, criterion: 'withdrawn' });
      return present((await byId(id, false))!, s.now);
    },

    /** Records that the disclosures made on a withdrawn consent were reviewed (versioned); this ends the task. */
    async review(c: ReachedCase, id: string, version: number, note: string) {
      const x = await byId(id, true);
      if (!x || x.case_id !== c.id) return s.refuse({ action: 'update', recordType: 'consent', recordId: id, personId: c.person_id });
      if (!x.withdrawn_at) throw errors.conflict('Only a withdrawn consent has disclosures to review. Allowed next: withdraw.', { allowed: ['withdraw'] });
      if (x.disclosures_reviewed_at) throw errors.conflict('The disclosures were already reviewed. Allowed next: none.', { allowed: [] });
      if (x.version !== version) throw errors.staleVersion(x.version);
      await tx.query(
        'UPDATE consents SET disclosures_reviewed_at = $2, disclosures_reviewed_by = $3, review_note = $4, version = version + 1 WHERE id = $1',
        [id, s.now, s.actor.id, note],
      );
      s.audit({ action: 'update', recordType: 'consent', recordId: id, personId: c.person_id, criterion: 'disclosures reviewed' });
      return present((await byId(id, false))!, s.now);
    },

    /**
     * Whether consentId names a consent the actor can see, of personId, valid now: the check behind every disclosure
     * on the basis 'consent'. Answers the reason when it is not, for a 400 naming the field.
     */
    async invalidReason(consentId: string, personId: string): Promise<string | null> {
      const x = await byId(consentId, false);
      if (!x) return 'no such consent';
      if (x.person_id !== personId) return 'is a consent of another person';
      if (x.withdrawn_at) return 'the consent was withdrawn';
      if (x.given_at.getTime() > s.now.getTime()) return 'the consent is not given yet';
      if (!validAt(x, s.now)) return 'the consent has expired';
      return null;
    },
  };
});

/**
 * Access requests (docs/security.md, "Access requests"): the consents on the citizen's cases, read with the
 * purpose-bound reach access_request.compile (Scope.accessRequestReaches). The caller audits its one read. A guardian
 * who consented for a child is a third party: the export says that a guardian consented, not who.
 */
export const consentAccessRequestRepo = repository((tx, s) => ({
  async ofCases(caseIds: readonly string[]) {
    const params: unknown[] = [caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'x', {});
    const r = await tx.query<{
      id: string; consented_to: string; scope: string; given_by: 'person' | 'guardian'; given_at: Date; expires_on: string | null;
      withdrawn_at: Date | null; withdrawal_note: string | null; disclosures_reviewed_at: Date | null; review_note: string | null;
    }>(
      `SELECT x.id, x.consented_to, x.scope, x.given_by, x.given_at, to_char(x.expires_on, 'YYYY-MM-DD') AS expires_on, x.withdrawn_at,
              x.withdrawal_note, x.disclosures_reviewed_at, x.review_note
         FROM consents x WHERE x.case_id = ANY($1::uuid[]) AND ${reach} ORDER BY x.given_at, x.id`, params);
    return r.rows;
  },
}));
