import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Logger } from './logger.ts';

/**
 * A statement to run: its text, or its text with a name. A named statement is prepared once per PostgreSQL
 * connection and then only executed (pg's `{ name, text, values }`); use it for fixed statements on the hot path.
 * PGlite runs it by its text.
 */
export type Statement = string | { name: string; text: string };

/**
 * A named statement for SQL whose text is built from a few fixed shapes (e.g. an actor's reaches): named by a hash
 * of its text, so each shape is prepared once per connection and two shapes never share a name.
 */
export function named(prefix: string, text: string): { name: string; text: string } {
  return { name: `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, text };
}

/** The one query surface the repositories use, identical on PGlite and PostgreSQL. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: Statement, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs fn with a Queryable that takes exactly ONE statement, sent on its own (PostgreSQL: no BEGIN/COMMIT round
   * trips; a single statement is atomic by itself); a second statement throws. For the one read every request
   * makes before its work (the session check). PGlite runs it in a transaction, which costs nothing in process.
   */
  single<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Answers when the database does (readiness checks); throws the driver's error when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A test hook: sees the text of every statement a database runs in a transaction, BEGIN and COMMIT/ROLLBACK
 * included (tests/request-statements.int.test.ts counts a request's statements with it). Off (null) by default.
 */
export type StatementObserver = (text: string) => void;
const observers = new WeakMap<Database, StatementObserver>();
export function observeStatements(db: Database, observer: StatementObserver | null): void {
  if (observer) observers.set(db, observer);
  else observers.delete(db);
}
const textOf = (sql: Statement): string => (typeof sql === 'string' ? sql : sql.text);

// Dates ('date' columns) stay 'YYYY-MM-DD' strings: converting them to JS Dates shifts them by the time zone.
// bigint counts come back as numbers; VINK's counts are far below 2^53.
const DATE_OID = 1082;
const INT8_OID = 20;

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly pglite: PGlite;
  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const observe = observers.get(this);
    observe?.('BEGIN');
    let ok = false;
    try {
      const result = await this.pglite.transaction(async (tx) =>
        fn({
          query: async <R,>(sql: Statement, params?: unknown[]) => {
            observe?.(textOf(sql));
            const r = await tx.query<R>(textOf(sql), params as unknown[]);
          // PGlite reports affectedRows 0 for SELECT; count returned rows then.
            return { rows: r.rows, rowCount: Math.max(r.rows.length, r.affectedRows ?? 0) };
          },
          exec: async (sql: string) => {
            observe?.(sql);
            await tx.exec(sql);
          },
        }),
      );
      ok = true;
      return result;
    } finally {
      observe?.(ok ? 'COMMIT' : 'ROLLBACK');
    }
  }
  single<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.transaction((tx) => fn(oneStatement(tx)));
  }
  async ping(): Promise<void> {
    await this.pglite.query('SELECT 1');
  }
  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  private readonly logger: Logger | undefined;
  constructor(pool: pg.Pool, logger?: Logger) {
    this.pool = pool;
    this.logger = logger;
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.withClient(fn, true);
  }
  single<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.withClient((q) => fn(oneStatement(q)), false);
  }
  private async withClient<T>(fn: (tx: Queryable) => Promise<T>, transaction: boolean): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A checked-out client that loses its connection emits 'error' on itself, not on the pool; unhandled, that
    // kills Node. Record it: the query in flight rejects on its own, and the client is discarded on release.
    const onError = (err: Error) => {
      broken = err;
      this.logger?.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost');
    };
    client.on('error', onError);
    const observe = observers.get(this);
    try {
      if (transaction) {
        observe?.('BEGIN');
        await client.query('BEGIN');
      }
      const result = await fn({
        query: async <R,>(sql: Statement, params?: unknown[]) => {
          observe?.(textOf(sql));
          const r = typeof sql === 'string'
            ? await client.query(sql, params)
            : await client.query({ name: sql.name, text: sql.text, values: params ?? [] });
          return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
        },
        exec: async (sql: string) => {
          observe?.(sql);
          await client.query(sql);
        },
      });
      if (transaction) {
        observe?.('COMMIT');
        await client.query('COMMIT');
      }
      return result;
    } catch (err) {
      if (transaction) {
        try {
          observe?.('ROLLBACK');
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
      }
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }
  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** A Queryable that lets exactly one statement through (Database.single). */
function oneStatement(q: Queryable): Queryable {
  let used = false;
  const once = () => {
    if (used) throw new Error('Database.single runs one statement; use a transaction for more');
    used = true;
  };
  return {
    query: (sql, params) => {
      once();
      return q.query(sql, params);
    },
    exec: (sql) => {
      once();
      return q.exec(sql);
    },
  };
}

/**
 * PGlite's PostgreSQL settings on top of its defaults. shared_buffers is PostgreSQL's 128 MB by default, all of it in
 * the WebAssembly heap; embedded VINK serves one unit, and the data files stay in the operating system's page cache
 * anyway, so 16 MB keeps an idle server small (docs/architecture.md, "Embedded mode").
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB', 'work_mem=4MB', 'maintenance_work_mem=16MB'];

/**
 * Opens an embedded PGlite database in dataDir ('memory://' for an in-memory one). loadDataDir starts it from a
 * data directory saved with dumpDataDir() (the tests' migrated template).
 */
export async function openPglite(dataDir: string, opts: { loadDataDir?: Blob | undefined } = {}): Promise<PgliteDatabase> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])],
    serializers: {},
    // Trigram similarity for the person search (migration 0180).
    extensions: { pg_trgm },
  });
  void pgliteTypes;
  return new PgliteDatabase(pglite);
}

/** Opens a pool to a PostgreSQL server. Pool errors are logged, never allowed to crash the process. */
export function openPostgres(url: string, logger?: Logger, max = 10, connectTimeoutMs = 1_500): PostgresDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A frozen database must give a quick 503, not a 5 s wait per request.
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === DATE_OID) return (v: string) => v;
        if (oid === INT8_OID) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill Node.
  pool.on('error', (err) => logger?.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database pool error'));
  return new PostgresDatabase(pool, logger);
}

export type { PgliteDatabase, PostgresDatabase };

/**
 * Confines the rest of the transaction to a database role and sets transaction-local settings that row-level
 * security reads (vink_actor_id(), vink_actor_units(), vink_actor_role()), all in one statement. Used by the scope
 * builder (access/scope.ts) only.
 */
export async function confineTransactionInTrx(tx: Queryable, role: string, settings: Record<string, string>): Promise<void> {
  const names = Object.keys(settings);
  const calls = names.map((n, i) => `set_config('${n.replace(/[^a-z_.]/g, '')}', $${i + 2}, true)`);
  const text = `SELECT set_config('role', $1, true)${calls.map((c) => `, ${c}`).join('')}`;
  // Named by its text (the setting names make its shape), so each shape is prepared once per connection.
  await tx.query(named('vink_confine', text), [role, ...names.map((n) => settings[n])]);
}
