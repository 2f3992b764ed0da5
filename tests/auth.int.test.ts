import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, PASSWORD, type Harness } from './helpers/harness.ts';
import { totpCode } from '../src/server/modules/auth/credentials.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

describe('sign-in with password and TOTP', () => {
  it('enrols a second factor at first sign-in, issues recovery codes once, then requires the code', async () => {
    const user = await h.createUser('coordinator');
    const c = h.client();
    const login = await c.post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.next).toBe('enrolment');
    // Half signed-in: no access to anything yet.
    expect((await c.get('/api/v1/cases/page')).status).toBe(401);

    const enrol = await c.post('/api/v1/auth/second-factor/enrolment');
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/VINK:/);
    expect(enrol.body.qrSvg).toContain('<svg');
    const wrong = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('code');

    const confirm = await c.post('/api/v1/auth/second-factor/enrolment/confirm', { code: await totpCode(enrol.body.secret, h.clock.now()) });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    expect(confirm.body.user.role).toBe('coordinator');
    expect((await c.get('/api/v1/cases/page')).status).toBe(200);

    // Second sign-in: the second factor is asked for, and a recovery code works exactly once.
    const again = h.client();
    expect((await again.post('/api/v1/auth/login', { username: user.username, password: PASSWORD })).body.next).toBe('second_factor');
    const rc = confirm.body.recoveryCodes[0];
    expect((await again.post('/api/v1/auth/second-factor', { recoveryCode: rc })).status).toBe(200);
    const third = h.client();
    await third.post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
    expect((await third.post('/api/v1/auth/second-factor', { recoveryCode: rc })).status).toBe(401);
  });

  it('refuses a replayed TOTP code', async () => {
    const user = await h.createUser('adviser');
    await h.signInAs(user);
    h.clock.advance(30_000);
    const code = await totpCode(user.totpSecret!, h.clock.now());
    const first = h.client();
    await first.post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
    expect((await first.post('/api/v1/auth/second-factor', { code })).status).toBe(200);
    const replay = h.client();
    await replay.post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
    expect((await replay.post('/api/v1/auth/second-factor', { code })).status).toBe(401);
  });

  it('gives the same answer for an unknown user and a wrong password (no enumeration)', async () => {
    const user = await h.createUser('adviser');
    const unknown = await h.client().post('/api/v1/auth/login', { username: 'nobody.here', password: 'whatever-password' });
    const wrong = await h.client().post('/api/v1/auth/login', { username: user.username, password: 'wrong-password-x' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('locks the account after 5 failures, even for the right password, and unlocks after 15 minutes', async () => {
    const user = await h.createUser('adviser');
    for (let i = 0; i < 5; i++) {
      expect((await h.client().post('/api/v1/auth/login', { username: user.username, password: `wrong-${i}-password` })).status).toBe(401);
    }
    const locked = await h.client().post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
    expect(locked.status).toBe(401);
    h.clock.advanceMinutes(16);
    expect((await h.client().post('/api/v1/auth/login', { username: user.username, password: PASSWORD })).status).toBe(200);
  });

  it('counts wrong second-factor codes towards the lockout', async () => {
    const user = await h.createUser('adviser');
    await h.signInAs(user);
    for (let i = 0; i < 5; i++) {
      const c = h.client();
      await c.post('/api/v1/auth/login', { username: user.username, password: PASSWORD });
      expect((await c.post('/api/v1/auth/second-factor', { code: '123456' })).status).toBe(401);
    }
    expect((await h.client().post('/api/v1/auth/login', { username: user.username, password: PASSWORD })).status).toBe(401);
    h.clock.advanceMinutes(16);
  });
});

describe('sessions', () => {
  it('end after 15 idle minutes (fake clock), and activity keeps them alive', async () => {
    const c = await h.signIn('coordinator');
    h.clock.advanceMinutes(14);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    h.clock.advanceMinutes(14);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    h.clock.advanceMinutes(15);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    // Once ended, it stays ended even if the clock were to go back.
    h.clock.advanceMinutes(-15);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    h.clock.advanceMinutes(15);
  });

  it('end after 12 hours even when active', async () => {
    const c = await h.signIn('coordinator');
    for (let i = 0; i < 12 * 6 - 1; i++) {
      h.clock.advanceMinutes(10);
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    }
    h.clock.advanceMinutes(10);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('logout ends the session at once and clears the cookie', async () => {
    const c = await h.signIn('adviser');
    const cookie = c.cookie;
    const out = await c.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers['clear-site-data']).toContain('cookies');
    c.cookie = cookie;
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('disabling an account ends its sessions at once', async () => {
    const admin = await h.signIn('admin');
    const c = await h.signIn('adviser');
    const me = (await c.get('/api/v1/auth/me')).body.user;
    const u = await admin.get(`/api/v1/users/${me.id}`);
    expect((await admin.post(`/api/v1/users/${me.id}/disable`)).status).toBe(200);
    expect(u.status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    expect((await h.client().post('/api/v1/auth/login', { username: me.username, password: PASSWORD })).status).toBe(401);
  });

  it('resetting the second factor ends the sessions and the password: only the new enrolment code enrols again', async () => {
    const admin = await h.signIn('admin');
    const c = await h.signIn('analyst');
    const reset = await admin.post(`/api/v1/users/${c.user.id}/reset-second-factor`);
    expect(reset.status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    // A password alone never enrols a second factor on a reset account (finding 10).
    const again = await h.client().post('/api/v1/auth/login', { username: c.user.username, password: PASSWORD });
    expect(again.status).toBe(401);
    const withCode = await h.client().post('/api/v1/auth/enrolment-code', { username: c.user.username, code: reset.body.enrolmentCode, password: 'a-new-own-password' });
    expect(withCode.body.next).toBe('enrolment');
  });

  it('the session cookie is HttpOnly and SameSite=Strict', async () => {
    const user = await h.createUser('adviser');
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: PASSWORD } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('Secure cookies behind a TLS proxy', async () => {
    const h2 = await createHarness({ TRUST_PROXY: 'true' });
    try {
      const user = await h2.createUser('adviser');
      const res = await h2.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: PASSWORD } });
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await h2.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the session CSRF token', async () => {
    const c = await h.signIn('coordinator');
    const res = await c.request('POST', '/api/v1/persons', { fullName: 'Test Person' }, { 'x-csrf-token': 'nope' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('refuses a request from another origin', async () => {
    const c = await h.signIn('coordinator');
    const res = await c.request('POST', '/api/v1/persons', { fullName: 'Test Person' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses form-encoded bodies with 415', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a&password=b' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
