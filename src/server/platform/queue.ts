import { PgBoss, fromPglite, getConstructionPlans, type Db as IDatabase, type QueueOptions } from 'pg-boss';
import type { Database, PgliteDatabase, PostgresDatabase, Queryable } from './db.ts';
import type { Logger } from './logger.ts';

/**
 * The job queue behind report generation and the scheduler's ticks (docs/architecture.md, "Background jobs"):
 * pg-boss on the application's own database, PGlite or PostgreSQL, so a job sent by one instance runs on whichever
 * instance has a free worker and survives a restart. pg-boss keeps its tables in the schema `pgboss`, creates and
 * migrates them itself at start, and claims jobs with FOR UPDATE SKIP LOCKED, so two instances never run one job.
 *
 * One pg-boss per database handle, shared by everything in the process that leases it (the report routes and the
 * scheduler); it stops when the last lease is released. With JOB_WORKERS=false an instance only sends jobs and runs
 * none (a web-only instance); pg-boss's supervision (expiry, retries of jobs whose worker died) then runs elsewhere.
 */
export interface JobQueue {
  /** Whether this instance runs jobs (JOB_WORKERS); when false, work() registers nothing. */
  readonly runsWorkers: boolean;
  /** Creates the queue if it does not exist yet (or updates its options). */
  define(name: string, options: QueueOptions): Promise<void>;
  /**
   * Sends a job; with an id, a second send of the same id does nothing and answers null (pg-boss inserts
   * ON CONFLICT DO NOTHING), which the scheduler uses so one tick is one job however many instances send it.
   */
  send(name: string, data: object, options?: { id?: string }): Promise<string | null>;
  /** Runs handler for each job of the queue on this instance, one at a time. Throwing fails the attempt (retried). */
  work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  /** Makes this instance's worker of the queue look for jobs now rather than at its next poll. */
  wake(name: string): void;
}

export interface JobQueueOptions {
  /** Runs workers and supervision here (JOB_WORKERS). */
  workers: boolean;
  /** How often pg-boss looks for expired jobs and jobs whose worker stopped beating (JOB_SUPERVISE_SECONDS). */
  superviseSeconds: number;
  /** How often an idle worker polls for jobs. */
  pollSeconds?: number;
}

/** pg-boss's schema. */
const QUEUE_SCHEMA = 'pgboss';

/**
 * Installs pg-boss's tables when they are missing, inside the migration run's transaction (platform/migrate.ts) and
 * so under its lock: instances starting together on an empty database would otherwise race to create them. Later
 * pg-boss versions migrate their own schema when they start. Answers whether it installed.
 */
export async function installQueueSchemaInTrx(tx: Queryable): Promise<boolean> {
  const r = await tx.query<{ installed: boolean }>(`SELECT to_regclass('${QUEUE_SCHEMA}.version') IS NOT NULL AS installed`);
  if (r.rows[0]?.installed) return false;
  // The plan is one script wrapped in its own BEGIN … COMMIT; it runs here inside the migration's transaction.
  const m = /^\s*BEGIN;([\s\S]*)COMMIT;\s*$/.exec(getConstructionPlans(QUEUE_SCHEMA));
  if (!m) throw new Error('pg-boss construction plan has an unexpected shape');
  await tx.exec(m[1]!);
  return true;
}

interface Shared {
  boss: Promise<PgBoss>;
  queue: Promise<JobQueue>;
  leases: number;
}
const shared = new WeakMap<Database, Shared>();

/** pg-boss's view of the application's database: PGlite's own adapter, or the application's pool. */
function adapterFor(db: Database): IDatabase {
  if (db.kind === 'pglite') return fromPglite((db as PgliteDatabase).pglite);
  const pool = (db as PostgresDatabase).pool;
  return {
    async executeSql(text: string, values?: unknown[]) {
      // Without values pg runs the text as a simple query, which may hold several statements (pg-boss's schema
      // scripts); it then answers one result per statement.
      const r: unknown = values?.length ? await pool.query(text, values) : await pool.query(text);
      return Array.isArray(r) ? { rows: r.flatMap((x: { rows?: unknown[] }) => x.rows ?? []) } : (r as { rows: unknown[] });
    },
  };
}

async function startBoss(db: Database, logger: Logger, opts: JobQueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    db: adapterFor(db),
    backend: db.kind === 'pglite' ? 'pglite' : 'postgres',
    // VINK's schedules are its own ticks (jobs/scheduler.ts), so pg-boss's cron is off.
    schedule: false,
    supervise: opts.workers,
    superviseIntervalSeconds: opts.superviseSeconds,
    monitorIntervalSeconds: opts.superviseSeconds,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  // An unhandled 'error' event would kill the process; pg-boss reports failed polls here (e.g. a database outage).
  boss.on('error', (err: Error & { code?: string }) => logger.error({ job: 'queue', err: { name: err.name, code: err.code, message: err.message } }, 'job queue error'));
  boss.on('warning', (w: { message?: string }) => logger.warn({ job: 'queue', warning: w.message }, 'job queue warning'));
  await boss.start();
  return boss;
}

function wrap(boss: PgBoss, logger: Logger, opts: JobQueueOptions): JobQueue {
  const workerIds = new Map<string, string>();
  return {
    runsWorkers: opts.workers,
    async define(name, options) {
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    },
    send: (name, data, options = {}) => boss.send(name, data, options.id ? { id: options.id } : {}),
    async work(name, handler) {
      if (!opts.workers || workerIds.has(name)) return;
      const id = await boss.work<object>(name, { pollingIntervalSeconds: opts.pollSeconds ?? 2, localConcurrency: 1, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never);
      });
      workerIds.set(name, id);
      logger.debug({ job: 'queue', queue: name }, 'worker started');
    },
    wake(name) {
      const id = workerIds.get(name);
      if (id) boss.notifyWorker(id);
    },
  };
}

/**
 * Leases the process's job queue on db, starting pg-boss on the first lease (which creates or migrates its schema).
 * Release the lease when the app closes; the last release stops pg-boss, letting running jobs finish for up to
 * graceMs (a job cut off is retried by another instance: see the report queue's heartbeat in modules/reports/jobs.ts).
 */
export async function leaseJobQueue(db: Database, logger: Logger, opts: JobQueueOptions): Promise<{ queue: JobQueue; release(graceMs?: number): Promise<void> }> {
  let s = shared.get(db);
  if (!s) {
    const boss = startBoss(db, logger, opts);
    s = { boss, queue: boss.then((b) => wrap(b, logger, opts)), leases: 0 };
    shared.set(db, s);
    boss.catch(() => {
      if (shared.get(db) === s) shared.delete(db);
    });
  }
  const mine = s;
  mine.leases++;
  let released = false;
  const release = async (graceMs = 10_000) => {
    if (released) return;
    released = true;
    mine.leases--;
    if (mine.leases > 0) return;
    if (shared.get(db) === mine) shared.delete(db);
    const boss = await mine.boss.catch(() => null);
    await boss?.stop({ graceful: graceMs > 0, timeout: Math.max(graceMs, 1), close: false }).catch(() => undefined);
  };
  try {
    return { queue: await mine.queue, release };
  } catch (err) {
    await release(0);
    throw err;
  }
}
