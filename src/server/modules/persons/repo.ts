import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';
import { reachSql, type ReachRules } from '../../access/scope.ts';

/**
 * The persons module's repository: the only place where SQL on persons lives (docs/architecture.md). Other modules
 * reach persons only through ./index.ts.
 */

// 'member' and 'shared' depend on cases and concerns; the database answers them (migration 0050), so this module
// imports neither (cases and concerns import persons).
const PERSON_RULES: ReachRules = {
  creator: (p, actor) => `${p}.created_by = ${actor}`,
  member: (p, actor) => `vink_person_in_member_case(${p}.id, ${actor})`,
  shared: (p, actor) => `vink_person_in_shared_concern(${p}.id, ${actor})`,
};

/** SQL predicate for a person alias given the actor's reaches. */
export function personReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'p'): string {
  return reachSql(reaches, actor, params, alias, PERSON_RULES);
}
