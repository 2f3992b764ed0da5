import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { scopedTransaction, systemTransaction } from './helpers/sql.ts';
import { verifyAuditChain } from '../src/server/audit/audit.ts';
import type { Actor } from '../src/server/access/actor.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const rows = (sql: string, params: unknown[] = []) => systemTransaction(h.ctx.db, (tx) => tx.query<Record<string, unknown>>(sql, params)).then((r) => r.rows);

describe('audit trail', () => {
  it('records who, what, which person, when (UTC) and why for a read', async () => {
    const c = await h.signIn('coordinator');
    const p = await c.post('/api/v1/persons', { fullName: 'Audit Person' });
    await c.request('GET', `/api/v1/persons/${p.body.id}`, undefined, { 'x-vink-purpose': 'triage' });
    const [row] = await rows('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toMatchObject({ action: 'read', outcome: 'ok', record_type: 'person', record_id: p.body.id, person_id: p.body.id,
      actor_id: c.user.id, actor_role: 'coordinator', unit_id: h.units.a, purpose: 'triage' });
    expect((row!.at as Date).toISOString()).toBe(h.clock.now().toISOString());
  });

  it('records the search criterion', async () => {
    const c = await h.signIn('coordinator');
    await c.post('/api/v1/persons/search', { q: 'Jensen' });
    const [row] = await rows('SELECT action, criterion FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toEqual({ action: 'search', criterion: 'Jensen' });
  });

  it('a rolled-back transaction leaves neither data nor audit row', async () => {
    const actor: Actor = { id: (await h.createUser('coordinator')).id, role: 'coordinator', username: 'x', displayName: 'x', unitId: h.units.a, unitName: 'A', unitIds: [h.units.a], sessionId: 's' };
    const auditBefore = await h.auditCount();
    const personsBefore = (await rows('SELECT count(*)::int AS n FROM persons'))[0]!.n;
    await expect(
      runScoped(h.ctx, actor, 'casework', async (s) => {
        await scopedTransaction(s).query(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, 'Rollback', now(), now())`, [h.units.a]);
        s.audit({ action: 'create', recordType: 'person' });
        throw new Error('fails after the write');
      }),
    ).rejects.toThrow('fails after the write');
    expect(await h.auditCount()).toBe(auditBefore);
    expect((await rows('SELECT count(*)::int AS n FROM persons'))[0]!.n).toBe(personsBefore);
  });

  it('a refused attempt is audited even though its transaction rolls back', async () => {
    const c = await h.signIn('adviser');
    const other = await h.signIn('coordinator', 'b');
    const p = await other.post('/api/v1/persons', { fullName: 'Other Unit Person' });
    const before = await h.auditCount();
    expect((await c.get(`/api/v1/persons/${p.body.id}`)).status).toBe(404);
    expect(await h.auditCount()).toBe(before + 1);
    const [row] = await rows('SELECT action, outcome, record_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toEqual({ action: 'read', outcome: 'denied', record_id: p.body.id, actor_id: c.user.id });
  });

  it('is append-only: the app role may not update or delete, and the trigger refuses even the owner', async () => {
    await expect(h.ctx.db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      await tx.query(`UPDATE audit_log SET purpose = 'x'`);
    })).rejects.toThrow(/permission denied|append-only/);
    await expect(h.ctx.db.transaction((tx) => tx.query('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    await expect(h.ctx.db.transaction((tx) => tx.query(`UPDATE audit_log SET purpose = 'x'`))).rejects.toThrow(/append-only/);
    await expect(h.ctx.db.transaction((tx) => tx.query('TRUNCATE audit_log'))).rejects.toThrow(/append-only/);
  });

  it('the hash chain verifies, and tampering is detected at the altered row', async () => {
    const c = await h.signIn('coordinator');
    for (let i = 0; i < 5; i++) await c.post('/api/v1/persons', { fullName: `Chain ${i}` });
    const ok = await verifyAuditChain(h.ctx.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBe(await h.auditCount());

    const [target] = await rows('SELECT seq::int AS seq FROM audit_log ORDER BY seq DESC OFFSET 3 LIMIT 1');
    const dpo = await h.signIn('dpo');
    // Someone with owner rights switches the trigger off and edits a row: the chain names that row.
    await h.ctx.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await tx.query(`UPDATE audit_log SET criterion = 'edited' WHERE seq = $1`, [target!.seq]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    });
    const broken = await verifyAuditChain(h.ctx.db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken?.seq).toBe(target!.seq);
    expect(broken.firstBroken?.reason).toMatch(/altered/);
    const api = await dpo.get('/api/v1/audit/verify');
    expect(api.body).toMatchObject({ ok: false, firstBroken: { seq: target!.seq } });
  });

  it('a removed row is detected at the row after it', async () => {
    const h2 = await createHarness();
    try {
      const c = await h2.signIn('coordinator');
      for (let i = 0; i < 4; i++) await c.post('/api/v1/persons', { fullName: `Gap ${i}` });
      const all = (await systemTransaction(h2.ctx.db, (tx) => tx.query<{ seq: number }>('SELECT seq::int AS seq FROM audit_log ORDER BY seq'))).rows;
      const victim = all[2]!.seq;
      await h2.ctx.db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
        await tx.query('DELETE FROM audit_log WHERE seq = $1', [victim]);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
      });
      const broken = await verifyAuditChain(h2.ctx.db);
      expect(broken.firstBroken).toEqual({ seq: all[3]!.seq, reason: expect.stringMatching(/removed/) });
    } finally {
      await h2.close();
    }
  });

  it('the DPO finds who looked up a person, and that search is itself audited', async () => {
    const coord = await h.signIn('coordinator');
    const p = await coord.post('/api/v1/persons', { fullName: 'Looked Up' });
    await coord.get(`/api/v1/persons/${p.body.id}`);
    const dpo = await h.signIn('dpo');
    const res = await dpo.get(`/api/v1/audit?personId=${p.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.map((r: { action: string; actorId: string }) => [r.action, r.actorId])).toEqual([
      ['read', coord.user.id],
      ['create', coord.user.id],
    ]);
    const [row] = await rows('SELECT actor_id, action, record_type, person_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toEqual({ actor_id: dpo.user.id, action: 'search', record_type: 'audit_log', person_id: p.body.id });
  });
});

describe('GET /audit rows', () => {
  // The DPO's audit log shows who acted by name, not only by id (staff data; citizens' names never appear).
  it("carry the actor's display name, and null for rows without an actor", async () => {
    const coordinator = await h.signIn('coordinator', 'a');
    const dpo = await h.signIn('dpo', 'a');
    expect((await coordinator.get('/api/v1/cases')).status).toBe(200);
    const [user] = await rows('SELECT display_name FROM users WHERE id = $1', [coordinator.user.id]);
    const res = await dpo.get(`/api/v1/audit?actorId=${coordinator.user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const row of res.body) expect(row).toMatchObject({ actorId: coordinator.user.id, actorName: user!.display_name });
    const all = (await dpo.get('/api/v1/audit?limit=500')).body as { actorId: string | null; actorName: string | null }[];
    for (const row of all) if (row.actorId === null) expect(row.actorName).toBeNull();
  });
});
