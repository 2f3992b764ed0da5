import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import {
  allowedCaseTransitions, closureNeedsApproval, mayReopenCase, mayTransitionCase, transitionRequiresReason, type CaseReopenInput, type CaseStatus,
  type CaseTransitionInput,
} from '../../../shared/case-workflow.ts';
import { MEMBER_RELATIONS, memberIsDisclosure, type MemberRelation } from './policy.ts';
import { caseRepo, presentCase as present, type CaseRow, type LegalBasis } from './repo.ts';
import type { CasePageQuery } from '../../../shared/lists.ts';
import { requireValidConsentInTrx } from '../consents/index.ts';

type IdeologyArea = NonNullable<CaseRow['ideology_area']>;

/** The conflict for a workflow step the table does not allow; names what is allowed instead. */
function illegalTransition(from: CaseStatus, to: CaseStatus) {
  const allowed = allowedCaseTransitions(from);
  const message = from === 'closed'
    ? `A closed case cannot move to "${to}". Reopen it instead (POST /cases/:id/reopen with a note).`
    : `A case in status "${from}" cannot move to "${to}". Allowed: ${allowed.join(', ')}.`;
  return errors.conflict(message, { allowed: [...allowed], current: from });
}

/** A legal basis of 'other' must be spelled out: the person's right of access shows it, and Datatilsynet asks for it. */
function requireLegalBasisText(legalBasis: LegalBasis | undefined, text: string | undefined): void {
  if (legalBasis === 'other' && !text) throw errors.invalidField('legalBasisText', "is required when legalBasis is 'other'");
}

/**
 * Casework: the workflow rules (transitions, reopening, legal basis of a disclosure) over the cases repository, which
 * applies the actor's reach, the field rules and the audit entry of each look or change.
 */
export const cases = {
  async create(s: Scope, input: { personId: string; title: string; preventionLevel: CaseRow['prevention_level']; ownerId?: string | undefined }) {
    return present(await caseRepo(s).create(input));
  },

  /** One page of the actor's cases with the true total (docs/architecture.md, "Lists"). */
  async page(s: Scope, q: CasePageQuery) {
    const p = await caseRepo(s).page(q);
    return { items: p.rows.map(present), total: p.total, hasMore: p.hasMore, nextCursor: p.nextCursor };
  },

  get(s: Scope, id: string) {
    return caseRepo(s).detail(id);
  },

  async update(s: Scope, id: string, patch: {
    version: number; title?: string | undefined; preventionLevel?: CaseRow['prevention_level'] | undefined; ideologyArea?: IdeologyArea | null | undefined;
  }) {
    return present(await caseRepo(s).update(id, patch));
  },

  /**
   * Moves a case one step along the workflow (shared/case-workflow.ts). Illegal steps answer 409 naming the allowed
   * ones; closing requires a reason (duty to record). Every change is kept in case_status_changes.
   */
  async transition(s: Scope, id: string, input: CaseTransitionInput) {
    const repo = caseRepo(s);
    const c = await repo.load(id, 'case.transition', 'update');
    if (c.version !== input.version) throw errors.staleVersion(c.version);
    if (!mayTransitionCase(c.status, input.to)) throw illegalTransition(c.status, input.to);
    if (closureNeedsApproval(input.to)) {
      const allowed = allowedCaseTransitions(c.status).filter((to) => !closureNeedsApproval(to));
      throw errors.conflict(
        `A case is closed by a manager's approval: request the closure (POST /cases/:id/closure-requests with a reason). Allowed: ${allowed.join(', ') || 'none'}.`,
        { allowed, current: c.status },
      );
    }
    if (transitionRequiresReason(input.to) && !input.reason) throw errors.invalidField('reason', 'is required when closing a case');
    return repo.transition(c, input.version, input.to, input.reason ?? null);
  },

  /**
   * Reopens a closed case. The note is required and is written to the case notes: reopening is a significant step
   * under the duty to record (notatpligt). The closure time and reason are cleared; history keeps them.
   */
  async reopen(s: Scope, id: string, input: CaseReopenInput) {
    const repo = caseRepo(s);
    const c = await repo.load(id, 'case.transition', 'update');
    if (c.version !== input.version) throw errors.staleVersion(c.version);
    if (!mayReopenCase(c.status)) {
      const allowed = allowedCaseTransitions(c.status);
      throw errors.conflict(`Only a closed case can be reopened; this one is "${c.status}". Allowed: ${allowed.join(', ')}.`, {
        allowed: [...allowed], current: c.status,
      });
    }
    return repo.reopen(c, input.version, input.note);
  },

  /**
   * Invites a colleague or partner. The relation follows the member's role (./policy.ts MEMBER_RELATIONS): a police
   * liaison joins only as 'police', a partner only as 'partner', so neither can be let in as an adviser without a
   * legal basis. A disclosure outside the unit's own staff (police, partners) must record its legal basis
   * (retsplejeloven § 115, serviceloven, consent), and is written to the disclosure log as well.
   */
  async addMember(s: Scope, id: string, input: {
    userId: string; relation: MemberRelation; legalBasis?: LegalBasis | undefined; legalBasisText?: string | undefined; consentId?: string | undefined;
  }) {
    const repo = caseRepo(s);
    const c = await repo.load(id, 'case.members.manage', 'update');
    const u = await repo.activeUser(input.userId);
    if (!u) throw errors.invalidField('userId', 'no such active user');
    const allowed = MEMBER_RELATIONS[u.role] ?? [];
    if (allowed.length === 0) throw errors.invalidField('userId', `a user with the role ${u.role} cannot be a member of a case`);
    if (!allowed.includes(input.relation)) {
      throw errors.invalidField('relation', `must be ${allowed.map((r) => `'${r}'`).join(' or ')} for a ${u.role.replace('_', ' ')}: the relation follows the member's role`);
    }
    const discloses = memberIsDisclosure(input.relation);
    if (discloses && !input.legalBasis) {
      throw errors.invalidField('legalBasis', 'is required when sharing a case with police or a partner');
    }
    requireLegalBasisText(input.legalBasis, input.legalBasisText);
    // Consent as a record (docs/domain.md, "Consent"): the basis 'consent' names a valid consent of the case's person.
    const consentId = discloses ? await requireValidConsentInTrx(s, 'consentId', input.legalBasis!, input.consentId, c.person_id) : null;
    if (!discloses && input.consentId) throw errors.invalidField('consentId', 'must be left out when the member is not a disclosure');
    const disclosure = discloses
      ? {
        partnerOrganisation: u.organisation ?? (input.relation === 'police' ? 'Politiet' : 'Samarbejdspartner'),
        recipientUserId: input.userId,
        legalBasis: input.legalBasis!,
        legalBasisText: input.legalBasisText ?? null,
        contentSummary: input.relation === 'police' ? 'Adgang til sagen som sagsdeltager (politi)' : 'Adgang til sagen som sagsdeltager (partner)',
        consentId,
      }
      : null;
    await repo.addMember(c, { userId: input.userId, relation: input.relation, legalBasis: input.legalBasis ?? null }, disclosure);
    return { caseId: id, userId: input.userId, relation: input.relation, legalBasis: input.legalBasis ?? null };
  },

  listNotes(s: Scope, id: string) {
    return caseRepo(s).notes(id);
  },

  /** Duty to record: notes are dated and authored, and never edited afterwards. */
  addNote(s: Scope, id: string, input: { body: string; sharedWithPartners: boolean; correctsNoteId?: string | undefined }) {
    return caseRepo(s).addNote(id, input);
  },

  /** Records a disclosure of case data to a partner with its legal basis (retsplejeloven § 115, serviceloven, consent). */
  async disclose(s: Scope, id: string, input: {
    partnerOrganisation: string; recipientUserId?: string | undefined; legalBasis: LegalBasis; legalBasisText?: string | undefined; contentSummary: string;
    consentId?: string | undefined;
  }) {
    const repo = caseRepo(s);
    const c = await repo.load(id, 'case.disclose', 'create', 'disclosure');
    requireLegalBasisText(input.legalBasis, input.legalBasisText);
    const consentId = await requireValidConsentInTrx(s, 'consentId', input.legalBasis, input.consentId, c.person_id);
    if (input.recipientUserId && !(await repo.activeUser(input.recipientUserId))) {
      throw errors.invalidField('recipientUserId', 'no such active user');
    }
    return repo.disclose(c, {
      partnerOrganisation: input.partnerOrganisation, recipientUserId: input.recipientUserId ?? null, legalBasis: input.legalBasis,
      legalBasisText: input.legalBasisText ?? null, contentSummary: input.contentSummary, consentId,
    });
  },

  /** The disclosure log of a case: to whom, on what legal basis, what. */
  listDisclosures(s: Scope, id: string) {
    return caseRepo(s).disclosures(id);
  },

  /**
   * The case's courses for the case page. Reach as for a course (course.read: coordinator and manager by unit,
   * adviser as a member); mentors use their own list.
   */
  listCourses(s: Scope, id: string) {
    return caseRepo(s).courses(id);
  },

  /** The case's timeline: when and by whom it was opened, then each status change (reasons withheld from partners). */
  history(s: Scope, id: string) {
    return caseRepo(s).history(id);
  },
};

