import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { appendAuditInTrx, linkHash, sealAuditTrail, verifyAuditTrail } from '../src/server/audit/audit.ts';
import { writeAuditCheckpoints } from '../src/server/jobs/audit-checkpoint.ts';
import { startScheduler } from '../src/server/jobs/scheduler.ts';
import { runRetention } from '../src/server/modules/retention/index.ts';
import type { Queryable } from '../src/server/platform/db.ts';

/**
 * Signed checkpoints of the audit chain at each month (partition) boundary, written by the scheduler's tick (migration
 * 0312; docs/security.md, "The audit trail"): one per boundary whatever the number of instances, verification checks
 * each one inside the chain as it checks an anchor, and after a purge the chain verifies from the purge's checkpoint
 * with the month checkpoints counted on from it.
 */
const KEY = randomBytes(32).toString('base64');
let h: Harness;
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const owner = (fn: (tx: Queryable) => Promise<unknown>) => systemTransaction(h.ctx.db, fn);
const key = () => Buffer.from(KEY, 'base64');
const checkpoints = async () => (await q<{ seq: string; count: string; boundary: Date; kind: string }>(
  'SELECT seq, count, boundary, kind FROM audit_checkpoints ORDER BY seq, kind')).map((c) => ({ ...c, seq: Number(c.seq), count: Number(c.count) }));

/** Rows of the month: one a day for five days, each sealed. */
async function month(m: string) {
  for (let d = 1; d <= 5; d++) {
    const at = new Date(`2025-${m}-0${d}T10:00:00Z`);
    await owner((tx) => appendAuditInTrx(tx, { at, actorId: null, actorRole: 'system:cli', unitId: h.units.a, purpose: 'administration' },
      [{ action: 'read', outcome: 'ok', recordType: 'person', recordId: null, personId: null, criterion: null }]));
    await sealAuditTrail(h.ctx.db);
  }
}

beforeAll(async () => {
  h = await createHarness({ VINK_AUDIT_ANCHOR_KEY: KEY });
  expect(await q('SELECT 1 FROM audit_log')).toEqual([]);
  await q(`SELECT vink_audit_ensure_partitions('2025-01-01', '2025-10-01')`);
  h.clock.set('2025-01-20T12:00:00Z');
  await month('01');
});
afterAll(async () => h?.close());

describe('audit checkpoints at each month boundary', () => {
  it('writes none before a boundary has passed', async () => {
    expect(await writeAuditCheckpoints(h.ctx)).toEqual({ written: 0 });
    expect(await checkpoints()).toEqual([]);
  });

  it('the scheduler\'s tick after the boundary writes the month\'s checkpoint: the chain head of January, signed', async () => {
    await month('02');
    h.clock.set('2025-02-15T03:00:00Z');
    const scheduler = startScheduler(h.ctx, 3_600_000);
    await scheduler.tick();
    await scheduler.stop();
    const [lastOfJanuary] = await q<{ pos: string; hash: string }>(
      `SELECT coalesce(chain_pos, seq) AS pos, hash FROM audit_log WHERE at < '2025-02-01' ORDER BY 1 DESC LIMIT 1`);
    const cps = await checkpoints();
    expect(cps).toEqual([{ seq: Number(lastOfJanuary!.pos), count: 5, boundary: new Date('2025-02-01T00:00:00Z'), kind: 'month' }]);
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v).toMatchObject({ ok: true, broken: [], anchors: { findings: [] } });
  });

  it('is idempotent and safe with several instances: concurrent writers add nothing more', async () => {
    const runs = await Promise.all([writeAuditCheckpoints(h.ctx), writeAuditCheckpoints(h.ctx), writeAuditCheckpoints(h.ctx)]);
    expect(runs.reduce((n, r) => n + r.written, 0)).toBe(0);
    expect(await checkpoints()).toHaveLength(1);
  });

  it('catches up every boundary passed since, one per month with rows before it', async () => {
    await month('03');
    h.clock.set('2025-08-10T03:00:00Z');
    const r = await writeAuditCheckpoints(h.ctx);
    // 1 March (the head of February) and 1 April (of March); May to August have no new rows, so no new head.
    expect(r).toEqual({ written: 2 });
    expect((await checkpoints()).map((c) => c.boundary.toISOString())).toEqual(['2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z']);
    expect((await verifyAuditTrail(h.ctx.db, { checkpointKey: key() })).ok).toBe(true);
  });

  it('after a purge the chain verifies from the purge\'s checkpoint, and the month checkpoints count on from it', async () => {
    const run = await runRetention(h.ctx, { trigger: 'cli' }); // cutoff 2025-02-10: January goes
    expect(run.classes.find((c) => c.classKey === 'audit_log')!.counts).toMatchObject({ audit_partition: 1, audit_row: 5 });
    const purge = (await checkpoints()).filter((c) => c.kind === 'purge');
    expect(purge.map((c) => c.count)).toEqual([5]);
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v).toMatchObject({ ok: true, broken: [], anchors: { findings: [] } });
  });

  it('a month checkpoint is never where verification starts: removing the oldest months by hand is found', async () => {
    // February's rows dropped without a purge: the month checkpoint of 1 March now lies below what remains.
    await owner(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await tx.query(`DELETE FROM audit_log WHERE at < '2025-03-01'`);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    });
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v.ok).toBe(false);
    expect(v.broken[0]!.reason).toMatch(/removed/);
  });

  it('a chain rewritten and re-hashed over a removed row passes the plain check but not the month checkpoint', async () => {
    // Start again from a clean chain: the rows of March, checkpointed at 1 April.
    const rows = await q<{ seq: string; pos: string; content_hash: string }>(
      `SELECT seq, coalesce(chain_pos, seq) AS pos, content_hash FROM audit_log WHERE hash IS NOT NULL ORDER BY 2`);
    const removed = 1; // the second remaining row
    await owner(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
      await tx.query('DELETE FROM audit_log WHERE seq = $1', [rows[removed]!.seq]);
      // Re-link the rest onto the row before the removed one, as an owner re-hashing the chain would.
      let prev = (await tx.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [rows[removed - 1]!.seq])).rows[0]!.hash;
      for (const r of rows.slice(removed + 1)) {
        const hash = linkHash(prev, Number(r.pos), Number(r.seq), r.content_hash);
        await tx.query('UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1', [r.seq, prev, hash]);
        prev = hash;
      }
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER ALL');
    });
    // The first remaining row's link was broken by the hand-made removal above; only the re-hashed part matters here.
    const plain = await verifyAuditTrail(h.ctx.db, { checkpointKey: null });
    expect(plain.broken.map((b) => b.seq)).not.toContain(Number(rows[removed + 1]!.pos));
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v.anchors.findings.filter((f) => f.source === 'audit_checkpoints').map((f) => f.reason).join(' ')).toMatch(/anchor|rows up to row|rewritten/);
  });
});
