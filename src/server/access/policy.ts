import type { Role } from '../../shared/roles.ts';

/**
 * The need-to-know table lives in shared/policy.ts, so the web app's role gates and the server's reach predicates
 * read the same data. This file is the server's view of it plus the field rules.
 */
export { POLICY, ACTIONS, reachesFor, mayAttempt, capabilitiesOf, type Action, type Reach } from '../../shared/policy.ts';

/**
 * Partners see only notes explicitly shared with partners; everything else a member can read is the case summary.
 * Kept here so every need-to-know rule sits in one file.
 */
export function seesOnlySharedNotes(role: Role): boolean {
  return role === 'partner';
}
