import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import {
  appendAuditInTrx, contentHash, sealAuditTrail, verifyAuditChain, verifyAuditTrail, type AuditContext, type ChainFields,
} from '../src/server/audit/audit.ts';
import { runAuditSealer } from '../src/server/jobs/audit-seal.ts';
import { verifyAuditCommand, sealAuditCommand } from '../src/server/cli.ts';
import type { Queryable } from '../src/server/platform/db.ts';
import type { Logger } from '../src/server/platform/logger.ts';

/**
 * The audit trail without a global lock (migration 0130; docs/security.md, "The audit trail"): rows are appended
 * unlinked in the work's own transaction and a sealer links them into the chain afterwards.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

type Row = ChainFields & { seq: number; chain_pos: number | null; prev_hash: string | null; hash: string | null; content_hash: string };
const owner = <T>(fn: (tx: Queryable) => Promise<T>) => systemTransaction(h.ctx.db, fn);
const row = async (seq: number) => (await owner((tx) => tx.query<Row>('SELECT * FROM audit_log WHERE seq = $1', [seq]))).rows[0]!;
const ctxAt = (at: Date, criterion: string): [AuditContext, { action: 'search'; outcome: 'ok'; recordType: string; criterion: string }[]] => [
  { at, actorId: null, actorRole: 'system:test', unitId: null, purpose: 'administration' },
  [{ action: 'search', outcome: 'ok', recordType: 'person', criterion }],
];
/** Appends one row in tx and answers its seq. */
const appendOne = async (tx: Queryable, criterion: string, at = h.clock.now()): Promise<number> => {
  await appendAuditInTrx(tx, ...ctxAt(at, criterion));
  return (await tx.query<{ seq: number }>('SELECT max(seq)::bigint AS seq FROM audit_log WHERE criterion = $1', [criterion])).rows[0]!.seq;
};
/** Edits a stored row as someone with owner rights would, around the append-only trigger. */
const tamper = (sql: string, params: unknown[]) => owner(async (tx) => {
  await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
  await tx.query(sql, params);
  await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
});
/** A deferred: a promise and the function that resolves it. */
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('appending without a global lock', () => {
  it('the writer takes no advisory lock: an audited transaction holds none while it is open', async () => {
    await owner(async (tx) => {
      await appendOne(tx, 'no lock');
      const locks = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
      expect(locks.rows[0]!.n).toBe(0);
    });
    // Nor as the app role, the way a request's transaction writes its rows.
    await h.ctx.db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      await appendAuditInTrx(tx, ...ctxAt(h.clock.now(), 'no lock as the app role'));
      const locks = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
      expect(locks.rows[0]!.n).toBe(0);
    });
  });

  it('two transactions appending audit rows do not wait on each other (PostgreSQL: one holds its transaction open)', async () => {
    if (h.ctx.db.kind === 'pglite') {
      // One connection: transactions cannot overlap at all; the lock-free writer is shown by the test above.
      expect(h.ctx.db.kind).toBe('pglite');
      return;
    }
    const held = deferred();
    const appended = deferred();
    let firstSeq = 0;
    const first = owner(async (tx) => {
      firstSeq = await appendOne(tx, 'held open');
      appended.resolve();
      await held.promise; // still open, with its audit row written
    });
    await appended.promise;
    // Before migration 0130 this waited on the chain lock the first transaction holds: lock_timeout turns the wait
    // into an error instead of a hang.
    try {
      const secondSeq = await owner(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '5s'`);
        return appendOne(tx, 'committed while the other is open');
      });
      expect((await row(secondSeq)).criterion).toBe('committed while the other is open');
      expect(secondSeq).toBeGreaterThan(firstSeq);
    } finally {
      held.resolve();
      await first;
    }
    expect((await verifyAuditTrail(h.ctx.db)).ok).toBe(true);
  });
});

describe('sealing', () => {
  it('a row from a transaction that committed after later-seq rows is sealed after them and verifies', async () => {
    await sealAuditTrail(h.ctx.db);
    let late: number;
    let early: number;
    if (h.ctx.db.kind === 'postgres') {
      // Really concurrent: the lower seq commits after the higher one was sealed.
      const held = deferred();
      const appended = deferred();
      let seq = 0;
      const first = owner(async (tx) => {
        seq = await appendOne(tx, 'late commit');
        appended.resolve();
        await held.promise;
      });
      await appended.promise;
      early = await owner((tx) => appendOne(tx, 'early commit'));
      expect(await sealAuditTrail(h.ctx.db)).toEqual({ sealed: 1, locked: false }); // the open one is not visible yet
      held.resolve();
      await first;
      late = seq;
    } else {
      // One connection: the same shape made by hand. A rolled-back append leaves a gap in seq; the late row takes
      // that seq after the later row was sealed, exactly as a transaction that committed late would.
      await h.ctx.db.transaction(async (tx) => {
        await appendOne(tx, 'rolled back');
        throw new Error('roll back');
      }).catch(() => undefined);
      early = await owner((tx) => appendOne(tx, 'early commit'));
      expect(await sealAuditTrail(h.ctx.db)).toEqual({ sealed: 1, locked: false });
      late = early - 1;
      const at = h.clock.now();
      const f = { at, actor_id: null, actor_role: 'system:test', unit_id: null, action: 'search', outcome: 'ok', record_type: 'person',
        record_id: null, person_id: null, purpose: 'administration', criterion: 'late commit' };
      await owner((tx) => tx.query(
        `INSERT INTO audit_log (seq, at, actor_role, action, outcome, record_type, purpose, criterion, content_hash, chain_version)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, 'system:test', 'search', 'ok', 'person', 'administration', 'late commit', $3, 3)`,
        [late, at, contentHash(f)]));
    }
    expect(late).toBeLessThan(early);
    expect((await row(late)).hash).toBeNull();
    expect(await sealAuditTrail(h.ctx.db)).toEqual({ sealed: 1, locked: false });
    const [e, l] = [await row(early), await row(late)];
    // Chain order is sealing order: the late row follows the early one, at the next position.
    expect(l).toMatchObject({ chain_pos: e.chain_pos! + 1, prev_hash: e.hash });
    const v = await verifyAuditTrail(h.ctx.db);
    expect(v).toMatchObject({ ok: true, broken: [], head: { seq: e.chain_pos! + 1, hash: l.hash } });
  });

  it('edits and deletes of sealed rows are detected, also of a row sealed out of seq order', async () => {
    const rows = (await owner((tx) => tx.query<Row>('SELECT * FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY chain_pos'))).rows;
    const outOfOrder = rows.find((r) => r.chain_pos !== r.seq)!;
    expect(outOfOrder).toBeDefined();
    const pos = outOfOrder.chain_pos!;
    const altered = 'content does not match its hash (the row was altered)';

    // An edited field.
    await tamper('UPDATE audit_log SET criterion = $2 WHERE seq = $1', [outOfOrder.seq, 'edited']);
    expect((await verifyAuditChain(h.ctx.db)).firstBroken).toEqual({ seq: pos, reason: altered });
    await tamper('UPDATE audit_log SET criterion = $2 WHERE seq = $1', [outOfOrder.seq, outOfOrder.criterion]);
    // An edited field with its content hash recomputed: the link no longer holds.
    const edited = { ...outOfOrder, purpose: 'forged' };
    await tamper('UPDATE audit_log SET purpose = $2, content_hash = $3 WHERE seq = $1', [outOfOrder.seq, 'forged', contentHash(edited)]);
    expect((await verifyAuditChain(h.ctx.db)).firstBroken).toEqual({ seq: pos, reason: altered });
    await tamper('UPDATE audit_log SET purpose = $2, content_hash = $3 WHERE seq = $1', [outOfOrder.seq, outOfOrder.purpose, outOfOrder.content_hash]);
    // Moved to another position (the link covers the position).
    const last = rows.at(-1)!;
    await tamper('UPDATE audit_log SET chain_pos = $2 WHERE seq = $1', [last.seq, last.chain_pos! + 5]);
    expect((await verifyAuditChain(h.ctx.db)).firstBroken).toEqual({ seq: last.chain_pos! + 5, reason: altered });
    await tamper('UPDATE audit_log SET chain_pos = $2 WHERE seq = $1', [last.seq, last.chain_pos]);
    expect((await verifyAuditChain(h.ctx.db)).ok).toBe(true);
    // Deleted: the row after it no longer links.
    const victim = rows.at(-3)!;
    await tamper('DELETE FROM audit_log WHERE seq = $1', [victim.seq]);
    expect((await verifyAuditChain(h.ctx.db)).firstBroken).toEqual({
      seq: rows.at(-2)!.chain_pos, reason: 'previous-hash link does not match the row before (a row was removed or reordered)',
    });
    await owner(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
      await tx.query('INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::audit_log, $1::jsonb)', [JSON.stringify(victim)]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER ALL');
    });
    expect((await verifyAuditChain(h.ctx.db)).ok).toBe(true);
  });

  it('the sealing update is the only change the append-only trigger lets through, and only once', async () => {
    const seq = await owner((tx) => appendOne(tx, 'trigger'));
    // Changing content while sealing is refused.
    await expect(owner((tx) => tx.query(`UPDATE audit_log SET chain_pos = seq, prev_hash = 'x', hash = 'y', criterion = 'z' WHERE seq = $1`, [seq])))
      .rejects.toThrow(/append-only/);
    await sealAuditTrail(h.ctx.db);
    // Re-sealing a sealed row is refused.
    await expect(owner((tx) => tx.query(`UPDATE audit_log SET hash = 'y' WHERE seq = $1`, [seq]))).rejects.toThrow(/append-only/);
    // The app role cannot seal at all.
    await expect(h.ctx.db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      await tx.query('SELECT vink_audit_seal(10)');
    })).rejects.toThrow(/permission denied/);
  });
});

describe('the unsealed-age alarm', () => {
  it('fires for a row left unsealed longer than 60 s: logged by the sealer, shown to the DPO and by verify-audit', async () => {
    await sealAuditTrail(h.ctx.db);
    const dpo = await h.signIn('dpo');
    await sealAuditTrail(h.ctx.db);
    // Nothing is overdue when the sealer keeps up (the check's own audit row is waiting, just written).
    expect((await dpo.get('/api/v1/audit/verify')).body).toMatchObject({ ok: true, unsealed: { count: 1, overdue: 0 } });
    // A row written 61 s ago (by the clock) and never sealed: the sealer was not running.
    const at = new Date(h.clock.now().getTime() - 61_000);
    await owner((tx) => appendOne(tx, 'waited', at));
    const fresh = await owner((tx) => appendOne(tx, 'fresh'));
    expect(fresh).toBeGreaterThan(0);

    const res = await dpo.get('/api/v1/audit/verify');
    expect(res.body).toMatchObject({ ok: true, unsealed: { count: 3, oldestAt: at.toISOString(), overdue: 1 } });

    await owner((tx) => appendOne(tx, 'waited again', at));
    const logged: { obj: Record<string, unknown>; msg: string }[] = [];
    const logger = { error: (obj: Record<string, unknown>, msg: string) => logged.push({ obj, msg }) } as unknown as Logger;
    const r = await runAuditSealer({ db: h.ctx.db, clock: h.clock, logger });
    expect(r).toMatchObject({ before: { count: 1, overdue: 1 }, sealed: 1, locked: false });
    expect(logged).toEqual([{ obj: expect.objectContaining({ alarm: 'unsealed-audit-rows', unsealed: r.before }), msg: expect.stringMatching(/audit alarm/) }]);
    // Once sealed, the next run is quiet.
    expect(await runAuditSealer({ db: h.ctx.db, clock: h.clock, logger })).toMatchObject({ before: { count: 0, overdue: 0 } });
    expect(logged).toHaveLength(1);

    // verify-audit and seal-audit report it and exit 1; with nothing overdue they exit 0.
    await owner((tx) => appendOne(tx, 'waited for the CLI', at));
    const out: string[] = [];
    const sink = { log: (l: string) => out.push(l), error: (l: string) => out.push(l) };
    expect(await verifyAuditCommand(h.ctx, {}, sink)).toBe(1);
    expect(out[0]).toMatch(/^ALARM: 1 audit row\(s\) had waited over 60 s to be sealed/);
    expect(out.at(-1)).toMatch(/^Audit trail intact/);
    expect(await verifyAuditCommand(h.ctx, {}, sink)).toBe(0);
    await owner((tx) => appendOne(tx, 'waited for seal-audit', at));
    expect(await sealAuditCommand(h.ctx, sink)).toBe(1);
    expect(out.at(-1)).toBe('Sealed 1 audit row(s).');
    expect(await sealAuditCommand(h.ctx, sink)).toBe(0);
  });
});
