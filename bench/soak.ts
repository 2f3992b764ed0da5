/**
 * Load-and-fault run (npm run soak): a bounded mixed workload against a local VINK on PostgreSQL, while the database
 * connection is cut and the server is killed (SIGKILL) and restarted several times. Prints what it saw and asserts
 * nothing: acknowledged writes against stored ones, 5xx other than 503, crashes (exits we did not cause), time to
 * recover, and the audit chain's verification at the end. Loopback only; bounded in time (SOAK_SECONDS, default 60).
 *
 *   SOAK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run soak
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { totpCode } from '../src/server/modules/auth/credentials.ts';

const BASE = process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);
const FAULT_EVERY_MS = Number(process.env.SOAK_FAULT_EVERY_MS ?? 8_000);
const OUTAGE_MS = 2_000;
const PASSWORD = 'soak-password-not-secret-1';

const dbName = `vink_soak_${Date.now()}_${randomBytes(3).toString('hex')}`;
const direct = new URL(BASE);
direct.pathname = `/${dbName}`;

// --- a cuttable TCP proxy in front of PostgreSQL ------------------------------------------------------------------
const sockets = new Set<net.Socket>();
let refusing = false;
const proxy = net.createServer((client) => {
  if (refusing) return client.destroy();
  const upstream = net.connect(Number(direct.port || 5432), direct.hostname);
  sockets.add(client).add(upstream);
  client.pipe(upstream).pipe(client);
  const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
  client.on('error', drop).on('close', drop);
  upstream.on('error', drop).on('close', drop);
});
await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
const proxied = new URL(direct.href);
proxied.hostname = '127.0.0.1';
proxied.port = String((proxy.address() as net.AddressInfo).port);

// --- the server under test -----------------------------------------------------------------------------------------
const admin = new pg.Client({ connectionString: BASE });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();

const port = 20_000 + Math.floor(Math.random() * 20_000);
const origin = `http://127.0.0.1:${port}`;
const env = {
  ...process.env, DATABASE_URL: proxied.href, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error',
  VINK_SECRET_KEY: randomBytes(32).toString('base64'), RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
};
const node = process.execPath;
let server: ChildProcess | undefined;
let expectedExit = false;
let crashes = 0;

function startServer(): ChildProcess {
  expectedExit = false;
  const child = spawn(node, ['src/server/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  child.on('exit', () => {
    if (!expectedExit) crashes++;
  });
  return child;
}

async function waitHealthy(timeoutMs = 30_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    try {
      const r = await fetch(`${origin}/api/v1/health`);
      if (r.status === 200) return performance.now() - t0;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}

function cli(...args: string[]): string {
  const r = spawnSync(node, ['src/server/cli.ts', ...args], { env: { ...env, DATABASE_URL: direct.href }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

// --- a signed-in adviser ---------------------------------------------------------------------------------------------
interface Session { cookie: string; csrf: string }
async function api(s: Session | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; setCookie: string | null }> {
  const headers: Record<string, string> = { origin };
  if (s) { headers.cookie = s.cookie; headers['x-csrf-token'] = s.csrf; }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${origin}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null, setCookie: r.headers.get('set-cookie') };
}
let secret = '';
let enrolmentCode = '';
async function signIn(): Promise<Session> {
  // The first sign-in sets the adviser's own password with the one-time code the CLI printed; later ones use it.
  const login = enrolmentCode
    ? await api(null, 'POST', '/auth/enrolment-code', { username: 'soak.adviser', code: enrolmentCode, password: PASSWORD })
    : await api(null, 'POST', '/auth/login', { username: 'soak.adviser', password: PASSWORD });
  enrolmentCode = '';
  if (login.status !== 200) throw new Error(`login ${login.status}`);
  let s: Session = { cookie: login.setCookie!.split(';')[0]!, csrf: login.json.csrfToken };
  if (login.json.next === 'enrolment') {
    const e = await api(s, 'POST', '/auth/second-factor/enrolment', {});
    secret = e.json.secret;
    const ok = await api(s, 'POST', '/auth/second-factor/enrolment/confirm', { code: await totpCode(secret, new Date()) });
    s = { cookie: ok.setCookie!.split(';')[0]!, csrf: ok.json.csrfToken };
  } else {
    // One code per 30 s step is accepted once: wait for the next step.
    await new Promise((r) => setTimeout(r, 31_000 - (Date.now() % 30_000)));
    const ok = await api(s, 'POST', '/auth/second-factor', { code: await totpCode(secret, new Date()) });
    s = { cookie: ok.setCookie!.split(';')[0]!, csrf: ok.json.csrfToken };
  }
  return s;
}

// --- run ---------------------------------------------------------------------------------------------------------------
server = startServer();
await waitHealthy();
// An adviser's role reads case content, so an account made on the web waits for a manager's approval; the CLI is the
// operator's own path and takes effect at once (docs/security.md). It prints a one-time enrolment code.
const created = cli('create-user', '--username', 'soak.adviser', '--role', 'adviser', '--name', 'Soak Rådgiver', '--unit', '101');
enrolmentCode = /enrolment code .*?\): (\S+)/.exec(created)?.[1] ?? '';
if (!enrolmentCode) throw new Error(`create-user printed no enrolment code: ${created}`);
const session = await signIn();

const acknowledged: string[] = [];
const statuses = new Map<number, number>();
let networkErrors = 0;
let other5xx = 0;
const recoveries: number[] = [];
const faults = { outages: 0, kills: 0 };
const deadline = Date.now() + SECONDS * 1000;

async function client(): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const write = Math.random() < 0.5 || acknowledged.length === 0;
      const r = write
        ? await api(session, 'POST', '/calls', { channel: 'vink_line', callerType: 'anonymous', topic: 'Soak', ideologyArea: 'none', outcome: 'advice_only' })
        : await api(session, 'GET', `/calls/${acknowledged[Math.floor(Math.random() * acknowledged.length)]}`);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (write && r.status === 201) acknowledged.push(r.json.id);
      if (r.status >= 500 && r.status !== 503) other5xx++;
    } catch {
      networkErrors++; // the server is down (killed on purpose): no answer, nothing acknowledged
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function faulter(): Promise<void> {
  let kill = false;
  while (Date.now() + FAULT_EVERY_MS < deadline) {
    await new Promise((r) => setTimeout(r, FAULT_EVERY_MS));
    if (kill) {
      expectedExit = true;
      server!.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
      faults.kills++;
      const t0 = performance.now();
      server = startServer();
      await waitHealthy();
      recoveries.push(performance.now() - t0);
    } else {
      refusing = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
      faults.outages++;
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      refusing = false;
      const t0 = performance.now();
      await waitHealthy();
      recoveries.push(performance.now() - t0);
    }
    kill = !kill;
  }
}

await Promise.all([...Array.from({ length: CLIENTS }, client), faulter()]);
expectedExit = true;
server!.kill('SIGTERM');
await new Promise((r) => server!.once('exit', r));

const check = new pg.Client({ connectionString: direct.href });
await check.connect();
const stored = await check.query<{ id: string }>('SELECT id::text AS id FROM calls WHERE id = ANY($1::uuid[])', [acknowledged]);
await check.end();
const verify = spawnSync(node, ['src/server/cli.ts', 'verify-audit'], { env: { ...env, DATABASE_URL: direct.href }, encoding: 'utf8' });

const lost = acknowledged.length - stored.rowCount!;
const fmt = (ms: number) => `${Math.round(ms)} ms`;
console.log(`\nVINK soak on PostgreSQL: ${SECONDS} s, ${CLIENTS} clients, ${faults.outages} database outages of ${OUTAGE_MS} ms, ${faults.kills} server kills (SIGKILL)`);
console.log(`  answers by status:        ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}`);
console.log(`  no answer (server down):  ${networkErrors}`);
console.log(`  acknowledged writes:      ${acknowledged.length}`);
console.log(`  stored of those:          ${stored.rowCount}`);
console.log(`  lost acknowledged writes: ${lost}`);
console.log(`  5xx other than 503:       ${other5xx}`);
console.log(`  crashes (unplanned exits): ${crashes}`);
console.log(`  time to recover:          ${recoveries.length ? `max ${fmt(Math.max(...recoveries))}, mean ${fmt(recoveries.reduce((a, b) => a + b, 0) / recoveries.length)}` : 'n/a'}`);
console.log(`  audit chain:              ${verify.status === 0 ? 'verified' : `BROKEN: ${(verify.stdout + verify.stderr).trim()}`}`);

proxy.close();
for (const s of sockets) s.destroy();
const drop = new pg.Client({ connectionString: BASE });
await drop.connect();
await drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await drop.end();
process.exit(0);
