import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { repository, runAsSystem, runScoped } from '../src/server/access/scope.ts';
import { systemTransaction } from './helpers/sql.ts';
import {
  appendAuditInTrx, contentHash, contentHashV4, GENESIS_HASH, legacyChainHash, sealAuditTrail, verifyAuditChain, verifyAuditTrail, type ChainFields,
} from '../src/server/audit/audit.ts';
import { verifyAuditCommand } from '../src/server/cli.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import type { Actor } from '../src/server/access/actor.ts';
import type { Database, Queryable } from '../src/server/platform/db.ts';
import { FakeClock } from '../src/server/platform/clock.ts';
import { freshDatabase } from './helpers/db.ts';
import { migrate } from '../src/server/platform/migrate.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

// The scope exposes no transaction; a test repository writes the row whose rollback is checked.
const rawPersons = repository((tx) => ({
  insert: (unitId: string) => tx.query(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, 'Rollback', now(), now())`, [unitId]),
}));

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
        await rawPersons(s).insert(h.units.a);
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

  it('a removed sealed row is detected at the row after it', async () => {
    const h2 = await createHarness();
    try {
      const c = await h2.signIn('coordinator');
      for (let i = 0; i < 4; i++) await c.post('/api/v1/persons', { fullName: `Gap ${i}` });
      // Sealed rows: the chain covers a row once the sealer has linked it (about a second after it commits).
      await sealAuditTrail(h2.ctx.db);
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

/**
 * The chain writer in the database (migration 0060), tested on a bare migrated database: the app role inserts audit
 * rows only through vink_audit_append, and the server's verifier reproduces every hash from the stored row.
 */
describe('audit chain writer in the database', () => {
  let d: { db: Database; drop(): Promise<void> };
  const unit = '00000000-0000-4000-8000-00000000000a';
  const coordinatorId = '10000000-0000-4000-8000-000000000003';
  const clock = new FakeClock('2026-03-02T08:00:00Z');
  const actor: Actor = {
    id: coordinatorId, role: 'coordinator', username: 'coordinator', displayName: 'C', unitId: unit, unitName: 'A', unitIds: [unit], sessionId: 's',
  };
  const ctx = { at: clock.now(), actorId: coordinatorId, actorRole: 'coordinator', unitId: unit, purpose: 'casework' };

  const asApp = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => d.db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE vink_app');
    await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true), set_config('vink.actor_role', $3, true)`,
      [coordinatorId, `{${unit}}`, 'coordinator']);
    return fn(tx);
  });
  const owner = <T>(fn: (tx: Queryable) => Promise<T>) => d.db.transaction(fn);
  const all = async () => (await owner((tx) => tx.query<Record<string, any>>('SELECT * FROM audit_log ORDER BY seq'))).rows;
  /** Edits one stored row as someone with owner rights would, around the append-only trigger. */
  const tamper = (set: string, seq: number, value: unknown) => owner(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await tx.query(`UPDATE audit_log SET ${set} = $2 WHERE seq = $1`, [seq, value]);
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  });

  beforeAll(async () => {
    d = await freshDatabase();
    await migrate(d.db);
    await owner(async (tx) => {
      await tx.query(`INSERT INTO units (id, name, municipality_code, police_district_id) VALUES ($1, 'A', '101', 11)`, [unit]);
      await tx.query(`INSERT INTO users (id, unit_id, username, display_name, role, created_at, updated_at) VALUES ($1, $2, 'coordinator', 'C', 'coordinator', now(), now())`,
        [coordinatorId, unit]);
      // An installation upgraded to 0060 already holds rows hashed by the server (chain_version 1).
      let prev = GENESIS_HASH;
      for (const criterion of ['before 0060', null]) {
        const f = { at: new Date('2026-01-05T08:00:00.000Z'), actor_id: coordinatorId, actor_role: 'coordinator', unit_id: unit, action: 'search',
          outcome: 'ok', record_type: 'person', record_id: null, person_id: null, purpose: 'casework', criterion };
        const hash = legacyChainHash(prev, f);
        await tx.query(
          `INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose, criterion, prev_hash, hash, chain_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)`,
          [f.at, f.actor_id, f.actor_role, f.unit_id, f.action, f.outcome, f.record_type, f.record_id, f.person_id, f.purpose, f.criterion, prev, hash]);
        prev = hash;
      }
    });
  });
  afterAll(async () => d?.drop());

  it('the app role cannot insert audit rows directly, only through the writer', async () => {
    await expect(asApp((tx) => tx.query(
      `INSERT INTO audit_log (at, action, outcome, prev_hash, hash, chain_version) VALUES (now(), 'read', 'ok', $1, 'forged', 2)`, [GENESIS_HASH],
    ))).rejects.toThrow(/permission denied/);
    await expect(asApp((tx) => tx.query(`UPDATE audit_log SET criterion = 'x'`))).rejects.toThrow(/permission denied/);
    expect((await asApp((tx) => tx.query('SELECT seq FROM audit_log'))).rowCount).toBe(2);
  });

  it('a request scope writes its entries through the writer, chained onto the older rows, and they verify', async () => {
    await runScoped({ db: d.db, clock }, actor, 'casework', async (s) => {
      s.audit({ action: 'read', recordType: 'person', recordId: '3AB0C0DE-0000-4000-8000-0000000000AA', personId: '3AB0C0DE-0000-4000-8000-0000000000AA' });
      s.audit({ action: 'search', recordType: 'person', criterion: 'Jensen Ærø 😀 "quoted" \\ back\nslash' });
      s.audit({ action: 'read', recordType: 'case_notes', criterion: '' });
    });
    // Appended unlinked, with the hash of their content; the chain fields wait for the sealer.
    const unsealed = await all();
    expect(unsealed.map((x) => x.chain_version)).toEqual([1, 1, 4, 4, 4]);
    for (const x of unsealed.slice(2)) expect(x).toMatchObject({ prev_hash: null, hash: null, chain_pos: null, content_hash: contentHashV4(x as ChainFields) });
    expect(await sealAuditTrail(d.db)).toEqual({ sealed: 3, locked: false });
    const r = await all();
    expect(r.map((x) => x.chain_pos)).toEqual([null, null, r[2]!.seq, r[3]!.seq, r[4]!.seq]);
    expect(r[2]).toMatchObject({ actor_id: coordinatorId, actor_role: 'coordinator', unit_id: unit, purpose: 'casework', prev_hash: r[1]!.hash,
      record_id: '3ab0c0de-0000-4000-8000-0000000000aa', person_id: '3ab0c0de-0000-4000-8000-0000000000aa' });
    expect(r[3]!.criterion).toBe('Jensen Ærø 😀 "quoted" \\ back\nslash');
    expect(r[4]!.criterion).toBe('');
    expect((r[2]!.at as Date).toISOString()).toBe(clock.now().toISOString());
    expect(await verifyAuditChain(d.db, { now: clock.now() })).toEqual({ ok: true, checked: 5, firstBroken: null, unsealed: { count: 0, oldestAt: null, overdue: 0 } });
  });

  it('system rows and one call per batch chain too; the time is kept to the millisecond', async () => {
    await runAsSystem({ db: d.db, clock }, 'scheduler', async (s) => {
      s.audit({ action: 'update', outcome: 'ok', recordType: 'task' });
    });
    await owner((tx) => appendAuditInTrx(tx, ctx, [
      { action: 'export', outcome: 'ok', recordType: 'report' }, { action: 'read', outcome: 'denied', recordType: 'case', recordId: null },
    ]));
    await owner((tx) => tx.query(`SELECT vink_audit_append('2026-03-02T08:00:00.123456Z', NULL, 'cli', NULL, 'administration', '[{"action":"read","outcome":"ok"}]')`));
    const r = await all();
    expect(r.slice(5).map((x) => [x.actor_role, x.action])).toEqual([['system:scheduler', 'update'], ['coordinator', 'export'], ['coordinator', 'read'], ['cli', 'read']]);
    expect((r.at(-1)!.at as Date).toISOString()).toBe('2026-03-02T08:00:00.123Z');
    // The check seals what was waiting first; none of it was overdue at the clock's time.
    expect(await verifyAuditChain(d.db, { batchSize: 3, now: clock.now() })).toEqual({
      ok: true, checked: 9, firstBroken: null, unsealed: { count: 4, oldestAt: '2026-03-02T08:00:00.000Z', overdue: 0 },
    });
  });

  it('concurrent appends are each sealed onto the true previous row', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => runScoped({ db: d.db, clock }, actor, 'casework', async (s) => {
      s.audit({ action: 'search', recordType: 'person', criterion: `parallel ${i}` });
      s.audit({ action: 'read', recordType: 'person' });
    })));
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, checked: 25, firstBroken: null, unsealed: { count: 16 } });
  });

  it('an edited field, a flipped chain version and an edited older row are each detected at that row', async () => {
    const r = await all();
    const v2 = r[3]!;
    await tamper('criterion', v2.seq, 'edited');
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: v2.seq, reason: expect.stringMatching(/altered/) });
    await tamper('criterion', v2.seq, v2.criterion);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);

    // A sealed row cannot pass for an older version: the database refuses the shape; an older row's flip is detected.
    await expect(tamper('chain_version', v2.seq, 2)).rejects.toThrow(/audit_log_chain_shape_ck/);
    await tamper('chain_version', r[0]!.seq, 2);
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: r[0]!.seq, reason: expect.stringMatching(/altered/) });
    await tamper('chain_version', r[0]!.seq, 1);
    // A sealed row's content hash recomputed over an edit still breaks its link.
    await tamper('content_hash', v2.seq, contentHash({ ...(v2 as ChainFields), criterion: 'edited' }));
    await tamper('criterion', v2.seq, 'edited');
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: v2.seq, reason: expect.stringMatching(/altered/) });
    await tamper('criterion', v2.seq, v2.criterion);
    await tamper('content_hash', v2.seq, v2.content_hash);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);

    await tamper('record_id', r[2]!.seq, '3ab0c0de-0000-4000-8000-0000000000ab');
    expect((await verifyAuditChain(d.db)).firstBroken?.seq).toBe(r[2]!.seq);
    await tamper('record_id', r[2]!.seq, r[2]!.record_id);

    await tamper('actor_role', r[0]!.seq, 'dpo');
    expect((await verifyAuditChain(d.db)).firstBroken?.seq).toBe(r[0]!.seq);
    await tamper('actor_role', r[0]!.seq, r[0]!.actor_role);
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('reports every broken row, not only the first, and one edit marks that row only', async () => {
    const r = await all();
    const altered = 'content does not match its hash (the row was altered)';
    const removed = 'previous-hash link does not match the row before (a row was removed or reordered)';
    await tamper('actor_role', r[0]!.seq, 'dpo'); // a row hashed by the server before 0060
    await tamper('criterion', r[3]!.seq, 'edited');
    await tamper('purpose', r[10]!.seq, 'forged');
    await owner(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await tx.query('DELETE FROM audit_log WHERE seq = $1', [r[20]!.seq]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    });
    const v = await verifyAuditTrail(d.db, { batchSize: 4 });
    expect(v.broken).toEqual([
      { seq: r[0]!.seq, reason: altered }, { seq: r[3]!.seq, reason: altered }, { seq: r[10]!.seq, reason: altered },
      { seq: r[21]!.seq, reason: removed },
    ]);
    expect(v).toMatchObject({ ok: false, checked: r.length - 1, head: { seq: r.at(-1)!.seq, hash: r.at(-1)!.hash } });
    // The short form names the first and has still read every row.
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: false, checked: r.length - 1, firstBroken: { seq: r[0]!.seq, reason: altered } });

    // npm run vink -- verify-audit prints them all and exits 1.
    const out: string[] = [];
    const code = await verifyAuditCommand({ db: d.db, clock, config: loadConfig({ DATA_DIR: 'memory://' }) }, {},
      { log: (l) => out.push(l), error: (l) => out.push(l) });
    expect(code).toBe(1);
    expect(out.filter((l) => l.startsWith('BROKEN'))).toEqual([
      `BROKEN row ${r[0]!.seq}: ${altered}`, `BROKEN row ${r[3]!.seq}: ${altered}`, `BROKEN row ${r[10]!.seq}: ${altered}`, `BROKEN row ${r[21]!.seq}: ${removed}`,
    ]);
    expect(out.at(-1)).toBe(`Audit trail BROKEN: 4 broken row(s), 0 anchor finding(s); ${r.length - 1} rows read.`);
  });
});

describe('GET /audit rows', () => {
  // The DPO's audit log shows who acted by name, not only by id (staff data; citizens' names never appear).
  it("carry the actor's display name, and null for rows without an actor", async () => {
    const coordinator = await h.signIn('coordinator', 'a');
    const dpo = await h.signIn('dpo', 'a');
    expect((await coordinator.get('/api/v1/cases/page')).status).toBe(200);
    const [user] = await rows('SELECT display_name FROM users WHERE id = $1', [coordinator.user.id]);
    const res = await dpo.get(`/api/v1/audit?actorId=${coordinator.user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const row of res.body) expect(row).toMatchObject({ actorId: coordinator.user.id, actorName: user!.display_name });
    const all = (await dpo.get('/api/v1/audit?limit=500')).body as { actorId: string | null; actorName: string | null }[];
    for (const row of all) if (row.actorId === null) expect(row.actorName).toBeNull();
  });
});
