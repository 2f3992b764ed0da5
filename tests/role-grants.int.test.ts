import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, PASSWORD, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { totpCode } from '../src/server/modules/auth/credentials.ts';
import { ensureFirstAdmin } from '../src/server/bootstrap.ts';
import { grantNeedsApproval, isCaseContentRead, mayAttempt, readsCaseContent } from '../src/shared/policy.ts';
import { NATIONAL_ROLES, ROLES, type Role } from '../src/shared/roles.ts';
import type { Queryable } from '../src/server/platform/db.ts';
import { CATALOGUED, keyOf, route, walkedBy, type GuardedRoute, type RouteKey } from './matrix/catalogue.ts';

/**
 * Finding 4 of the hardening issue: no administrator reaches case content by any single action. No one changes their
 * own role (service and trigger); a role that reads case content takes effect only when a manager or the DPO
 * approves (never the one who asked, never the one who gets it); an administrator never chooses a password but
 * hands over a one-time enrolment code (docs/security.md, "Role grants, four eyes and enrolment codes").
 */
let h: Harness;
let admin: Client & { user: TestUser };
let manager: Client & { user: TestUser };
let dpo: Client & { user: TestUser };
let caseId: string;

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  systemTransaction(h.ctx.db, async (tx) => (await tx.query<T>(text, params)).rows);

/** Runs fn as the app role with an actor's settings, as access/scope.ts runScoped does: no service in between. */
function asApp<T>(actor: TestUser, role: Role, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return h.ctx.db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE vink_app');
    await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true), set_config('vink.actor_role', $3, true)`,
      [actor.id, `{${actor.unitId}}`, role]);
    return fn(tx);
  });
}

/** Signs in with an enrolment code: own password, then TOTP. Returns the client and the confirm answer. */
async function enrolWithCode(username: string, code: string, password = 'my-own-password-1') {
  const c = h.client();
  const start = await c.post('/api/v1/auth/enrolment-code', { username, code, password });
  if (start.status !== 200) return { c, start, confirm: undefined, secret: undefined };
  const setup = await c.post('/api/v1/auth/second-factor/enrolment');
  const confirm = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: await totpCode(setup.body.secret, h.clock.now()) });
  return { c, start, confirm, secret: setup.body.secret as string };
}

/** Signs in with password and TOTP (an enrolled account). */
async function signInWith(username: string, password: string, secret: string) {
  const c = h.client();
  const login = await c.post('/api/v1/auth/login', { username, password });
  if (login.status !== 200) return { c, status: login.status, body: login.body };
  h.clock.advance(30_000);
  const second = await c.post('/api/v1/auth/second-factor', { code: await totpCode(secret, h.clock.now()) });
  return { c, status: second.status, body: second.body };
}

/** What a client can read of case content: the case list and the one fixture case. */
async function caseContentStatuses(c: Client) {
  // The new coordinator is on no case: opening one takes a break-the-glass reason (docs/security.md), which never widens reach.
  const one = await c.request('GET', `/api/v1/cases/${caseId}`, undefined, { 'x-vink-reason': encodeURIComponent('Ny tovholder') });
  return { list: (await c.get('/api/v1/cases/page')).status, one: one.status };
}

beforeAll(async () => {
  h = await createHarness();
  admin = await h.signIn('admin');
  manager = await h.signIn('manager');
  dpo = await h.signIn('dpo');
  const now = h.clock.now();
  caseId = await systemTransaction(h.ctx.db, async (tx) => {
    const p = await tx.query<{ id: string }>(
      `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Grant Fixture', 'unknown', $2, $2) RETURNING id`,
      [h.units.a, now],
    );
    const c = await tx.query<{ id: string }>(
      `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Grant fixture case', $3, $3) RETURNING id`,
      [h.units.a, p.rows[0]!.id, now],
    );
    return c.rows[0]!.id;
  });
});
afterAll(async () => h?.close());

describe('which roles need four eyes', () => {
  it('is derived from the need-to-know table, and the database says the same', async () => {
    const derived = ROLES.filter(grantNeedsApproval);
    expect(derived).toEqual(['adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'dpo']);
    expect(ROLES.filter(readsCaseContent)).not.toContain('admin');
    const rows = await sql<{ role: string; needs: boolean }>(
      'SELECT r AS role, vink_role_needs_grant(r) AS needs FROM unnest($1::text[]) AS r', [ROLES as unknown as string[]],
    );
    expect(rows.filter((r) => r.needs).map((r) => r.role)).toEqual(derived);
  });
});

describe('no one changes their own role', () => {
  it('an administrator PATCHing their own role to coordinator is refused and nothing changes', async () => {
    const before = (await admin.get(`/api/v1/users/${admin.user.id}`)).body;
    const r = await admin.patch(`/api/v1/users/${admin.user.id}`, { version: before.version, role: 'coordinator', reason: 'I need it' });
    expect(r.status).toBe(403);
    expect(r.body.detail ?? r.body.title).toMatch(/own role/);
    const after = (await admin.get(`/api/v1/users/${admin.user.id}`)).body;
    expect(after).toMatchObject({ role: 'admin', version: before.version, pendingRole: null });
    expect(await sql('SELECT 1 FROM role_grants WHERE user_id = $1', [admin.user.id])).toHaveLength(0);
    const [denied] = await sql<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE actor_id = $1 AND record_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1`, [admin.user.id],
    );
    expect(denied!.outcome).toBe('denied');
    expect(await caseContentStatuses(admin)).toEqual({ list: 403, one: 404 });
  });

  it('the app role cannot set its own actor\'s role even bypassing the service (trigger)', async () => {
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(`UPDATE users SET role = 'analyst' WHERE id = $1`, [admin.user.id])))
      .rejects.toThrow(/own role/);
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(`UPDATE users SET role = 'coordinator', role_pending = false WHERE id = $1`, [admin.user.id])))
      .rejects.toThrow(/own role/);
    expect((await sql<{ role: string }>('SELECT role FROM users WHERE id = $1', [admin.user.id]))[0]!.role).toBe('admin');
  });

  it('the app role cannot give anyone a content role, or release a waiting account, except through an approved grant', async () => {
    const other = await h.createUser('analyst');
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(`UPDATE users SET role = 'coordinator' WHERE id = $1`, [other.id])))
      .rejects.toThrow(/only on approval/);
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(
      `INSERT INTO users (unit_id, username, display_name, role, created_at, updated_at) VALUES ($1, 'smuggled.coord', 'S', 'coordinator', now(), now())`,
      [h.units.a],
    ))).rejects.toThrow(/waits for approval/);
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(`SELECT vink_apply_role_grant(gen_random_uuid(), now())`)))
      .rejects.toThrow(/no approved role grant/);
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(`UPDATE users SET password_hash = 'chosen' WHERE id = $1`, [other.id])))
      .rejects.toThrow(/never set one/);
  });
});

describe('four eyes on a new account with a content role', () => {
  let created: { id: string; username: string; enrolmentCode: string; version: number };
  let grant: { id: string; version: number };
  let secret: string;

  it('creating a coordinator gives a waiting account and a one-time code, no password chosen by the administrator', async () => {
    const refusedPassword = await admin.post('/api/v1/users', { username: 'chosen.pw', displayName: 'P', role: 'analyst', password: 'admin-chosen-123' });
    expect(refusedPassword.status).toBe(400);
    const noReason = await admin.post('/api/v1/users', { username: 'new.coord', displayName: 'Ny Koordinator', role: 'coordinator' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');

    const r = await admin.post('/api/v1/users', { username: 'new.coord', displayName: 'Ny Koordinator', role: 'coordinator', reason: 'Ny medarbejder' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ role: 'coordinator', roleAwaitingApproval: true, pendingRole: 'coordinator', secondFactorEnrolled: false });
    expect(r.body.enrolmentCode).toMatch(/^[a-z1-9]{4}(-[a-z1-9]{4}){3}$/);
    created = r.body;
    // The code is stored only as its digest, and never shown again.
    const stored = await sql<{ code_hash: string }>('SELECT code_hash FROM enrolment_codes WHERE user_id = $1', [created.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash).not.toContain(created.enrolmentCode);
    expect((await admin.get(`/api/v1/users/${created.id}`)).body).not.toHaveProperty('enrolmentCode');
    const grants = (await manager.get('/api/v1/role-grants?status=requested')).body as { id: string; user: { id: string }; version: number; requestedBy: { id: string } }[];
    const g = grants.find((x) => x.user.id === created.id)!;
    expect(g).toMatchObject({ requestedRole: 'coordinator', kind: 'new_account', reason: 'Ny medarbejder', requestedBy: { id: admin.user.id } });
    grant = g;
    expect((await dpo.get('/api/v1/role-grants/open-count')).body.count).toBeGreaterThanOrEqual(1);
  });

  it('whoever holds the code reaches no case content before a manager approves', async () => {
    const { c, start, confirm, secret: s } = await enrolWithCode(created.username, created.enrolmentCode);
    expect(start.status).toBe(200);
    expect(confirm!.status).toBe(200);
    expect(confirm!.body).toEqual({ recoveryCodes: expect.any(Array), awaitingApproval: true });
    secret = s!;
    expect(await caseContentStatuses(c)).toEqual({ list: 401, one: 401 });
    const again = await signInWith(created.username, 'my-own-password-1', secret);
    expect(again.status).toBe(403);
    expect(await caseContentStatuses(again.c)).toEqual({ list: 401, one: 401 });
  });

  it('the administrator cannot approve their own request', async () => {
    const r = await admin.post(`/api/v1/role-grants/${grant.id}/approve`, { version: grant.version });
    expect(r.status).toBe(403);
    // Not even as the app role directly: a decision is the decider's own, and only a manager's or the DPO's.
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(
      `UPDATE role_grants SET status = 'approved', decided_by = $2, decided_at = now() WHERE id = $1`, [grant.id, admin.user.id],
    ))).rejects.toThrow(/manager or the DPO|four_eyes/);
    expect((await sql<{ status: string }>('SELECT status FROM role_grants WHERE id = $1', [grant.id]))[0]!.status).toBe('requested');
  });

  it('a stale version answers 409 and changes nothing', async () => {
    const r = await manager.post(`/api/v1/role-grants/${grant.id}/approve`, { version: grant.version + 5 });
    expect(r.status).toBe(409);
    expect(r.body.currentVersion).toBe(grant.version);
  });

  it('a manager approves; from then on the new coordinator reads cases', async () => {
    const r = await manager.post(`/api/v1/role-grants/${grant.id}/approve`, { version: grant.version, note: 'Bekræftet med teamleder' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'approved', decidedBy: { id: manager.user.id }, note: 'Bekræftet med teamleder' });
    const twice = await dpo.post(`/api/v1/role-grants/${grant.id}/reject`, { version: r.body.version, note: 'for sent' });
    expect(twice.status).toBe(409);
    const signed = await signInWith(created.username, 'my-own-password-1', secret);
    expect(signed.status).toBe(200);
    expect(await caseContentStatuses(signed.c)).toEqual({ list: 200, one: 200 });
    const audit = await sql<{ criterion: string }>(`SELECT criterion FROM audit_log WHERE record_id = $1 AND action = 'update' AND outcome = 'ok'`, [grant.id]);
    expect(audit.map((a) => a.criterion)).toEqual(['approved: new account -> coordinator']);
  });
});

describe('four eyes on a role change', () => {
  it('the one who gets the role and the one who asked cannot approve; another approver can', async () => {
    const target = await h.signIn('dpo');
    const v = (await admin.get(`/api/v1/users/${target.user.id}`)).body.version;
    const r = await admin.patch(`/api/v1/users/${target.user.id}`, { version: v, role: 'manager', reason: 'Ny leder' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'dpo', pendingRole: 'manager' });
    const [g] = (await manager.get('/api/v1/role-grants?status=requested')).body.filter((x: { user: { id: string } }) => x.user.id === target.user.id);
    expect((await target.post(`/api/v1/role-grants/${g.id}/approve`, { version: g.version })).status).toBe(403);
    expect((await sql<{ role: string }>('SELECT role FROM users WHERE id = $1', [target.user.id]))[0]!.role).toBe('dpo');
    // A manager who (somehow) asked cannot decide it either: the service refuses, and a CHECK backs it.
    await sql('UPDATE role_grants SET requested_by = $2 WHERE id = $1', [g.id, manager.user.id]);
    expect((await manager.post(`/api/v1/role-grants/${g.id}/approve`, { version: g.version })).status).toBe(403);
    await sql('UPDATE role_grants SET requested_by = $2 WHERE id = $1', [g.id, admin.user.id]);
    const rejected = await dpo.post(`/api/v1/role-grants/${g.id}/reject`, { version: g.version });
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors[0].field).toBe('note');
    const ok = await dpo.post(`/api/v1/role-grants/${g.id}/reject`, { version: g.version, note: 'Ikke aftalt' });
    expect(ok.status).toBe(200);
    expect((await sql<{ role: string }>('SELECT role FROM users WHERE id = $1', [target.user.id]))[0]!.role).toBe('dpo');
  });

  it('a role without case content takes effect at once, audited with the change', async () => {
    const u = await h.createUser('adviser');
    const v = (await admin.get(`/api/v1/users/${u.id}`)).body.version;
    const r = await admin.patch(`/api/v1/users/${u.id}`, { version: v, role: 'analyst' });
    expect(r.body).toMatchObject({ role: 'analyst', pendingRole: null });
    const [row] = await sql<{ criterion: string }>(`SELECT criterion FROM audit_log WHERE record_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1`, [u.id]);
    expect(row!.criterion).toBe('role adviser -> analyst');
    // Managers and the DPO see it with the grants: approved, decided by no one.
    const listed = (await dpo.get('/api/v1/role-grants')).body.find((g: { user: { id: string } }) => g.user.id === u.id);
    expect(listed).toMatchObject({ previousRole: 'adviser', requestedRole: 'analyst', status: 'approved', decidedBy: null, requestedBy: { id: admin.user.id } });
    // The app role cannot record a role that needs approval as approved that way.
    await expect(asApp(admin.user, 'admin', (tx) => tx.query(
      `INSERT INTO role_grants (unit_id, user_id, previous_role, requested_role, kind, reason, requested_by, requested_at, status, decided_at)
       VALUES ($1, $2, 'analyst', 'coordinator', 'role_change', 'x', $3, now(), 'approved', now())`, [h.units.a, u.id, admin.user.id],
    ))).rejects.toThrow(/only asked for/);
  });
});

describe('enrolment codes', () => {
  it('a code is single use; a reused, wrong or expired code answers exactly as a wrong password', async () => {
    const r = await admin.post('/api/v1/users', { username: 'code.analyst', displayName: 'Kode Analytiker', role: 'analyst' });
    const code = r.body.enrolmentCode as string;
    const wrongPassword = await h.client().post('/api/v1/auth/login', { username: 'code.analyst', password: 'not-the-password' });
    const wrongCode = await h.client().post('/api/v1/auth/enrolment-code', { username: 'code.analyst', code: 'aaaa-bbbb-cccc-dddd', password: 'my-own-password-1' });
    const unknownUser = await h.client().post('/api/v1/auth/enrolment-code', { username: 'nobody.here', code, password: 'my-own-password-1' });
    const strip = (x: { status: number; body: Record<string, unknown> }) => ({ status: x.status, code: x.body.code, detail: x.body.detail, title: x.body.title });
    expect(strip(wrongCode)).toEqual(strip(wrongPassword));
    expect(strip(unknownUser)).toEqual(strip(wrongPassword));
    // Case and dashes as typed do not matter.
    const first = await enrolWithCode('code.analyst', code.toUpperCase().replace(/-/g, ' '));
    expect(first.start.status).toBe(200);
    expect(first.confirm!.status).toBe(200);
    expect(first.confirm!.body.user.role).toBe('analyst');
    const reused = await h.client().post('/api/v1/auth/enrolment-code', { username: 'code.analyst', code, password: 'another-password-2' });
    expect(strip(reused)).toEqual(strip(wrongPassword));
    // The password the user chose is theirs.
    expect((await h.client().post('/api/v1/auth/login', { username: 'code.analyst', password: 'my-own-password-1' })).body.next).toBe('second_factor');

    const late = await admin.post('/api/v1/users', { username: 'late.analyst', displayName: 'Sen Analytiker', role: 'analyst' });
    h.clock.advance(72 * 3_600_000 + 1000);
    const expired = await h.client().post('/api/v1/auth/enrolment-code', { username: 'late.analyst', code: late.body.enrolmentCode, password: 'my-own-password-1' });
    expect(strip(expired)).toEqual(strip(wrongPassword));
    // Three days on, every session has ended: the staff sign in again.
    admin = await h.signIn('admin');
    manager = await h.signIn('manager');
    dpo = await h.signIn('dpo');
  });

  it('after a reset the old password no longer opens anything: only the new code enrols a second factor', async () => {
    const u = await h.createUser('analyst');
    await h.signInAs(u);
    const reset = await admin.post(`/api/v1/users/${u.id}/reset-second-factor`);
    expect(reset.status).toBe(200);
    expect(reset.body.enrolmentCode).toMatch(/^[a-z1-9]{4}(-[a-z1-9]{4}){3}$/);
    const old = await h.client().post('/api/v1/auth/login', { username: u.username, password: PASSWORD });
    expect(old.status).toBe(401);
    const fresh = await enrolWithCode(u.username, reset.body.enrolmentCode);
    expect(fresh.confirm!.status).toBe(200);
  });

  it('the CLI prints a code too, and the first start gives the first administrator a code, not a password', async () => {
    const { createUserCommand } = await import('../src/server/cli.ts');
    const made = await createUserCommand(h.ctx, { username: 'cli.made', role: 'analyst', name: 'CLI', unit: '101' });
    const enrolled = await enrolWithCode('cli.made', made.enrolmentCode!);
    expect(enrolled.confirm!.status).toBe(200);

    // A database without users: the first start.
    const fresh = await createHarness();
    try {
      const first = await ensureFirstAdmin(fresh.ctx);
      expect(first).not.toHaveProperty('password');
      const [row] = (await systemTransaction(fresh.ctx.db, (tx) => tx.query<{ password_hash: string | null }>(
        `SELECT password_hash FROM users WHERE username = 'admin'`))).rows;
      expect(row!.password_hash).toBeNull();
      const c = fresh.client();
      const start = await c.post('/api/v1/auth/enrolment-code', { username: first!.username, code: first!.enrolmentCode, password: 'the-first-admins-own' });
      expect(start.body.next).toBe('enrolment');
      const setup = await c.post('/api/v1/auth/second-factor/enrolment');
      const confirm = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: await totpCode(setup.body.secret, fresh.clock.now()) });
      expect(confirm.body.user.role).toBe('admin');
      expect(await ensureFirstAdmin(fresh.ctx)).toBeNull();
    } finally {
      await fresh.close();
    }
  });
});

/**
 * Every route an administrator may write (from the route catalogue and the policy table), each tried as the one action
 * most likely to give case content. Afterwards neither the administrator nor any account whose enrolment code they saw
 * reads case content. A new administrator write route fails this test until it has a scenario here.
 */
describe('an admin cannot reach case content by any single action', () => {
  const adminWrites = CATALOGUED.filter((key) => {
    if (key.includes('/public/')) return false; // no actor at all
    const r = route(key as RouteKey) as GuardedRoute;
    return r.method !== 'GET' && mayAttempt(r.action, 'admin');
  });

  /** What the administrator might try per route; returns codes they saw (for accounts they could then enrol as). */
  type Attempt = () => Promise<{ username: string; code: string | null }[]>;
  const SCENARIOS: Record<string, Attempt> = {
    'POST /api/v1/users': async () => {
      const out = [];
      for (const role of ROLES) {
        const r = await admin.post('/api/v1/users', { username: `sneak.${role.replace('_', '')}`, displayName: 'Sneak', role, reason: 'sneak' });
        // The national roles are given from the CLI only (docs/domain.md, "The national view").
        if (NATIONAL_ROLES.includes(role)) {
          expect(r.status).toBe(400);
          continue;
        }
        expect(r.status).toBe(201);
        out.push({ username: r.body.username, code: r.body.enrolmentCode });
      }
      return out;
    },
    'PATCH /api/v1/users/:id': async () => {
      const v = (await admin.get(`/api/v1/users/${admin.user.id}`)).body.version;
      expect((await admin.patch(`/api/v1/users/${admin.user.id}`, { version: v, role: 'coordinator', reason: 'x' })).status).toBe(403);
      const puppet = await admin.post('/api/v1/users', { username: 'puppet.analyst', displayName: 'Puppet', role: 'analyst' });
      const pv = (await admin.get(`/api/v1/users/${puppet.body.id}`)).body.version;
      expect((await admin.patch(`/api/v1/users/${puppet.body.id}`, { version: pv, role: 'coordinator', reason: 'x' })).status).toBe(200);
      return [{ username: 'puppet.analyst', code: puppet.body.enrolmentCode }];
    },
    'POST /api/v1/users/:id/reset-second-factor': async () => {
      // Taking over an existing coordinator: the reset gives a code, but the role waits for approval again.
      const coordinator = await h.createUser('coordinator');
      const r = await admin.post(`/api/v1/users/${coordinator.id}/reset-second-factor`);
      expect(r.status).toBe(200);
      expect(r.body.roleAwaitingApproval).toBe(true);
      return [{ username: coordinator.username, code: r.body.enrolmentCode }];
    },
    'POST /api/v1/users/:id/disable': async () => {
      const other = await h.createUser('analyst');
      expect((await admin.post(`/api/v1/users/${other.id}/disable`)).status).toBe(200);
      return [];
    },
    'POST /api/v1/role-grants/:id/withdraw': async () => {
      const [g] = (await admin.get('/api/v1/role-grants?status=requested')).body
        .filter((x: { requestedBy: { id: string } | null }) => x.requestedBy?.id === admin.user.id);
      expect((await admin.post(`/api/v1/role-grants/${g.id}/withdraw`, { version: g.version })).status).toBe(200);
      return [];
    },
    'POST /api/v1/role-grants/:id/approve': async () => {
      const [g] = (await admin.get('/api/v1/role-grants?status=requested')).body;
      expect((await admin.post(`/api/v1/role-grants/${g.id}/approve`, { version: g.version })).status).toBe(403);
      return [];
    },
  };
  /** Admin writes that do not touch accounts, roles or memberships: they cannot change who reads what. */
  const NOT_ABOUT_READERS = new Set(['plan.manage', 'vocabulary.manage']);

  it('every administrator write route is covered', () => {
    expect(adminWrites.length).toBeGreaterThan(0);
    for (const key of adminWrites) {
      const { action } = route(key as RouteKey) as GuardedRoute;
      expect(isCaseContentRead(action)).toBe(false);
      if (!NOT_ABOUT_READERS.has(action)) expect(Object.keys(SCENARIOS), key).toContain(key);
    }
  });

  it('none of them leads to case content', async () => {
    for (const key of adminWrites) {
      const attempt = SCENARIOS[key];
      if (!attempt) continue;
      const codes = await attempt();
      expect(await caseContentStatuses(admin), key).toEqual({ list: 403, one: 404 });
      for (const { username, code } of codes) {
        if (!code) continue;
        const e = await enrolWithCode(username, code, 'sneaky-password-1');
        expect(e.start.status, `${key} ${username}`).toBe(200);
        const statuses = await caseContentStatuses(e.c);
        expect(statuses.list === 200 || statuses.one === 200, `${key}: ${username} reads case content`).toBe(false);
      }
    }
  });
});

describe('the role-grant routes in the access matrix', () => {
  const ROUTES: (GuardedRoute & { ok: number })[] = [
    { ...route('GET /api/v1/role-grants'), ok: 200 },
    { ...route('GET /api/v1/role-grants/open-count'), ok: 200 },
    { ...route('POST /api/v1/role-grants/:id/approve'), ok: 200 },
    { ...route('POST /api/v1/role-grants/:id/reject'), ok: 200 },
    { ...route('POST /api/v1/role-grants/:id/withdraw'), ok: 200 },
  ];
  it('walks exactly its part of the catalogue', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('grants').sort());
  });

  it('each role may do what the table says, and another unit\'s grant is 404', async () => {
    const otherAdmin = await h.signIn('admin', 'b');
    for (const role of ROLES) {
      const actor = role === 'admin' ? admin : role === 'manager' ? manager : role === 'dpo' ? dpo : await h.signIn(role);
      for (const r of ROUTES) {
        const target = await h.createUser('analyst');
        const v = (await admin.get(`/api/v1/users/${target.id}`)).body.version;
        await admin.patch(`/api/v1/users/${target.id}`, { version: v, role: 'adviser', reason: 'matrix' });
        const [g] = (await admin.get('/api/v1/role-grants?status=requested')).body.filter((x: { user: { id: string } }) => x.user.id === target.id);
        const url = r.url.replace(':id', g.id);
        const res = r.method === 'GET' ? await actor.get(url) : await actor.post(url, { version: g.version, note: 'matrix' });
        const may = mayAttempt(r.action, role);
        expect(res.status, `${role} ${keyOf(r)}`).toBe(may ? r.ok : 403);
        if (r.method === 'POST' && may) {
          const t2 = await h.createUser('analyst');
          const v2 = (await admin.get(`/api/v1/users/${t2.id}`)).body.version;
          await admin.patch(`/api/v1/users/${t2.id}`, { version: v2, role: 'adviser', reason: 'matrix' });
          const [g2] = (await admin.get('/api/v1/role-grants?status=requested')).body.filter((x: { user: { id: string } }) => x.user.id === t2.id);
          // The grant moved to the other unit: invisible to this unit's staff.
          await sql('UPDATE role_grants SET unit_id = $2 WHERE id = $1', [g2.id, h.units.b]);
          expect((await actor.post(r.url.replace(':id', g2.id), { version: g2.version, note: 'x' })).status, `${role} other unit`).toBe(404);
          expect((await otherAdmin.get('/api/v1/role-grants')).status).toBe(200);
        }
      }
    }
  });
});
