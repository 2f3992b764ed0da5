import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';
import { reachSql, type ReachRules } from '../../access/scope.ts';

/**
 * The cases module's repository: the only place where SQL on cases, case_members, case_notes, case_status_changes
 * and disclosures lives (docs/architecture.md). Other modules reach these tables only through ./index.ts.
 */

const CASE_RULES: ReachRules = {
  member: (c, actor) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${c}.id AND m.user_id = ${actor})`,
  owner: (c, actor) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${c}.id AND m.user_id = ${actor} AND m.relation = 'owner')`,
};

/** SQL predicate for a case alias given the actor's reaches; params are appended to the given array. */
export function caseReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'c'): string {
  return reachSql(reaches, actor, params, alias, CASE_RULES);
}
