/**
 * Load benchmark: `npm run bench` (in-memory PGlite) or `VINK_BENCH_DATABASE_URL=postgres://… npm run bench`
 * (a fresh database is created on that server and dropped afterwards). Prints figures; asserts nothing.
 *
 * Options (environment): BENCH_SECONDS (default 8) per endpoint, BENCH_CONNECTIONS (default 10), BENCH_ROWS (default 2000).
 */
import { createContext } from '../src/server/platform/boot.ts';
import { buildApp, SESSION_COOKIE } from '../src/server/http/app.ts';
import { systemTransaction } from '../tests/helpers/sql.ts';
import { verifyAuditChain } from '../src/server/audit/audit.ts';
import type { Database } from '../src/server/platform/db.ts';
import { scratchPostgres } from '../tests/helpers/db.ts';
import { ensureUnitInTrx, insertUserInTrx } from '../src/server/modules/users/index.ts';
import { totpCode } from '../src/server/modules/auth/credentials.ts';
import { autocannon, type CannonOptions } from './national-measure.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const PASSWORD = 'bench-password-correct-horse';
const ENV = { DATA_DIR: 'memory://', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000' };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A fresh PostgreSQL database when VINK_BENCH_DATABASE_URL is set, else none (createContext opens in-memory PGlite). */
async function database(): Promise<{ db: Database | undefined; label: string; drop(): Promise<void> }> {
  const base = process.env.VINK_BENCH_DATABASE_URL;
  if (!base) return { db: undefined, label: 'PGlite (in-memory)', drop: async () => {} };
  const scratch = await scratchPostgres(base, 'vink_bench', 10);
  return { db: scratch.db, label: `PostgreSQL (${new URL(base).host}, database ${scratch.name})`, drop: scratch.drop };
}

/** Signs in through the API (password, TOTP enrolment) and returns the headers an authenticated request needs. */
async function signIn(base: string, username: string): Promise<Record<string, string>> {
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    return { json, cookie: cookie?.split(';')[0] };
  };
  const login = await post('/api/v1/auth/login', { username, password: PASSWORD });
  let headers = { cookie: login.cookie!, 'x-csrf-token': String(login.json.csrfToken) };
  const enrol = await post('/api/v1/auth/second-factor/enrolment', {}, headers);
  const confirmed = await post('/api/v1/auth/second-factor/enrolment/confirm', { code: await totpCode(String(enrol.json.secret)) }, headers);
  headers = { cookie: confirmed.cookie ?? headers.cookie, 'x-csrf-token': String(confirmed.json.csrfToken) };
  return headers;
}

interface Row { name: string; rps: number; p50: number; p99: number; total: number; errors: number; non2xx: number; rssBefore: number; rssAfter: number }

async function load(name: string, opts: CannonOptions): Promise<Row> {
  const rssBefore = process.memoryUsage().rss;
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  const rssAfter = process.memoryUsage().rss;
  const row = {
    name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total,
    errors: r.errors + r.timeouts, non2xx: r.non2xx, rssBefore, rssAfter,
  };
  console.log(`  ${name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.total} requests, ${row.errors} errors, ${row.non2xx} non-2xx, RSS ${mb(rssBefore)} -> ${mb(rssAfter)}`);
  return row;
}

async function main(): Promise<void> {
  const rssStart = process.memoryUsage().rss;
  const store = await database();
  const t0 = performance.now();
  const ctx = await createContext({ env: { ...ENV }, ...(store.db ? { db: store.db } : {}) });
  const app = await buildApp(ctx);
  await app.ready();
  const coldStart = performance.now() - t0;
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  try {
    const unitId = await systemTransaction(ctx.db, (tx) => ensureUnitInTrx(tx, { name: 'Benchkommune', municipalityCode: '101', policeDistrictId: 11 }));
    await systemTransaction(ctx.db, (tx) =>
      insertUserInTrx(tx, { username: 'bench.coordinator', displayName: 'Bench Coordinator', role: 'coordinator', unitId, password: PASSWORD }, ctx.clock.now()),
    );
    const headers = await signIn(base, 'bench.coordinator');

    const tSeed = performance.now();
    const caseIds = await systemTransaction(ctx.db, async (tx) => {
      const now = ctx.clock.now();
      await tx.query(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at)
         SELECT $1, 'Bench Person ' || g, 'unknown', $2, $2 FROM generate_series(1, $3::int) AS g`,
        [unitId, now, ROWS],
      );
      const c = await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at)
         SELECT $1, p.id, 'Bench sag for ' || p.full_name, $2, $2 FROM persons p WHERE p.unit_id = $1 RETURNING id`,
        [unitId, now],
      );
      return c.rows.map((r) => r.id);
    });
    const seedMs = performance.now() - tSeed;
    const auditBefore = await auditRows(ctx.db);

    console.log(`VINK benchmark on ${store.label}`);
    console.log(`  node ${process.version}, ${SECONDS} s per endpoint, ${CONNECTIONS} connections, loopback ${base}`);
    console.log(`  cold start (createContext + buildApp, incl. migrations): ${ms(coldStart)}`);
    console.log(`  seeded ${ROWS} persons and ${caseIds.length} cases in ${ms(seedMs)}; RSS at start ${mb(rssStart)}, now ${mb(process.memoryUsage().rss)}`);
    console.log('');

    let next = 0;
    const rows: Row[] = [];
    rows.push(await load('GET /api/v1/health', { url: `${base}/api/v1/health` }));
    rows.push(await load('GET /api/v1/cases/page (list, audited)', { url: `${base}/api/v1/cases/page`, headers }));
    rows.push(await load('GET /api/v1/cases/:id (audited read)', {
      url: base, headers,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/cases/${caseIds[next++ % caseIds.length]}` }) }],
    }));
    rows.push(await load('POST /api/v1/persons/search (audited search)', {
      url: `${base}/api/v1/persons/search`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ q: 'Bench Person 17' }),
    }));

    // A body nested 10,000 levels deep is refused before it is parsed (docs/security.md): time it one at a time.
    const nested = `{"q":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const nestedMs: number[] = [];
    const nestedStatuses = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/persons/search`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: nested });
      await res.arrayBuffer();
      nestedMs.push(performance.now() - t);
      nestedStatuses.add(res.status);
    }
    nestedMs.sort((a, b) => a - b);
    console.log(`  POST a body nested 10,000 deep, 50 times one after the other: status ${[...nestedStatuses].join(', ')}; `
      + `median ${ms(nestedMs[25]!)}, max ${ms(nestedMs[49]!)}`);

    await new Promise((r) => setTimeout(r, 200)); // let the last in-flight requests finish writing their audit rows
    const tVerify = performance.now();
    const verification = await verifyAuditChain(ctx.db);
    const verifyMs = performance.now() - tVerify;
    const auditAfter = await auditRows(ctx.db);
    console.log('');
    console.log(`  audit rows written by the benchmark: ${auditAfter - auditBefore} (table now ${auditAfter} rows)`);
    console.log(`  verifyAuditChain over ${verification.checked} rows: ${ms(verifyMs)} (${((verification.checked / verifyMs) * 1000).toFixed(0)} rows/s), ok=${verification.ok}`);
    console.log(`  RSS at end ${mb(process.memoryUsage().rss)}; heap used ${mb(process.memoryUsage().heapUsed)}`);
    console.log('');
    console.table(rows.map((r) => ({
      endpoint: r.name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors, 'non-2xx': r.non2xx,
      'RSS before': mb(r.rssBefore), 'RSS after': mb(r.rssAfter),
    })));
  } finally {
    await app.close();
    await ctx.db.close();
    await store.drop();
  }
}

async function auditRows(db: Database): Promise<number> {
  return Number((await systemTransaction(db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).rows[0]!.n);
}

main().then(
  () => {
    // Everything is closed; should a library still hold a handle, do not hang.
    setTimeout(() => process.exit(0), 2_000).unref();
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
