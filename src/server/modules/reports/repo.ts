import type { Queryable } from '../../platform/db.ts';

/**
 * The reports module's one query: the name of the unit that owns a plan, for the report's title block. Runs in the
 * caller's scoped transaction, so row-level security on action_plans confines it to the actor's units.
 */
export async function findPlanUnitNameInTrx(tx: Queryable, planId: string): Promise<string | null> {
  const r = await tx.query<{ name: string }>('SELECT u.name FROM action_plans p JOIN units u ON u.id = p.unit_id WHERE p.id = $1', [planId]);
  return r.rows[0]?.name ?? null;
}
