import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { createContext } from '../src/server/platform/boot.ts';
import { buildApp } from '../src/server/http/app.ts';
import { FakeClock } from '../src/server/platform/clock.ts';
import { openPostgres } from '../src/server/platform/db.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

describe('errors are problem+json with stable codes', () => {
  it('bad input answers 400 naming each field and reason, and saves nothing', async () => {
    const c = await h.signIn('coordinator');
    const before = await h.auditCount();
    const res = await c.post('/api/v1/persons', { fullName: '', gender: 'robot', cpr: '31-02' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('validation');
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['cpr', 'fullName', 'gender']);
    for (const e of res.body.errors) expect(e.reason.length).toBeGreaterThan(3);
    expect(await h.auditCount()).toBe(before);
  });

  it('a missing required field is named with "is required"', async () => {
    const c = await h.signIn('coordinator');
    const res = await c.post('/api/v1/cases', { title: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field: 'personId', reason: 'is required' });
  });

  it('a CPR number with an impossible date is refused by the service with the field named', async () => {
    const c = await h.signIn('coordinator');
    const res = await c.post('/api/v1/persons', { fullName: 'Feb Thirty', cpr: '300201-1234' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'cpr', reason: expect.stringContaining('real date') }]);
  });

  it('an unknown route answers 404 problem+json, signed in or not', async () => {
    const res = await h.client().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('a wrong content type answers 415', async () => {
    const c = await h.signIn('coordinator');
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/persons', payload: 'fullName=x',
      headers: { 'content-type': 'text/plain', cookie: `vink_session=${c.cookie}`, 'x-csrf-token': c.csrfToken! } });
    expect(res.statusCode).toBe(415);
    expect(JSON.parse(res.body).code).toBe('unsupported_media_type');
  });

  it('malformed JSON answers 400 naming the body', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors[0].field).toBe('body');
  });

  it('an unexpected error answers 500 with a reference id and no internal detail', async () => {
    const ctx = await createContext({ env: { DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }, db: h.ctx.db, clock: new FakeClock() });
    const app = await buildApp(ctx);
    app.get('/api/v1/test-boom', { config: { public: true } }, async () => {
      throw new Error('secret internal detail: password=hunter2');
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/test-boom' });
    expect(res.statusCode).toBe(500);
    const body = JSON.parse(res.body);
    expect(body.code).toBe('internal');
    expect(body.reference).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toContain('hunter2');
    await app.close();
  });
});

describe('security headers', () => {
  it('sets CSP, HSTS, nosniff, Referrer-Policy and no-store on API responses', async () => {
    const c = await h.signIn('coordinator');
    const res = await c.get('/api/v1/cases/page');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves the OpenAPI document and its docs page', async () => {
    const spec = await h.client().get('/api/v1/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toContain('/api/v1/persons/{id}');
    const docs = await h.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  it('limits each signed-in user per minute, answering 429 problem+json', async () => {
    const h2 = await createHarness({ RATE_LIMIT_PER_MINUTE: '10' });
    try {
      const c = await h2.signIn('coordinator');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await c.get('/api/v1/cases/page')).status);
      expect(statuses).toContain(429);
      const limited = await c.get('/api/v1/cases/page');
      expect(limited.body.code).toBe('rate_limited');
      // Another user is not affected by the first one's limit.
      const other = await h2.signIn('coordinator');
      expect((await other.get('/api/v1/cases/page')).status).toBe(200);
    } finally {
      await h2.close();
    }
  });

  it('limits sign-in attempts per client address', async () => {
    const h2 = await createHarness({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await h2.client().post('/api/v1/auth/login', { username: 'nobody', password: 'whatever-x' })).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await h2.close();
    }
  });
});

describe('database outage', () => {
  it('answers 503 while the database is unreachable and keeps the process up', async () => {
    // A pool pointing at a port where nothing listens: every query fails to connect.
    const db = openPostgres('postgres://vink@127.0.0.1:1/vink', undefined, 2);
    const ctx = { ...h.ctx, db };
    const app = await buildApp(ctx);
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(503);
    expect(JSON.parse(health.body).code).toBe('unavailable');
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'someone', password: 'password-123' } });
    expect(login.statusCode).toBe(503);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { vink_session: 'abc' } });
    expect(me.statusCode).toBe(503);
    await app.close();
    await db.close();
    // The original app still serves.
    expect((await h.client().get('/api/v1/health')).status).toBe(200);
  });
});
