import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { appendAuditInTrx, sealAuditTrail, verifyAuditTrail } from '../src/server/audit/audit.ts';
import { runRetention } from '../src/server/modules/retention/index.ts';
import type { Queryable } from '../src/server/platform/db.ts';

/**
 * The audit log partitioned by month (migration 0211, docs/retention.md "The audit log"): the retention job drops the
 * months past the audit class's period (6 months) after writing a signed checkpoint, keeps a month that holds a row
 * about a person under a legal hold (and the months after it), and the chain that remains verifies from the
 * checkpoint and still shows an edit, a removal and a removed start.
 */
const KEY = randomBytes(32).toString('base64');
let h: Harness;
const held = randomUUID();
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const owner = (fn: (tx: Queryable) => Promise<unknown>) => systemTransaction(h.ctx.db, fn);
const key = () => Buffer.from(KEY, 'base64');

/** Rows of the month: one a day for five days, the third about `person`. */
async function month(m: string, person: string | null = null) {
  for (let d = 1; d <= 5; d++) {
    const at = new Date(`2025-${m}-0${d}T10:00:00Z`);
    await owner((tx) => appendAuditInTrx(tx, { at, actorId: null, actorRole: 'system:cli', unitId: h.units.a, purpose: 'administration' },
      [{ action: 'read', outcome: 'ok', recordType: 'person', recordId: null, personId: d === 3 ? person : null, criterion: null }]));
    await sealAuditTrail(h.ctx.db);
  }
}

beforeAll(async () => {
  h = await createHarness({ VINK_AUDIT_ANCHOR_KEY: KEY });
  expect(await q('SELECT 1 FROM audit_log')).toEqual([]);
  await q(`SELECT vink_audit_ensure_partitions('2025-01-01', '2025-10-01')`);
  await month('01');
  await month('02', held);
  await month('03', held);
  await month('04');
  await month('05');
  await q(`INSERT INTO persons (id, unit_id, full_name, created_at, updated_at) VALUES ($1, $2, 'Hold Person', now(), now())`, [held, h.units.a]);
  await q(`INSERT INTO legal_holds (id, unit_id, person_id, reason_kind, reason, placed_at) VALUES ($1, $2, $3, 'access_request', 'Indsigt', now())`,
    [randomUUID(), h.units.a, held]);
});
afterAll(async () => h?.close());

describe('the audit log by month', () => {
  it('puts each row in its month\'s partition', async () => {
    const rows = await q<{ p: string; n: number }>(`SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM audit_log GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { p: 'audit_log_2025_01', n: 5 }, { p: 'audit_log_2025_02', n: 5 }, { p: 'audit_log_2025_03', n: 5 },
      { p: 'audit_log_2025_04', n: 5 }, { p: 'audit_log_2025_05', n: 5 },
    ]);
  });

  it('drops the months past the period up to the first held month, after a signed checkpoint; the rest verifies', async () => {
    h.clock.set('2025-09-20T03:00:00Z'); // cutoff 2025-03-20: January and February are past; February is held
    const r = await runRetention(h.ctx, { trigger: 'cli' });
    const audit = r.classes.find((c) => c.classKey === 'audit_log')!;
    expect(audit.skipped).toBeUndefined();
    expect(audit.counts).toEqual({ audit_partition: 1, audit_row: 5 });
    expect(audit.heldBack).toBe(1);
    const parts = (await q<{ p: string }>(`SELECT DISTINCT tableoid::regclass::text AS p FROM audit_log WHERE at < '2025-06-01' ORDER BY 1`)).map((x) => x.p);
    expect(parts).toEqual(['audit_log_2025_02', 'audit_log_2025_03', 'audit_log_2025_04', 'audit_log_2025_05']);
    expect(await q(`SELECT to_regclass('audit_log_2025_01') AS t`)).toEqual([{ t: null }]);
    const [cp] = await q<{ count: string }>('SELECT count FROM audit_checkpoints');
    expect(Number(cp!.count)).toBe(5);
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v.broken).toEqual([]);
    expect(v.ok).toBe(true);
    // Without the checkpoint the first remaining row does not link to the genesis: the purge is visible.
    const bare = await verifyAuditTrail(h.ctx.db, { checkpointKey: null });
    expect(bare.ok).toBe(false);
  });

  it('lifting the hold lets the next run drop the held months too', async () => {
    const dpo = await h.createUser('dpo');
    await q(`UPDATE legal_holds SET lifted_at = now(), lift_reason = 'Besvaret', lifted_by = $2 WHERE person_id = $1`, [held, dpo.id]);
    h.clock.set('2025-10-02T03:00:00Z'); // cutoff 2025-04-02: February and March now go
    const r = await runRetention(h.ctx, { trigger: 'cli' });
    expect(r.classes.find((c) => c.classKey === 'audit_log')!.counts).toEqual({ audit_partition: 2, audit_row: 10 });
    const [cp] = await q<{ count: string }>('SELECT count FROM audit_checkpoints ORDER BY seq DESC LIMIT 1');
    expect(Number(cp!.count)).toBe(15);
    expect((await verifyAuditTrail(h.ctx.db, { checkpointKey: key() })).ok).toBe(true);
  });

  const tamper = (sql: string, params: unknown[] = []) => owner(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  });

  it('still detects an edit in what remains', async () => {
    const [row] = await q<{ seq: string }>(`SELECT seq FROM audit_log WHERE at >= '2025-05-01' ORDER BY seq LIMIT 1 OFFSET 2`);
    await tamper(`UPDATE audit_log SET purpose = 'casework' WHERE seq = $1`, [row!.seq]);
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v.broken.map((b) => b.reason).join(' ')).toMatch(/altered/);
    await tamper(`UPDATE audit_log SET purpose = 'administration' WHERE seq = $1`, [row!.seq]);
    expect((await verifyAuditTrail(h.ctx.db, { checkpointKey: key() })).ok).toBe(true);
  });

  it('still detects a removed row, and a removed start of what remains', async () => {
    const [mid] = await q<{ seq: string }>(`SELECT seq FROM audit_log WHERE at >= '2025-05-01' ORDER BY seq LIMIT 1 OFFSET 1`);
    await tamper('DELETE FROM audit_log WHERE seq = $1', [mid!.seq]);
    expect((await verifyAuditTrail(h.ctx.db, { checkpointKey: key() })).broken.map((b) => b.reason).join(' ')).toMatch(/removed/);
    // Removing the oldest remaining rows (a truncated start): the next row does not link to the checkpoint.
    await tamper(`DELETE FROM audit_log WHERE at < '2025-05-01'`);
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v.ok).toBe(false);
    expect(v.broken.length).toBeGreaterThan(0);
  });

  it('does not accept a forged checkpoint', async () => {
    const [first] = await q<{ pos: string; prev_hash: string }>(`SELECT coalesce(chain_pos, seq) AS pos, prev_hash FROM audit_log WHERE hash IS NOT NULL ORDER BY 1 LIMIT 1`);
    await owner((tx) => tx.query(`INSERT INTO audit_checkpoints (seq, hash, count, at, mac, boundary) VALUES ($1, $2, 99, '2025-10-02T03:00:00.000Z', $3, now())`,
      [Number(first!.pos) - 1, first!.prev_hash, 'a'.repeat(64)]));
    const v = await verifyAuditTrail(h.ctx.db, { checkpointKey: key() });
    expect(v.ok).toBe(false);
    expect(v.anchors.findings.map((f) => f.reason).join(' ')).toMatch(/checkpoint signature does not verify/);
  });
});
