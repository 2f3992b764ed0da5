import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { mayAttempt } from '../src/server/access/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The access-request and legal-hold routes × every role × the record's unit (the actor's own or another), the expected
 * status computed from the policy table (access_request.*, legal_hold.* in src/shared/policy.ts) through
 * tests/helpers/policy.ts. A list or create route answers 403 to a role without the action; a route on one record
 * answers 404 outside reach (also to a role without the action), so existence does not leak. Every attempt writes at
 * least one audit row by the actor, denied when refused. Each allowed write gets a fresh record, so every walk sees
 * the same state. The routes that read a citizen's data are sent with purpose access_request.
 */
type Rel = 'ownUnit' | 'otherUnit';
const RELS: Rel[] = ['ownUnit', 'otherUnit'];
const AR = { 'x-vink-purpose': 'access_request' };

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let dpoB: Client & { user: TestUser };
const persons = {} as Record<Rel, string>;
const cases = {} as Record<Rel, string>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

/** A request of the rel's unit, registered (or linked to the unit's person and so compiling) by that unit's DPO. */
async function request(rel: Rel, linked: boolean): Promise<{ id: string; version: number }> {
  const c = rel === 'ownUnit' ? actors.dpo : dpoB;
  const r = await c.post('/api/v1/access-requests', { receivedOn: '2026-03-01', identityVerified: 'MitID' });
  if (r.status !== 201) throw new Error(`register failed: ${r.status}`);
  if (!linked) return { id: r.body.id, version: r.body.version };
  const l = await c.request('POST', `/api/v1/access-requests/${r.body.id}/person`, { version: r.body.version, personId: persons[rel] }, AR);
  if (l.status !== 200) throw new Error(`link failed: ${l.status} ${JSON.stringify(l.body)}`);
  return { id: r.body.id, version: l.body.version };
}

async function hold(rel: Rel): Promise<{ id: string; version: number }> {
  const c = rel === 'ownUnit' ? actors.dpo : dpoB;
  const r = await c.post('/api/v1/legal-holds', { caseId: cases[rel], reasonKind: 'complaint', reason: 'Klage over sagsbehandlingen.' });
  if (r.status !== 201) throw new Error(`hold failed: ${r.status}`);
  return { id: r.body.id, version: r.body.version };
}

async function itemOf(requestId: string, rel: Rel): Promise<string> {
  const c = rel === 'ownUnit' ? actors.dpo : dpoB;
  const r = await c.request('GET', `/api/v1/access-requests/${requestId}/compilation`, undefined, AR);
  return r.body.items.find((i: { type: string }) => i.type === 'concern').id;
}

interface Walk extends GuardedRoute {
  ok: number;
  /** One record per relation; false for a route on no record (list, create). */
  perRel: boolean;
  /** A create naming a record in its body: a role without the action is refused up front (403), else 404 outside reach. */
  gate?: boolean;
  send(c: Client, rel: Rel): Promise<{ status: number }>;
}

const walks: Walk[] = [
  { ...route('GET /api/v1/access-requests'), ok: 200, perRel: false, send: (c) => c.get('/api/v1/access-requests') },
  { ...route('POST /api/v1/access-requests'), ok: 201, perRel: false,
    send: (c) => c.post('/api/v1/access-requests', { receivedOn: '2026-03-01', identityVerified: 'MitID' }) },
  { ...route('GET /api/v1/access-requests/:id'), ok: 200, perRel: true, send: async (c, rel) => c.get(`/api/v1/access-requests/${(await request(rel, false)).id}`) },
  { ...route('POST /api/v1/access-requests/:id/extend'), ok: 200, perRel: true, send: async (c, rel) => {
    const r = await request(rel, false);
    return c.post(`/api/v1/access-requests/${r.id}/extend`, { version: r.version, reason: 'Omfattende materiale' });
  } },
  { ...route('POST /api/v1/access-requests/:id/person-search'), ok: 200, perRel: true, send: async (c, rel) =>
    c.request('POST', `/api/v1/access-requests/${(await request(rel, false)).id}/person-search`, { name: 'Matrix Borger' }, AR) },
  { ...route('POST /api/v1/access-requests/:id/person'), ok: 200, perRel: true, send: async (c, rel) => {
    const r = await request(rel, false);
    return c.request('POST', `/api/v1/access-requests/${r.id}/person`, { version: r.version, personId: persons[rel] }, AR);
  } },
  { ...route('GET /api/v1/access-requests/:id/compilation'), ok: 200, perRel: true, send: async (c, rel) =>
    c.request('GET', `/api/v1/access-requests/${(await request(rel, true)).id}/compilation`, undefined, AR) },
  { ...route('POST /api/v1/access-requests/:id/exemptions'), ok: 201, perRel: true, send: async (c, rel) => {
    const r = await request(rel, true);
    return c.request('POST', `/api/v1/access-requests/${r.id}/exemptions`,
      { itemType: 'concern', itemId: await itemOf(r.id, rel), legalReference: 'databeskyttelsesloven § 22, stk. 1, nr. 2', reason: 'Hensyn til anmelderen' }, AR);
  } },
  { ...route('POST /api/v1/access-requests/:id/transition'), ok: 200, perRel: true, send: async (c, rel) => {
    const r = await request(rel, true);
    return c.post(`/api/v1/access-requests/${r.id}/transition`, { version: r.version, to: 'handed_over' });
  } },
  { ...route('GET /api/v1/access-requests/:id/export.json'), ok: 200, perRel: true, send: async (c, rel) =>
    c.request('GET', `/api/v1/access-requests/${(await request(rel, true)).id}/export.json`, undefined, AR) },
  { ...route('GET /api/v1/access-requests/:id/export.pdf'), ok: 200, perRel: true, send: async (c, rel) => {
    const r = await request(rel, true);
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/access-requests/${r.id}/export.pdf`, headers: { cookie: `${SESSION_COOKIE}=${c.cookie}`, ...AR } });
    return { status: res.statusCode };
  } },
  { ...route('GET /api/v1/legal-holds'), ok: 200, perRel: false, send: (c) => c.get('/api/v1/legal-holds') },
  { ...route('POST /api/v1/legal-holds'), ok: 201, perRel: true, gate: true,
    send: (c, rel) => c.post('/api/v1/legal-holds', { caseId: cases[rel], reasonKind: 'police_request', reason: 'Politiet har bedt om bevaring.' }) },
  { ...route('POST /api/v1/legal-holds/:id/lift'), ok: 200, perRel: true, send: async (c, rel) => {
    const x = await hold(rel);
    return c.post(`/api/v1/legal-holds/${x.id}/lift`, { version: x.version, reason: 'Klagen er afgjort.' });
  } },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  dpoB = await h.signIn('dpo', 'b');
  for (const rel of RELS) {
    const coordinator = await h.signIn('coordinator', rel === 'ownUnit' ? 'a' : 'b');
    const k = await coordinator.post('/api/v1/concerns', {
      receivedAt: h.clock.now().toISOString(), channel: 'professional', reporter: { anonymous: true },
      person: { fullName: 'Matrix Borger', birthDate: '1990-05-06' }, ideologyArea: 'right_wing', severity: 'medium',
      behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler voldelig propaganda i en gruppechat.',
    });
    if (k.status !== 201) throw new Error(`concern failed: ${k.status} ${JSON.stringify(k.body)}`);
    persons[rel] = k.body.person.id;
    const c = await coordinator.post('/api/v1/cases', { personId: persons[rel], title: 'Matrixsag' });
    if (c.status !== 201) throw new Error(`case failed: ${c.status} ${JSON.stringify(c.body)}`);
    cases[rel] = c.body.id;
  }
}, 120_000);
afterAll(async () => h?.close());

describe('access requests and legal holds access matrix', () => {
  it('walks exactly its routes of the catalogue (tests/matrix/catalogue.ts), which are all the /access-requests and /legal-holds routes', () => {
    expect(walks.map(keyOf).sort()).toEqual(walkedBy('access-requests').sort());
    expect(h.app.routeTable.filter((r) => /^\/api\/v1\/(access-requests|legal-holds)/.test(r.url)).map(keyOf).sort())
      .toEqual(walkedBy('access-requests').sort());
  });

  for (const w of walks) {
    it(keyOf(w), async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of w.perRel ? RELS : (['ownUnit'] as Rel[])) {
          const expected = w.gate && !mayAttempt(w.action, role) ? 403
            : w.perRel ? expectedStatus(w.action, role, w.ok, { own: rel === 'ownUnit' }) : expectedStatus(w.action, role, w.ok);
          const seq = Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
          const res = await w.send(actors[role], rel);
          const rows = await sql<{ outcome: string }>('SELECT outcome FROM audit_log WHERE seq > $1 AND actor_id = $2', [seq, actors[role].user.id]);
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify((res as { body?: unknown }).body ?? '').slice(0, 160)}`);
          if (rows.length === 0) failures.push(`${where}: no audit row by the actor`);
          if (expected >= 400 && !rows.some((r) => r.outcome === 'denied')) failures.push(`${where}: refusal not audited as denied`);
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }
});
