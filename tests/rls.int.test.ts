import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import type { Queryable } from '../src/server/platform/db.ts';

/**
 * Row-level security is the second line of defence: even a query with no application filter at all, run as the
 * app role, sees only the actor's units and the cases the actor is a member of.
 */
let h: Harness;
let ids: { personA: string; personB: string; caseA: string; caseB: string; memberCaseB: string; actor: string };

async function asApp<T>(actorId: string, units: string[], fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return h.ctx.db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE vink_app');
    await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true)`, [actorId, `{${units.join(',')}}`]);
    return fn(tx);
  });
}

beforeAll(async () => {
  h = await createHarness();
  const actor = await h.createUser('police_liaison', 'a');
  const now = h.clock.now();
  ids = await systemTransaction(h.ctx.db, async (tx) => {
    const mk = async (unit: string, name: string) => {
      const p = (await tx.query<{ id: string }>(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`, [unit, name, now])).rows[0]!.id;
      const c = (await tx.query<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`, [unit, p, name, now])).rows[0]!.id;
      return { p, c };
    };
    const a = await mk(h.units.a, 'RLS A');
    const b = await mk(h.units.b, 'RLS B');
    const m = await mk(h.units.b, 'RLS B shared');
    await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, 'police', 'retsplejeloven_115', $4)`, [m.c, actor.id, h.units.b, now]);
    return { personA: a.p, personB: b.p, caseA: a.c, caseB: b.c, memberCaseB: m.c, actor: actor.id };
  });
});
afterAll(async () => h?.close());

describe('row-level security', () => {
  it('the connection role is not the app role, and the app role does not own the tables', async () => {
    const r = await systemTransaction(h.ctx.db, (tx) => tx.query<{ owner: string; forced: boolean }>(
      `SELECT pg_get_userbyid(relowner) AS owner, relforcerowsecurity AS forced FROM pg_class WHERE relname = 'persons'`));
    expect(r.rows[0]!.owner).not.toBe('vink_app');
    expect(r.rows[0]!.forced).toBe(true);
  });

  it('an unfiltered SELECT as the app role sees only own-unit rows and shared cases', async () => {
    const cases = await asApp(ids.actor, [h.units.a], (tx) => tx.query<{ id: string }>('SELECT id FROM cases'));
    const seen = cases.rows.map((r) => r.id);
    expect(seen).toContain(ids.caseA);
    expect(seen).toContain(ids.memberCaseB);
    expect(seen).not.toContain(ids.caseB);
    const persons = await asApp(ids.actor, [h.units.a], (tx) => tx.query<{ id: string }>('SELECT id FROM persons'));
    expect(persons.rows.map((r) => r.id)).not.toContain(ids.personB);
  });

  it('with no scope set, the app role sees nothing', async () => {
    const r = await h.ctx.db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      return tx.query('SELECT id FROM persons');
    });
    expect(r.rows).toEqual([]);
  });

  it("writing into another unit is refused by the policy's check", async () => {
    await expect(asApp(ids.actor, [h.units.a], (tx) =>
      tx.query(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, 'Smuggled', now(), now())`, [h.units.b]),
    )).rejects.toThrow(/row-level security/);
    const upd = await asApp(ids.actor, [h.units.a], (tx) => tx.query(`UPDATE cases SET title = 'hijacked' WHERE id = $1`, [ids.caseB]));
    expect(upd.rowCount).toBe(0);
  });

  it('the app role cannot read session secrets or password hashes beyond its grants', async () => {
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('SELECT * FROM oidc_flows'))).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('DELETE FROM persons'))).rejects.toThrow(/permission denied/);
  });
});
