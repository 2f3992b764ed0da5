import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction, scopedTransaction } from './helpers/sql.ts';
import { createContext } from '../src/server/platform/boot.ts';
import { buildApp, SESSION_COOKIE, type AppInstance } from '../src/server/http/app.ts';
import { openPglite, openPostgres, type Database, type PgliteDatabase, type PostgresDatabase } from '../src/server/platform/db.ts';
import { leaseJobQueue } from '../src/server/platform/queue.ts';
import { startScheduler, tickJobId, SCHEDULER_QUEUE } from '../src/server/jobs/scheduler.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { ReportJobs } from '../src/server/modules/reports/jobs.ts';
import type { AppContext } from '../src/server/platform/context.ts';
import type { Actor } from '../src/server/access/actor.ts';
import { freshDatabase } from './helpers/db.ts';

/**
 * Background jobs on the PostgreSQL-backed queue (platform/queue.ts; docs/architecture.md, "Background jobs"):
 * a report job started on one instance is finished and downloaded on another after the first has stopped, a
 * scheduler tick sent by several instances runs once, and a job's row is readable by its owner only.
 *
 * "Instances" are separate apps with their own database handles (and so their own pg-boss) on one database. On
 * PostgreSQL each has its own pool; on PGlite (one session) the second instance is the restart of the first: the
 * data directory is closed and opened again.
 */
const TEST_ENV = { LOG_LEVEL: 'silent', DATA_DIR: 'memory://', RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', JOB_SUPERVISE_SECONDS: '1' };

let h: Harness;
let manager: Client & { user: TestUser };
let colleague: TestUser;
let planId: string;

const sql = async <T,>(db: Database, text: string, params: unknown[] = []) =>
  (await systemTransaction(db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

/** Polls until cond(value) holds (at most ~60 s); answers the last value. */
async function until<T>(read: () => Promise<T>, cond: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 600 && !cond(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

/** A second instance on the database db reaches: its own app and job queue, sharing the harness's clock. */
async function instance(db: Database, env: Record<string, string> = {}): Promise<{ app: AppInstance; ctx: AppContext; close(): Promise<void> }> {
  const ctx = await createContext({ env: { ...TEST_ENV, ...env }, clock: h.clock, db });
  const app = await buildApp(ctx);
  return { app, ctx, close: async () => { await app.close(); await db.close(); } };
}

/** The same signed-in user, talking to another instance (the session lives in the database). */
function sameUserOn(app: AppInstance, c: Client): Client {
  const moved = new Client(app);
  moved.cookie = c.cookie;
  moved.csrfToken = c.csrfToken;
  return moved;
}

beforeAll(async () => {
  // Instance 1 accepts jobs but runs none (a web-only instance), so the job is still waiting when it stops.
  h = await createHarness({ ...TEST_ENV, JOB_WORKERS: 'false' });
  manager = await h.signIn('manager', 'a');
  colleague = await h.createUser('manager', 'a');
  const [p] = await sql<{ id: string }>(h.ctx.db, `INSERT INTO action_plans (unit_id, name, first_year, last_year, created_at) VALUES ($1, 'Handleplan', 2025, 2026, $2) RETURNING id`,
    [h.units.a, h.clock.now()]);
  planId = p!.id;
  await sql(h.ctx.db, `INSERT INTO budget_lines (plan_id, unit_id, year, funding_source, amount_dkk) VALUES ($1, $2, 2026, 'Kommunal ramme', 4600000)`, [planId, h.units.a]);
});
afterAll(async () => h?.close());

describe('a report job survives the instance that started it', () => {
  it('started on instance 1, which stops before any worker picks it up; instance 2 on the same database finishes it and serves the files', async () => {
    const start = await manager.post('/api/v1/reports/year', { planId, year: 2026 });
    expect(start.status).toBe(202);
    const jobId: string = start.body.jobId;
    expect((await manager.get(`/api/v1/reports/jobs/${jobId}`)).body).toMatchObject({ status: 'queued' });

    // Stop instance 1: its app (and so its job queue) closes; on PGlite the data directory is closed too.
    await h.app.close();
    let db2: Database;
    if (h.ctx.db.kind === 'postgres') {
      db2 = openPostgres((h.ctx.db as PostgresDatabase).pool.options.connectionString!, undefined, 3);
    } else {
      const dump = await (h.ctx.db as PgliteDatabase).pglite.dumpDataDir('none');
      await h.ctx.db.close();
      db2 = await openPglite('memory://', { loadDataDir: dump });
    }
    const two = await instance(db2);
    try {
      const c = sameUserOn(two.app, manager);
      const status = await until(() => c.get(`/api/v1/reports/jobs/${jobId}`), (r) => r.body.status === 'done' || r.body.status === 'failed');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ jobId, status: 'done', progress: 100, step: 'done', year: 2026 });
      const pdf = await two.app.inject({ method: 'GET', url: `/api/v1/reports/jobs/${jobId}/pdf`, headers: { cookie: `${SESSION_COOKIE}=${c.cookie}` } });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const xlsx = await two.app.inject({ method: 'GET', url: `/api/v1/reports/jobs/${jobId}/xlsx`, headers: { cookie: `${SESSION_COOKIE}=${c.cookie}` } });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
      // The figures the job was made from are forgotten once the files exist.
      const [row] = await sql<{ input: unknown }>(db2, 'SELECT input FROM report_jobs WHERE id = $1', [jobId]);
      expect(row!.input).toBeNull();

      // Row-level security: the application role sees the owner's job only, whatever the query asks for.
      const actor = (id: string, unitId: string): Actor => ({ id, role: 'manager', username: 'x', displayName: 'x', unitId, unitName: 'x', unitIds: [unitId], sessionId: id });
      const visible = (userId: string, unitId: string) => runScoped(two.ctx, actor(userId, unitId), 'administration',
        async (s) => (await scopedTransaction(s).query<{ id: string }>('SELECT id FROM report_jobs')).rows.map((r) => r.id));
      expect(await visible(manager.user.id, manager.user.unitId)).toEqual([jobId]);
      expect(await visible(colleague.id, colleague.unitId)).toEqual([]);
    } finally {
      await two.close();
    }
  });
});

/**
 * A crash rather than a stop: instance 1's worker has claimed the job and hangs in the printer; then its database
 * connections go away before its queue can say anything (as when the process is killed). Only PostgreSQL can run
 * two instances at once.
 */
describe.runIf(process.env.VINK_TEST_DATABASE_URL)('a report job survives the crash of the instance printing it (PostgreSQL only)', () => {
  it('instance 1 dies mid-print; its worker stops beating and instance 2 prints the job', async () => {
    const url = (h.ctx.db as PostgresDatabase).pool.options.connectionString!;
    // Started through a web-only instance, so instance 1 below is the first to claim it.
    const web = await instance(openPostgres(url, undefined, 3), { JOB_WORKERS: 'false' });
    const cw = sameUserOn(web.app, manager);
    const jobId: string = (await cw.post('/api/v1/reports/year', { planId, year: 2026 })).body.jobId;
    expect(jobId).toBeTruthy();

    const db1 = openPostgres(url, undefined, 3);
    const ctx1 = await createContext({ env: TEST_ENV, clock: h.clock, db: db1 });
    const lease1 = await leaseJobQueue(db1, ctx1.logger, { workers: true, superviseSeconds: 1, pollSeconds: 0.5 });
    const hung = new ReportJobs({ ctx: ctx1, queue: lease1.queue, printPdf: () => new Promise<Buffer>(() => undefined) });
    await hung.init();
    const printing = await until(() => cw.get(`/api/v1/reports/jobs/${jobId}`), (r) => r.body.step === 'pdf');
    expect(printing.body).toMatchObject({ status: 'running', step: 'pdf' });

    // The crash: connections gone first, so instance 1 cannot hand the job back; then its timers stop (its handler
    // never returns, so nothing waits for it).
    await db1.close();
    await lease1.release(0);
    void hung.close();

    const two = await instance(openPostgres(url, undefined, 3));
    try {
      const done = await until(() => cw.get(`/api/v1/reports/jobs/${jobId}`), (r) => r.body.status === 'done' || r.body.status === 'failed');
      expect(done.body).toMatchObject({ jobId, status: 'done', progress: 100 });
      const pdf = await two.app.inject({ method: 'GET', url: `/api/v1/reports/jobs/${jobId}/pdf`, headers: { cookie: `${SESSION_COOKIE}=${cw.cookie}` } });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await two.close();
      await web.close();
    }
  });
});

describe('scheduler ticks on the queue', () => {
  it('the tick of one interval, sent by two instances, runs once; the next interval runs once more', async () => {
    // On PostgreSQL: two instances with their own pools on one database. On PGlite (one session): one instance,
    // whose two schedulers both send each tick.
    const fresh = await freshDatabase();
    const dbs: Database[] = [fresh.db];
    if (fresh.url) dbs.push(openPostgres(fresh.url, undefined, 3));
    const ctxs = await Promise.all(dbs.map((db) => createContext({ env: TEST_ENV, clock: h.clock, db })));
    const leases = await Promise.all(ctxs.map((c) => leaseJobQueue(c.db, c.logger, { workers: true, superviseSeconds: 1, pollSeconds: 0.5 })));
    const HOUR = 3_600_000;
    const schedulers = [0, 1].map((i) => startScheduler(ctxs[i] ?? ctxs[0]!, HOUR, (leases[i] ?? leases[0]!).queue));
    const total = () => schedulers.reduce((n, s) => n + s.ticksRun(), 0);
    const jobState = async (slot: number) => (await sql<{ state: string }>(dbs[0]!, `SELECT state FROM pgboss.job WHERE name = $1 AND id = $2`,
      [SCHEDULER_QUEUE, tickJobId(slot, HOUR)])).map((r) => r.state);
    try {
      const slot = Math.floor(h.clock.now().getTime() / HOUR);
      // Each scheduler sent the slot's tick at start, and each sends it once more: one job, run once.
      await Promise.all(schedulers.map((s) => s.enqueue()));
      expect(await until(() => jobState(slot), (s) => s[0] === 'completed')).toEqual(['completed']);
      expect(total()).toBe(1);

      h.clock.advance(HOUR);
      const sent = await Promise.all(schedulers.map((s) => s.enqueue()));
      expect(sent.filter(Boolean)).toHaveLength(1);
      expect(await until(() => jobState(slot + 1), (s) => s[0] === 'completed')).toEqual(['completed']);
      expect(total()).toBe(2);
    } finally {
      for (const s of schedulers) await s.stop();
      for (const l of leases) await l.release(0);
      for (const db of dbs.slice(1)) await db.close();
      await fresh.drop();
    }
  });
});
