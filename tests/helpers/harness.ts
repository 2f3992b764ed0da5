import type { LightMyRequestResponse } from 'fastify';
import { FakeClock } from '../../src/server/platform/clock.ts';
import { createContext } from '../../src/server/platform/boot.ts';
import { buildApp, SESSION_COOKIE, type AppInstance } from '../../src/server/http/app.ts';
import { systemTransaction } from './sql.ts';
import { ensureUnitInTrx, insertUserInTrx } from '../../src/server/modules/users/index.ts';
import { totpCode } from '../../src/server/modules/auth/credentials.ts';
import type { AppContext } from '../../src/server/platform/context.ts';
import type { Role } from '../../src/shared/roles.ts';
import { freshDatabase } from './db.ts';

export const PASSWORD = 'correct-horse-battery-staple';

export interface Response {
  status: number;
  body: any; // tests read arbitrary JSON
  headers: Record<string, string | string[] | number | undefined>;
}

/** An HTTP client for the in-process app: keeps its cookie and sends the CSRF token like the web app does. */
export class Client {
  private readonly app: AppInstance;
  cookie: string | undefined;
  csrfToken: string | undefined;
  /**
   * Break the glass (docs/security.md, "The purpose of every look-up"): when set, every request carries this reason
   * (X-Vink-Reason), as the web app does after asking the user. For tests about reach, not about the reason itself.
   */
  reason: string | undefined;
  constructor(app: AppInstance) {
    this.app = app;
  }
  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.reason && !('x-vink-reason' in h)) h['x-vink-reason'] = encodeURIComponent(this.reason);
    if (method !== 'GET' && this.csrfToken && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrfToken;
    const res: LightMyRequestResponse = await this.app.inject({
      method, url, headers: h,
      ...(body !== undefined ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...h } } : {}),
    });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value || undefined;
    let parsed: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) parsed = JSON.parse(res.body);
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) this.csrfToken = (parsed as { csrfToken: string }).csrfToken;
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  get(url: string) { return this.request('GET', url); }
  post(url: string, body: unknown = {}) { return this.request('POST', url, body); }
  patch(url: string, body: unknown) { return this.request('PATCH', url, body); }
}

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  unitId: string;
  totpSecret?: string;
}

export interface Harness {
  app: AppInstance;
  ctx: AppContext;
  clock: FakeClock;
  units: { a: string; b: string };
  createUser(role: Role, unit?: 'a' | 'b', extra?: { username?: string }): Promise<TestUser>;
  /** A client signed in as a new user of role (enrolled with TOTP through the real API). */
  signIn(role: Role, unit?: 'a' | 'b'): Promise<Client & { user: TestUser }>;
  signInAs(user: TestUser): Promise<Client>;
  client(): Client;
  auditCount(): Promise<number>;
  close(): Promise<void>;
}

let counter = 0;

/** Builds VINK on a fresh database with a fake clock and two units in different police districts. */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const { db, drop } = await freshDatabase();
  const clock = new FakeClock('2026-03-02T08:00:00Z');
  const ctx = await createContext({ env: { LOG_LEVEL: 'silent', DATA_DIR: 'memory://', RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', ...env }, clock, db });
  const app = await buildApp(ctx);
  const units = await systemTransaction(db, async (tx) => ({
    a: await ensureUnitInTrx(tx, { name: 'Testkommune A', municipalityCode: '101', policeDistrictId: 11 }),
    b: await ensureUnitInTrx(tx, { name: 'Testkommune B', municipalityCode: '751', policeDistrictId: 2 }),
  }));

  const createUser = async (role: Role, unit: 'a' | 'b' = 'a', extra: { username?: string } = {}): Promise<TestUser> => {
    const username = extra.username ?? `${role.replace('_', '')}${++counter}`;
    const id = await systemTransaction(db, (tx) =>
      insertUserInTrx(tx, { username, displayName: `Test ${role} ${counter}`, role, unitId: units[unit], password: PASSWORD }, clock.now()),
    );
    return { id, username, role, unitId: units[unit] };
  };

  const signInAs = async (user: TestUser): Promise<Client> => {
    const c = new Client(app);
    const login = await c.post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    if (login.body.next === 'enrolment') {
      const enrol = await c.post('/api/v1/auth/second-factor/enrolment');
      user.totpSecret = enrol.body.secret;
      const ok = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: await totpCode(enrol.body.secret, clock.now()) });
      if (ok.status !== 200) throw new Error(`enrolment failed: ${ok.status} ${JSON.stringify(ok.body)}`);
    } else {
      // Each code is accepted once; move to the next time step so a repeated sign-in is not a replay.
      clock.advance(30_000);
      const ok = await c.post('/api/v1/auth/second-factor', { code: await totpCode(user.totpSecret!, clock.now()) });
      if (ok.status !== 200) throw new Error(`second factor failed: ${ok.status} ${JSON.stringify(ok.body)}`);
    }
    return c;
  };

  return {
    app, ctx, clock, units, createUser, signInAs,
    signIn: async (role, unit = 'a') => {
      const user = await createUser(role, unit);
      const c = await signInAs(user);
      return Object.assign(c, { user });
    },
    client: () => new Client(app),
    auditCount: async () => Number((await systemTransaction(db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).rows[0]!.n),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
