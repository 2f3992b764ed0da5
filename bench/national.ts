/**
 * `npm run bench:national`: VINK at national scale on PostgreSQL, against the database's own limit (bench/README.md).
 *
 * 1. Builds (or reuses, when built with the same parameters) the national data set in its own database.
 * 2. Starts the VINK server on it as a child process on loopback (`node src/server/main.ts`, NODE_ENV=production).
 * 3. Signs in a coordinator, a manager and a DPO of one unit through the API (password + TOTP enrolment).
 * 4. For each answer: the API under autocannon at `--connections` clients for `--duration` seconds, then the minimal
 *    SQL that gives the same answer (plus the audit INSERT where the API audits) over a pg pool at the same
 *    concurrency. Prints a markdown table: req/s, p50, p99, the ratio API ÷ database, and the server's peak RSS.
 *
 * Prints figures and asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { totpCode } from '../src/server/modules/auth/credentials.ts';
import { indicatorsByYearsStatement, caseloadStatements } from '../src/server/modules/plans/repo.ts';
import type { MeasureCode } from '../src/shared/indicators.ts';
import { MIN_SEARCH_WORD_SIMILARITY } from '../src/server/modules/persons/matching.ts';
import { BENCH_PASSWORD, BENCH_SECRET_KEY, buildNational, username, type NationalParams } from './national-data.ts';
import { BASELINE_AUDIT_INSERT, baselineAuditParams } from './national-audit.ts';
import { api, database, flows, rssMb, withRss, type Figures } from './national-measure.ts';

const { values: args } = parseArgs({
  options: {
    units: { type: 'string', default: '98' },
    years: { type: 'string', default: '10' },
    'audit-rows': { type: 'string', default: '10000000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rebuild: { type: 'boolean', default: false },
    only: { type: 'string' },
    'server-node-options': { type: 'string' },
    database: { type: 'string', default: 'vink_bench_national' },
    url: { type: 'string', default: process.env.VINK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const int = (name: string, v: string | undefined, min: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
};
const params: NationalParams = { units: int('units', args.units, 1), years: int('years', args.years, 1), auditRows: int('audit-rows', args['audit-rows'], 0) };
if (params.units > 899) throw new Error('--units must be at most 899 (three-digit municipality codes)');
const DURATION = int('duration', args.duration, 1);
const CONNECTIONS = int('connections', args.connections, 1);
const DB_NAME = args.database!;
/** The larger of VINK's two reference plans: 16 indicators, among them every kind of measure but the milestone. */
const PLAN_KEY = 'vink-2016-17';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error('--database must be a plain lower-case identifier');

const t0 = performance.now();
const log = (s: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${s}`);
const dbUrl = (() => {
  const u = new URL(args.url!);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

/** Creates the bench database fresh, or reuses it when it was completely built with the same parameters and year. */
async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: args.url });
  await admin.connect();
  const want = JSON.stringify({ ...params, year: new Date().getUTCFullYear(), complete: true });
  try {
    const r = await admin.query<{ note: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [DB_NAME],
    );
    if (r.rows[0] && r.rows[0].note === want && !args.rebuild) {
      log(`reusing database ${DB_NAME} (built with ${want})`);
      return;
    }
    log(r.rows[0] ? `rebuilding database ${DB_NAME} (was: ${r.rows[0].note ?? 'incomplete'})` : `creating database ${DB_NAME}`);
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
    await buildNational(dbUrl, params, log);
    await admin.query(`COMMENT ON DATABASE ${DB_NAME} IS '${want}'`);
  } finally {
    await admin.end();
  }
}

/** Starts `node src/server/main.ts` on the bench database on a free loopback port; resolves with its base URL. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: dbUrl, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn',
      DATA_DIR: dataDir, VINK_SECRET_KEY: BENCH_SECRET_KEY, SESSION_IDLE_MINUTES: '240',
      RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      ...(args['server-node-options'] ? { NODE_OPTIONS: args['server-node-options'] } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`  server: ${d.toString()}`));
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('VINK is running')) resolve(); });
    setTimeout(() => reject(new Error('server did not start within 120 s')), 120_000).unref();
  });
  log(`server started (pid ${child.pid}) in ${Math.round(performance.now() - started)} ms at ${base}`);
  return { child, base };
}

type Headers = Record<string, string>;

/** Signs in through the API (password, TOTP enrolment with a code computed from the enrolment secret). */
async function signIn(base: string, user: string): Promise<Headers> {
  const post = async (p: string, body: unknown, headers: Headers = {}) => {
    const res = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vink_session='))?.split(';')[0];
    return { json, cookie };
  };
  const login = await post('/api/v1/auth/login', { username: user, password: BENCH_PASSWORD });
  let headers: Headers = { cookie: login.cookie!, 'x-csrf-token': String(login.json.csrfToken) };
  const enrol = await post('/api/v1/auth/second-factor/enrolment', {}, headers);
  const confirmed = await post('/api/v1/auth/second-factor/enrolment/confirm', { code: await totpCode(String(enrol.json.secret)) }, headers);
  headers = { cookie: confirmed.cookie ?? headers.cookie!, 'x-csrf-token': String(confirmed.json.csrfToken) };
  return headers;
}

interface Line { answer: string; route: string; api: Figures; db: Figures; rss: number; note?: string }

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

async function main(): Promise<void> {
  await ensureDatabase();
  const pool = new pg.Pool({ connectionString: dbUrl, max: CONNECTIONS + 2 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vink-bench-national-'));
  let server: { child: ChildProcess; base: string } | undefined;
  try {
    const counts = (await pool.query<{ t: string; n: string }>(
      `SELECT t, n FROM (VALUES ('units', (SELECT count(*) FROM units)), ('persons', (SELECT count(*) FROM persons)), ('cases', (SELECT count(*) FROM cases)),
        ('concerns', (SELECT count(*) FROM concerns)), ('calls', (SELECT count(*) FROM calls)), ('case_members', (SELECT count(*) FROM case_members)),
        ('case_notes', (SELECT count(*) FROM case_notes)), ('assessments', (SELECT count(*) FROM assessments)), ('offers', (SELECT count(*) FROM offers)),
        ('courses', (SELECT count(*) FROM courses)), ('activities', (SELECT count(*) FROM activities)),
        ('audit_log (estimate)', (SELECT reltuples::bigint FROM pg_class WHERE relname = 'audit_log'))) AS x (t, n)`,
    )).rows;
    const size = (await pool.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')).rows[0]!.s;

    // The measured unit: unit 1 (u101.*). Fresh TOTP enrolment each run (the app's own enrolment path).
    const who = ['coordinator', 'manager', 'dpo'].map((r) => username(1, r));
    await pool.query(
      `UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_attempts = 0, locked_until = NULL WHERE username = ANY($1::text[])`,
      [who],
    );
    const actors = Object.fromEntries((await pool.query<{ username: string; id: string; role: string; unit_id: string }>(
      'SELECT username, id, role, unit_id FROM users WHERE username = ANY($1::text[])', [who],
    )).rows.map((u) => [u.role, { id: u.id, role: u.role, unitId: u.unit_id }]));
    const unitId = actors.coordinator!.unitId;
    const caseIds = (await pool.query<{ id: string; person_id: string }>('SELECT id, person_id FROM cases WHERE unit_id = $1 ORDER BY id', [unitId])).rows;
    const personIds = (await pool.query<{ id: string }>('SELECT id FROM persons WHERE unit_id = $1 ORDER BY id', [unitId])).rows.map((r) => r.id);
    // The DPO looks up persons with audit rows (all of them have some when the data set has audit rows).
    const plan = (await pool.query<{ id: string; first_year: number; last_year: number }>(
      `SELECT id, first_year, last_year FROM action_plans WHERE unit_id = $1 AND reference_key = $2`, [unitId, PLAN_KEY],
    )).rows[0]!;
    const indicators = (await pool.query<{ measure: MeasureCode; params: Record<string, unknown> }>(
      'SELECT measure, params FROM plan_indicators WHERE plan_id = $1 ORDER BY position', [plan.id],
    )).rows;
    if (caseIds.length === 0 || personIds.length === 0) throw new Error('the measured unit has no cases or persons');

    server = await startServer(dataDir);
    const { base, child } = server;
    const h = {
      coordinator: await signIn(base, username(1, 'coordinator')),
      manager: await signIn(base, username(1, 'manager')),
      dpo: await signIn(base, username(1, 'dpo')),
    };
    log('signed in: coordinator, manager, dpo of unit 101');
    await new Promise((r) => setTimeout(r, 3000));
    const idleRss = rssMb(child.pid!);

    console.log(`# VINK national bench\n`);
    console.log(`PostgreSQL database \`${DB_NAME}\` (${size}); ${counts.map((c) => `${c.t} ${Number(c.n).toLocaleString('en')}`).join(', ')}.`);
    console.log(`Parameters: --units ${params.units} --years ${params.years} --audit-rows ${params.auditRows} --duration ${DURATION} --connections ${CONNECTIONS}; node ${process.version}.\n`);

    const lines: Line[] = [];
    const only = args.only ? new RegExp(args.only, 'i') : null;
    const measure = async (answer: string, route: string, apiRun: () => Promise<Figures>, dbRun: () => Promise<Figures>, note?: string) => {
      if (only && !only.test(answer)) return;
      log(`measuring: ${answer} (API)`);
      const { result: apiFig, rss } = await withRss(child.pid!, apiRun);
      await new Promise((r) => setTimeout(r, 500)); // let in-flight audit rows commit
      log(`measuring: ${answer} (database)`);
      const dbFig = await dbRun();
      const line = { answer, route, api: apiFig, db: dbFig, rss, ...(note ? { note } : {}) };
      lines.push(line);
      log(`  API ${f0(apiFig.rps)} req/s p50 ${f1(apiFig.p50)} p99 ${f1(apiFig.p99)} (${apiFig.failed} failed${apiFig.detail ? `: ${apiFig.detail}` : ''}); DB ${f0(dbFig.rps)} tx/s p50 ${f1(dbFig.p50)} p99 ${f1(dbFig.p99)} (${dbFig.failed} failed); RSS ${f0(rss)} MB`);
    };
    const cannon = { connections: CONNECTIONS, duration: DURATION };
    const audit = (c: pg.PoolClient, who: keyof typeof actors, action: string, type: string, recordId: string | null, personId: string | null, criterion: string | null) =>
      c.query(BASELINE_AUDIT_INSERT, baselineAuditParams(actors[who]!, action, type, recordId, personId, criterion));

    // 1. The case page's read.
    let next = 0;
    await measure('case page read', 'GET /api/v1/cases/:id (coordinator, every case of the unit in turn)',
      () => api({ ...cannon, url: base, headers: h.coordinator, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/cases/${caseIds[next++ % caseIds.length]!.id}` }) }] }),
      () => database(pool, CONNECTIONS, DURATION, async (c, i) => {
        const k = caseIds[i % caseIds.length]!;
        await c.query(
          `SELECT c.id, c.title, c.status, c.prevention_level, c.ideology_area, c.created_at, c.closed_at, c.closure_reason, c.version,
                  p.id AS person_id, p.full_name, o.id AS owner_id, o.display_name AS owner_name,
                  (SELECT coalesce(json_agg(json_build_object('userId', m.user_id, 'displayName', u.display_name, 'relation', m.relation,
                          'legalBasis', m.legal_basis)), '[]') FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = c.id) AS members,
                  (SELECT max(a.assessed_on) FROM assessments a WHERE a.case_id = c.id AND a.kind = 'start') AS started
             FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN users o ON o.id = c.owner_id
            WHERE c.id = $1 AND (c.unit_id = ANY($2::uuid[]) OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = $3))`,
          [k.id, [unitId], actors.coordinator!.id],
        );
        await audit(c, 'coordinator', 'read', 'case', k.id, k.person_id, null);
      }));

    // 2. Person search by name.
    const q = 'Demosen';
    await measure('person search', `POST /api/v1/persons/search {q: "${q}"} (coordinator)`,
      () => api({ ...cannon, url: `${base}/api/v1/persons/search`, method: 'POST', headers: { ...h.coordinator, 'content-type': 'application/json' }, body: JSON.stringify({ q }) }),
      () => database(pool, CONNECTIONS, DURATION, async (c) => {
        // The same answer as the app's spelling-tolerant search: the folded name contains the text or is alike by
        // pg_trgm's word similarity (persons/matching.ts), best first, the first page of 25 with the true total.
        await c.query(
          `SELECT p.id, p.unit_id, p.full_name, p.cpr, p.birth_date, p.gender, p.district, p.version, count(*) OVER () AS total FROM persons p
            WHERE (p.name_folded LIKE $1 OR word_similarity($3, p.name_folded) >= $4::real) AND p.unit_id = ANY($2::uuid[])
            ORDER BY (p.name_folded LIKE $1)::int + word_similarity($3, p.name_folded) DESC, p.full_name, p.id LIMIT 25`,
          [`%${q.toLowerCase()}%`, [unitId], q.toLowerCase(), MIN_SEARCH_WORD_SIMILARITY],
        );
        await audit(c, 'coordinator', 'search', 'person', null, null, q);
      }));

    // 3. Person overview: the person read the app has today.
    let nextPerson = 0;
    await measure('person overview', 'GET /api/v1/persons/:id (coordinator, every person of the unit in turn)',
      () => api({ ...cannon, url: base, headers: h.coordinator, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/persons/${personIds[nextPerson++ % personIds.length]}` }) }] }),
      () => database(pool, CONNECTIONS, DURATION, async (c, i) => {
        const id = personIds[i % personIds.length]!;
        await c.query('SELECT p.id, p.unit_id, p.full_name, p.cpr, p.birth_date, p.gender, p.district, p.version FROM persons p WHERE p.id = $1 AND p.unit_id = ANY($2::uuid[])', [id, [unitId]]);
        await audit(c, 'coordinator', 'read', 'person', id, id, null);
      }));

    // 4. The DPO's access log for one person: at the bench's concurrency, then as one DPO sees it (one client).
    let nextLog = 0;
    const dpoLogApi = (connections: number, duration: number) => api({
      connections, duration, url: base, headers: h.dpo,
      requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/audit?personId=${personIds[nextLog++ % personIds.length]}&limit=100` }) }],
    });
    const dpoLogDb = (clients: number, duration: number, stride: number) => database(pool, clients, duration, async (c, i) => {
      const id = personIds[(i * stride) % personIds.length]!;
      await c.query(
        `SELECT a.seq, a.at, a.actor_id, u.display_name, a.actor_role, a.action, a.outcome, a.record_type, a.record_id, a.person_id, a.purpose, a.criterion
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
          WHERE a.person_id = $1 AND (a.unit_id = ANY($2::uuid[]) OR EXISTS (SELECT 1 FROM persons p WHERE p.id = $1 AND p.unit_id = ANY($2::uuid[])))
          ORDER BY a.seq DESC LIMIT 100`, [id, [unitId]],
      );
      await audit(c, 'dpo', 'search', 'audit_log', null, id, `person=${id}`);
    });
    await measure('DPO access log of one person', 'GET /api/v1/audit?personId=…&limit=100 (DPO, every person of the unit in turn)',
      () => dpoLogApi(CONNECTIONS, DURATION), () => dpoLogDb(CONNECTIONS, DURATION, 1));
    await measure('DPO access log, 1 client', 'same, one client at a time',
      () => dpoLogApi(1, Math.min(DURATION, 5)), () => dpoLogDb(1, Math.min(DURATION, 5), 7));

    // 5. The action plan's dashboard: every indicator's figures over the plan period and the 3 years before it.
    const year = plan.last_year;
    const now = new Date();
    await measure('plan dashboard', `GET /api/v1/plans/:id/dashboard?year=${year} (manager, plan ${PLAN_KEY}, ${indicators.length} indicators over ${plan.last_year - plan.first_year + 4} years)`,
      () => api({ ...cannon, url: `${base}/api/v1/plans/${plan.id}/dashboard?year=${year}`, headers: h.manager }),
      () => database(pool, CONNECTIONS, DURATION, async (c) => {
        const st = indicatorsByYearsStatement(unitId, indicators, plan.first_year - 3, plan.last_year, now);
        await c.query(st.sql, st.params);
        await audit(c, 'manager', 'search', 'plan_dashboard', plan.id, null, `year=${year}`);
      }),
      'database side: the figures\' one aggregate statement (indicatorsByYearsStatement, as the app runs it) and the audit INSERT; no session, plan, parts or budget reads');

    // 5b. The dashboard as one user sees it: one client, sequential.
    await measure('plan dashboard, 1 client', 'same, one client at a time',
      () => api({ connections: 1, duration: Math.min(DURATION, 5), url: `${base}/api/v1/plans/${plan.id}/dashboard?year=${year}`, headers: h.manager }),
      () => database(pool, 1, Math.min(DURATION, 5), async (c) => {
        const st = indicatorsByYearsStatement(unitId, indicators, plan.first_year - 3, plan.last_year, now);
        await c.query(st.sql, st.params);
        await audit(c, 'manager', 'search', 'plan_dashboard', plan.id, null, `year=${year}`);
      }));

    // 6. The yearly report: job start to the workbook's download. The app allows two jobs in progress per user.
    const reportConcurrency = Math.min(2, CONNECTIONS);
    const reportFlow = async (): Promise<boolean> => {
      const start = await fetch(`${base}/api/v1/reports/year`, {
        method: 'POST', headers: { ...h.manager, 'content-type': 'application/json' }, body: JSON.stringify({ planId: plan.id, year }),
      });
      if (start.status !== 202) return false;
      const { jobId } = (await start.json()) as { jobId: string };
      for (;;) {
        const s = (await (await fetch(`${base}/api/v1/reports/jobs/${jobId}`, { headers: h.manager })).json()) as { status: string };
        if (s.status === 'done') break;
        if (s.status === 'failed') return false;
        await new Promise((r) => setTimeout(r, 25));
      }
      const file = await fetch(`${base}/api/v1/reports/jobs/${jobId}/xlsx`, { headers: h.manager });
      await file.arrayBuffer();
      return file.ok;
    };
    await measure('yearly report', `POST /api/v1/reports/year → poll the job → GET …/xlsx (manager, ${year}; ${reportConcurrency} at a time: the app's per-user limit)`,
      () => flows(reportConcurrency, DURATION, reportFlow),
      () => database(pool, reportConcurrency, DURATION, async (c) => {
        const st = indicatorsByYearsStatement(unitId, indicators, year, year, now);
        await c.query(st.sql, st.params);
        for (const groupBy of ['ideology', 'ageBand', 'gender', 'channel'] as const) {
          for (const sql of caseloadStatements(groupBy, false)) await c.query(sql, [unitId, `${year}-01-01`, `${year}-12-31`]);
        }
        await audit(c, 'manager', 'export', 'action_plan', plan.id, null, `year_report year=${year}`);
      }),
      'API side includes rendering the PDF and the workbook; database side: the report\'s figure statements only');

    console.log(`| answer | route | API req/s | API p50 ms | API p99 ms | DB tx/s | DB p50 ms | DB p99 ms | API ÷ DB | server RSS MB |`);
    console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
    for (const l of lines) {
      const failed = l.api.failed || l.db.failed ? ` (failed: API ${l.api.failed}, DB ${l.db.failed})` : '';
      console.log(`| ${l.answer}${failed} | ${l.route} | ${f0(l.api.rps)} | ${f1(l.api.p50)} | ${f1(l.api.p99)} | ${f0(l.db.rps)} | ${f1(l.db.p50)} | ${f1(l.db.p99)} | ${(l.api.rps / l.db.rps).toFixed(2)} | ${f0(l.rss)} |`);
    }
    const notes = lines.filter((l) => l.note);
    if (notes.length) console.log(`\n${notes.map((l) => `- ${l.answer}: ${l.note}`).join('\n')}`);
    console.log(`\nServer RSS at idle after start and sign-in: ${f0(idleRss)} MB.`);
    console.log(`API at ${CONNECTIONS} concurrent clients for ${DURATION} s each (autocannon, loopback); DB = the minimal SQL for the same answer ` +
      `(plus the audit INSERT where the API audits) in one transaction over a pg pool at the same concurrency. RSS = the server process's peak during the API run.`);
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => { server!.child.once('exit', r); setTimeout(r, 5000).unref(); });
    }
    await pool.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 1000).unref(),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
