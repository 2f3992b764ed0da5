import type { Scope } from '../../access/scope.ts';

/**
 * Need-to-know for action plans, budgets and statistics beyond the policy table (src/shared/policy.ts), whose plan
 * actions all reach by 'unit' (applied in repo.ts). Pure policy: no I/O.
 */

/**
 * Whether the actor sees exact counts computed from case records. Only roles that may see the records behind a
 * figure (the drill-down: coordinators and managers) do; everyone else (analysts, administrators) gets aggregates
 * with small counts suppressed (docs/domain.md: analysts see "pseudonymised aggregates only, small counts suppressed").
 */
export function seesExactCounts(s: Scope): boolean {
  return s.reaches('statistics.drilldown').includes('unit');
}
