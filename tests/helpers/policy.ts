import { mayAttempt, reachesFor, type Action, type Reach } from '../../src/server/access/policy.ts';
import type { Role } from '../../src/shared/roles.ts';

/**
 * The access-matrix tests' one reading of the need-to-know table (src/shared/policy.ts): given what a fixture record
 * is to the acting user, may the user's role do the action on it? Every matrix test computes its expected answers
 * here, so the tests and the table cannot drift apart one file at a time.
 */

/** What a fixture record is to the acting user: one fact per reach of the policy table. */
export interface Relation {
  /** unit: the record belongs to the actor's unit. */
  own: boolean;
  /** member: the actor is on the case (in any relation), or on a case about the person. */
  member?: boolean;
  /** owner: the actor is the case's owner. */
  owner?: boolean;
  /** creator: the actor registered the record. */
  creator?: boolean;
  /** shared: the concern was shared with the actor. */
  shared?: boolean;
  /** mentor: the actor is the course's mentor or coach. */
  mentor?: boolean;
}

const HOLDS: Record<Reach, (r: Relation) => boolean> = {
  unit: (r) => r.own,
  member: (r) => r.member === true,
  owner: (r) => r.owner === true,
  creator: (r) => r.creator === true,
  shared: (r) => r.shared === true,
  mentor: (r) => r.mentor === true,
  any: () => true,
};

/** True when any of reaches holds for a record in relation rel. */
export function reachedThrough(reaches: readonly Reach[], rel: Relation): boolean {
  return reaches.some((r) => HOLDS[r](rel));
}

/** True when role may do action on a record in relation rel (the answer is then the route's success status). */
export function allowed(action: Action, role: Role, rel: Relation): boolean {
  return reachedThrough(reachesFor(action, role), rel);
}

/**
 * The status a route answers: ok when allowed; for a route on one record 404 otherwise (its existence must not leak);
 * for a route without a record (create, list, search, administration) 403 when the role may not do the action at all.
 */
export function expectedStatus(action: Action, role: Role, ok: number, rel?: Relation): number {
  if (rel === undefined) return mayAttempt(action, role) ? ok : 403;
  return allowed(action, role, rel) ? ok : 404;
}

/** How a user is attached to a case (case_members.relation). */
export type CaseRelation = 'owner' | 'adviser' | 'police' | 'partner' | 'mentor';

/** The relation in which each role is put on the cases it is "assigned" to in the fixtures. */
export const NATURAL: Record<Role, CaseRelation> = {
  adviser: 'owner', coordinator: 'adviser', police_liaison: 'police', partner: 'partner', mentor: 'mentor',
  manager: 'adviser', analyst: 'adviser', dpo: 'adviser', admin: 'adviser', national_analyst: 'adviser', national_admin: 'adviser',
};

/** A case (or a record hanging off it) in the actor's unit or not, with the actor on it in relation, or not on it. */
export function onCase(own: boolean, relation: CaseRelation | null): Relation {
  return { own, member: relation !== null, owner: relation === 'owner' };
}
