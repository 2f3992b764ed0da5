import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { scratchPostgres } from './helpers/db.ts';
import {
  anchorLine, appendAuditInTrx, auditAnchorKey, contentHash, contentHashV4, linkHash, readAnchorFiles, rowHash, signAnchor, verifyAuditChain,
  verifyAuditTrail, type ChainFields, type ChainVersion,
} from '../src/server/audit/audit.ts';
import { anchorAuditCommand, verifyAuditCommand } from '../src/server/cli.ts';
import { writeAuditAnchor } from '../src/server/jobs/audit-anchor.ts';
import { startScheduler } from '../src/server/jobs/scheduler.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { openPglite, type Database, type Queryable } from '../src/server/platform/db.ts';
import { migrate } from '../src/server/platform/migrate.ts';

/**
 * The audit chain anchored outside the database (docs/security.md, "Verifying the audit trail"). The chain alone
 * shows an edited row, but not what the table owner can do around it: remove rows from its end, empty the table, or
 * edit a row and recompute every later hash. Each of those passes the plain chain check and is caught by the anchor.
 * The owner is simulated as in tests/audit.int.test.ts: a raw owner transaction that switches the table's triggers off.
 */
const KEY = randomBytes(32).toString('base64');
let h: Harness;
let dir: string;
let file: string;
let snapshot: Record<string, unknown>[];
let anchoredFile: string;

type Row = ChainFields & { seq: number; prev_hash: string; hash: string; chain_version: ChainVersion; chain_pos: number | null; content_hash: string | null };
/** The hashes a re-hashing owner computes for a row linked onto prev, as the writer and the sealer would (migration 0130). */
const rehash = (row: Row, prev: string): { content_hash: string | null; hash: string } => {
  if (row.chain_version === 1 || row.chain_version === 2) return { content_hash: null, hash: rowHash(row.chain_version, prev, row) };
  const content = row.chain_version === 4 ? contentHashV4(row) : contentHash(row);
  return { content_hash: content, hash: linkHash(prev, row.chain_pos!, row.seq, content) };
};
const owner = <T>(fn: (tx: Queryable) => Promise<T>) => systemTransaction(h.ctx.db, fn);
const rows = async () => (await owner((tx) => tx.query<Row>('SELECT * FROM audit_log ORDER BY seq'))).rows;
/** As the table owner: switches every trigger of the audit table off (the append-only guard too), acts, switches them on. */
const asTableOwner = (fn: (tx: Queryable) => Promise<unknown>) => owner(async (tx) => {
  await tx.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
  await fn(tx);
  await tx.query('ALTER TABLE audit_log ENABLE TRIGGER ALL');
});
/** Puts the trail back exactly as it was when anchored (same seq, fields and hashes). */
const restore = () => asTableOwner(async (tx) => {
  await tx.query('DELETE FROM audit_log');
  const cols = Object.keys(snapshot[0]!).join(', ');
  await tx.query(`INSERT INTO audit_log (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM jsonb_populate_recordset(NULL::audit_log, $1::jsonb)`,
    [JSON.stringify(snapshot)]);
});
const anchored = () => verifyAuditTrail(h.ctx.db, { anchors: readAnchorFiles(auditAnchorKey(h.ctx.config), [file]) });
const collect = () => {
  const out = { log: [] as string[], error: [] as string[] };
  return { out, sink: { log: (l: string) => out.log.push(l), error: (l: string) => out.error.push(l) } };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vink-anchor-'));
  file = path.join(dir, 'audit-anchors.jsonl');
  h = await createHarness({ AUDIT_ANCHOR_FILE: file, VINK_AUDIT_ANCHOR_KEY: KEY });
  const c = await h.signIn('coordinator');
  for (let i = 0; i < 30; i++) {
    const p = await c.post('/api/v1/persons', { fullName: `Anchored ${i}` });
    await c.get(`/api/v1/persons/${p.body.id}`);
  }
  const { out, sink } = collect();
  expect(await anchorAuditCommand(h.ctx, {}, sink)).toBe(0);
  expect(out.log[0]).toMatch(/^Audit chain anchored: row \d+ \(\d+ rows/);
  snapshot = (await owner((tx) => tx.query<Record<string, unknown>>('SELECT * FROM audit_log ORDER BY seq'))).rows;
  expect(snapshot.length).toBeGreaterThan(60);
  anchoredFile = readFileSync(file, 'utf8');
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('audit anchors', () => {
  it('an anchor is one signed JSON line with the head, its row count and the time', async () => {
    const lines = anchoredFile.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]!);
    const last = snapshot.at(-1)!;
    expect(a).toEqual({ v: 1, seq: last.seq, hash: last.hash, count: snapshot.length, at: h.clock.now().toISOString(), mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The key is not in the database: the line verifies under the configured key only.
    expect(readAnchorFiles(auditAnchorKey(h.ctx.config), [file]).anchors).toHaveLength(1);
    expect(readAnchorFiles(randomBytes(32), [file])).toMatchObject({ anchors: [], problems: [{ line: 1, reason: expect.stringMatching(/signature/) }] });
  });

  it('with no tampering the trail verifies against the anchor, also with rows written after it', async () => {
    expect(await anchored()).toMatchObject({ ok: true, broken: [], anchors: { checked: 1, unanchoredRows: 0, findings: [] } });
    const c = await h.signIn('adviser');
    await c.post('/api/v1/persons/search', { q: 'after the anchor' });
    const r = await anchored();
    expect(r).toMatchObject({ ok: true, anchors: { checked: 1, findings: [] } });
    expect(r.anchors.unanchoredRows).toBeGreaterThan(0);
    const { out, sink } = collect();
    expect(await verifyAuditCommand(h.ctx, {}, sink)).toBe(0);
    expect(out.error).toEqual([]);
    expect(out.log.at(-1)).toMatch(/^Audit trail intact/);
    await restore();
  });

  const tamperings: [string, (tx: Queryable) => Promise<unknown>, RegExp][] = [
    ['deleting the last row', (tx) => tx.query('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)'), /anchored row \d+ is missing/],
    ['deleting the last 50 rows', (tx) => tx.query('DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 50)'), /anchored row \d+ is missing/],
    ['deleting all rows', (tx) => tx.query('DELETE FROM audit_log'), /anchored row \d+ is missing \(rows were removed\); 0 rows up to it/],
    ['TRUNCATE', (tx) => tx.query('TRUNCATE audit_log'), /anchored row \d+ is missing \(rows were removed\); 0 rows up to it/],
    ['editing a row and recomputing every later hash', async (tx) => {
      const all = (await tx.query<Row>('SELECT * FROM audit_log ORDER BY coalesce(chain_pos, seq)')).rows;
      const from = Math.floor(all.length / 2);
      let prev = all[from - 1]!.hash;
      for (let i = from; i < all.length; i++) {
        const row = i === from ? { ...all[i]!, purpose: 'rewritten' } : all[i]!;
        const { hash, content_hash } = rehash(row, prev);
        await tx.query('UPDATE audit_log SET purpose = $2, prev_hash = $3, hash = $4, content_hash = $5 WHERE seq = $1', [row.seq, row.purpose, prev, hash, content_hash]);
        prev = hash;
      }
    }, /anchored row \d+ has another hash than anchored/],
  ];

  it.each(tamperings)('%s passes the plain chain check but is caught by the anchor', async (_name, tamper, finding) => {
    await asTableOwner(tamper);
    try {
      // Without the anchor it would pass undetected: the remaining chain is consistent.
      expect(await verifyAuditChain(h.ctx.db)).toMatchObject({ ok: true, firstBroken: null });
      const r = await anchored();
      expect(r.broken).toEqual([]);
      expect(r.ok).toBe(false);
      expect(r.anchors.findings).toEqual([expect.objectContaining({ seq: snapshot.at(-1)!.seq, source: file, line: 1, reason: expect.stringMatching(finding) })]);
      const { out, sink } = collect();
      expect(await verifyAuditCommand(h.ctx, {}, sink)).toBe(1);
      expect(out.error.some((l) => l.startsWith(`ANCHOR ${file}:1 (row ${snapshot.at(-1)!.seq}): `) && finding.test(l))).toBe(true);
    } finally {
      await restore();
    }
    expect(await anchored()).toMatchObject({ ok: true, anchors: { findings: [] } });
  });

  it('a removed row in the middle re-hashed over is caught by the anchored count', async () => {
    const victim = snapshot[10]!.seq as number;
    await asTableOwner(async (tx) => {
      await tx.query('DELETE FROM audit_log WHERE seq = $1', [victim]);
      const all = (await tx.query<Row>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq', [victim])).rows;
      let prev = snapshot[9]!.hash as string;
      for (const row of all) {
        const { hash } = rehash(row, prev);
        await tx.query('UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1', [row.seq, prev, hash]);
        prev = hash;
      }
    });
    try {
      expect((await verifyAuditChain(h.ctx.db)).ok).toBe(true);
      const head = snapshot.at(-1)!.seq;
      expect((await anchored()).anchors.findings.map((f) => f.reason)).toEqual([
        `anchored row ${head} has another hash than anchored (the trail was rewritten up to it)`,
        `${snapshot.length - 1} rows up to row ${head} where the anchor counted ${snapshot.length} (rows were removed or added)`,
      ]);
    } finally {
      await restore();
    }
  });

  it('a forged anchor line (bad signature) is reported, and the genuine anchor still catches a rewrite', async () => {
    const genuine = JSON.parse(anchoredFile.trim());
    // A line altered after signing, a line signed with another key, and a line that is no anchor at all.
    appendFileSync(file, `${JSON.stringify({ ...genuine, count: genuine.count - 1 })}\n`);
    appendFileSync(file, `${anchorLine(signAnchor(randomBytes(32), { seq: genuine.seq + 5, hash: 'f'.repeat(64), count: 1 }, h.clock.now()))}\n`);
    appendFileSync(file, 'not json\n');
    try {
      const r = await anchored();
      expect(r.ok).toBe(false);
      expect(r.broken).toEqual([]);
      expect(r.anchors).toMatchObject({ checked: 1, latest: { seq: genuine.seq, mac: genuine.mac } });
      expect(r.anchors.findings).toEqual([
        { seq: null, source: file, line: 2, reason: expect.stringMatching(/signature does not verify/) },
        { seq: null, source: file, line: 3, reason: expect.stringMatching(/signature does not verify/) },
        { seq: null, source: file, line: 4, reason: expect.stringMatching(/not an audit anchor/) },
      ]);
      const { out, sink } = collect();
      expect(await verifyAuditCommand(h.ctx, { anchors: [file] }, sink)).toBe(1);
      expect(out.error.filter((l) => l.startsWith('ANCHOR '))).toHaveLength(3);
      expect(out.error.filter((l) => /signature does not verify/.test(l))).toHaveLength(2);
    } finally {
      writeFileSync(file, anchoredFile);
    }
  });

  it('the scheduler anchors at start and then every AUDIT_ANCHOR_MINUTES, only when the head moved', async () => {
    const own = path.join(dir, 'scheduled.jsonl');
    const ctx = { ...h.ctx, config: { ...h.ctx.config, auditAnchorFile: own, AUDIT_ANCHOR_MINUTES: 15 } };
    const lines = () => readFileSync(own, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const head = async () => (await rows()).at(-1)!;
    const scheduler = startScheduler(ctx, 3_600_000);
    try {
      await scheduler.tick();
      expect(lines()).toEqual([expect.objectContaining({ seq: (await head()).seq, hash: (await head()).hash })]);
      h.clock.advanceMinutes(16);
      await scheduler.tick(); // due, but the head did not move
      expect(lines()).toHaveLength(1);
      const c = await h.signIn('adviser');
      await c.post('/api/v1/persons/search', { q: 'scheduled' });
      await scheduler.tick(); // the head moved, but the next anchor is not due yet
      expect(lines()).toHaveLength(1);
      h.clock.advanceMinutes(15);
      await scheduler.tick();
      expect(lines()).toHaveLength(2);
      expect(lines()[1]).toMatchObject({ seq: (await head()).seq, count: (await rows()).length, at: h.clock.now().toISOString() });
      const r = await verifyAuditTrail(h.ctx.db, { anchors: readAnchorFiles(auditAnchorKey(h.ctx.config), [own]) });
      expect(r).toMatchObject({ ok: true, anchors: { checked: 2, unanchoredRows: 0 } });
    } finally {
      await scheduler.stop();
      await restore();
    }
  });

  it('an instance does not anchor while another holds the anchor lock', async () => {
    const other = path.join(dir, 'locked.jsonl');
    const blocked = await owner(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7357040)');
      if (h.ctx.db.kind === 'pglite') return null; // one connection: a second transaction would wait for this one
      return writeAuditAnchor(h.ctx, { label: 'scheduler', file: other });
    });
    if (blocked) expect(blocked).toEqual({ written: false, reason: 'locked', file: other });
    expect(await writeAuditAnchor(h.ctx, { label: 'scheduler', file: other })).toMatchObject({ written: true });
    expect(await writeAuditAnchor(h.ctx, { label: 'scheduler', file: other })).toEqual({ written: false, reason: 'unchanged', file: other });
  });

  it('the anchor key is derived from VINK_SECRET_KEY unless VINK_AUDIT_ANCHOR_KEY is set, and never a random one', () => {
    const secret = randomBytes(32).toString('base64');
    const derived = auditAnchorKey(loadConfig({ DATA_DIR: 'memory://', VINK_SECRET_KEY: secret }));
    expect(derived).toEqual(auditAnchorKey(loadConfig({ DATA_DIR: 'memory://', VINK_SECRET_KEY: secret })));
    expect(derived.equals(Buffer.from(secret, 'base64'))).toBe(false); // its own key, not the TOTP encryption key
    expect(auditAnchorKey(loadConfig({ DATA_DIR: 'memory://', VINK_SECRET_KEY: secret, VINK_AUDIT_ANCHOR_KEY: KEY }))).toEqual(Buffer.from(KEY, 'base64'));
    expect(() => auditAnchorKey(loadConfig({ DATA_DIR: 'memory://' }))).toThrow(/VINK_AUDIT_ANCHOR_KEY/);
    expect(() => loadConfig({ VINK_AUDIT_ANCHOR_KEY: 'c2hvcnQ=' })).toThrow(/VINK_AUDIT_ANCHOR_KEY/);
    expect(loadConfig({ DATA_DIR: '/srv/vink' }).auditAnchorFile).toBe(path.join('/srv/vink', 'audit-anchors.jsonl'));
  });
});

/**
 * The commands as the operator runs them (npm run vink -- anchor-audit / verify-audit): a separate process on the
 * same database, PGlite on disk or the PostgreSQL test server.
 */
describe('npm run vink -- anchor-audit / verify-audit', () => {
  it('anchors, then after tampering prints every broken row and the failed anchor and exits 1', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'vink-anchor-cli-'));
    const anchors = path.join(work, 'anchors.jsonl');
    const base = process.env.VINK_TEST_DATABASE_URL;
    const pg = base ? await scratchPostgres(base, 'vink_anchor_cli') : null;
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>), LOG_LEVEL: 'silent', AUDIT_ANCHOR_FILE: anchors, VINK_AUDIT_ANCHOR_KEY: KEY,
      ...(pg ? { DATABASE_URL: pg.url } : { DATA_DIR: path.join(work, 'data') }),
    };
    delete env.NODE_ENV;
    if (!pg) delete env.DATABASE_URL;
    const open = async (): Promise<Database> => pg ? pg.db : openPglite(path.join(work, 'data'));
    const cli = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['src/server/cli.ts', ...args], { env, cwd: process.cwd() }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
    try {
      let db = await open();
      await migrate(db);
      await db.transaction((tx) => appendAuditInTrx(tx, { at: new Date('2026-03-02T08:00:00Z'), actorId: null, actorRole: 'cli', unitId: null, purpose: 'administration' },
        Array.from({ length: 8 }, (_, i) => ({ action: 'search' as const, outcome: 'ok' as const, recordType: 'person', criterion: `row ${i}` }))));
      if (!pg) await db.close();

      const anchor = await cli('anchor-audit');
      expect(anchor.stdout).toMatch(/Audit chain anchored: row \d+ \(8 rows/);
      expect(anchor.code).toBe(0);

      db = await open();
      const seqs = (await db.transaction((tx) => tx.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq'))).rows.map((r) => r.seq);
      await db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER ALL');
        await tx.query(`UPDATE audit_log SET criterion = 'edited' WHERE seq = ANY($1::bigint[])`, [[seqs[1], seqs[4]]]);
        await tx.query('DELETE FROM audit_log WHERE seq = $1', [seqs[7]]);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER ALL');
      });
      if (!pg) await db.close();

      const verify = await cli('verify-audit', '--anchors', anchors);
      expect(verify.code).toBe(1);
      const errors = verify.stderr.trim().split('\n');
      expect(errors.filter((l) => l.startsWith('BROKEN row'))).toEqual([
        `BROKEN row ${seqs[1]}: content does not match its hash (the row was altered)`,
        `BROKEN row ${seqs[4]}: content does not match its hash (the row was altered)`,
      ]);
      expect(errors.filter((l) => l.startsWith('ANCHOR'))).toEqual([
        `ANCHOR ${anchors}:1 (row ${seqs[7]}): anchored row ${seqs[7]} is missing (rows were removed); 7 rows up to it where the anchor counted 8`,
      ]);
      expect(errors.at(-1)).toMatch(/^Audit trail BROKEN: 2 broken row\(s\), 1 anchor finding\(s\)/);
    } finally {
      await pg?.drop();
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
