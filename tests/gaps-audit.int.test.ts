import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/** The DPO's audit log shows who acted by name, not only by id (staff data; citizens' names never appear). */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

describe('GET /audit rows', () => {
  it("carry the actor's display name, and null for rows without an actor", async () => {
    const coordinator = await h.signIn('coordinator', 'a');
    const dpo = await h.signIn('dpo', 'a');
    expect((await coordinator.get('/api/v1/cases')).status).toBe(200);
    const name = (await systemTransaction(h.ctx.db, (tx) => tx.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [coordinator.user.id])))
      .rows[0]!.display_name;
    const res = await dpo.get(`/api/v1/audit?actorId=${coordinator.user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const row of res.body) expect(row).toMatchObject({ actorId: coordinator.user.id, actorName: name });
    const all = (await dpo.get('/api/v1/audit?limit=500')).body as { actorId: string | null; actorName: string | null }[];
    for (const row of all) if (row.actorId === null) expect(row.actorName).toBeNull();
  });
});
