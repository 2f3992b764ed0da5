import type { Scope } from '../../access/scope.ts';
import type { Action, Reach } from '../../access/policy.ts';
import type { Actor } from '../../access/actor.ts';
import type { AuditAction } from '../../audit/audit.ts';

/**
 * Need-to-know for action plans, budgets and statistics, turned into SQL. Every plan action in the policy table
 * reaches by unit only: a plan, its budget and its figures belong to the unit that made it.
 */

/** SQL predicate on a unit-owned alias for the given reaches; params are appended. */
export function unitReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias: string): string {
  if (!reaches.includes('unit')) return 'false';
  params.push(actor.unitIds);
  return `${alias}.unit_id = ANY($${params.length}::uuid[])`;
}

export interface PlanRow {
  id: string;
  unit_id: string;
  name: string;
  first_year: number;
  last_year: number;
  reference_key: string | null;
  version: number;
}
export const PLAN_COLUMNS = 'p.id, p.unit_id, p.name, p.first_year, p.last_year, p.reference_key, p.version';

/**
 * Loads a plan the actor reaches for action. Anything else (no such plan, another unit's plan, or a role that may not
 * do the action) is an audited refusal answering 404, so the existence of other units' plans does not leak.
 */
export async function getReachablePlan(s: Scope, id: string, action: Action, audit: AuditAction): Promise<PlanRow> {
  const params: unknown[] = [id];
  const r = await s.tx.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM action_plans p WHERE p.id = $1 AND ${unitReachSql(s.reaches(action), s.actor, params, 'p')}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'action_plan', recordId: id });
  return r.rows[0];
}

/**
 * Whether the actor sees exact counts computed from case records. Only roles that may see the records behind a
 * figure (the drill-down: coordinators and managers) do; everyone else (analysts, administrators) gets aggregates
 * with small counts suppressed (DOMAIN.md: analysts see "pseudonymised aggregates only, small counts suppressed").
 */
export function seesExactCounts(s: Scope): boolean {
  return s.reaches('statistics.drilldown').includes('unit');
}
