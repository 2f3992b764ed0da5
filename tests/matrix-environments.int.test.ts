import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Risk environments and networks: every route × role × relation, the expected status computed from the one policy
 * table (src/shared/policy.ts through tests/helpers/policy.ts). Audit rule (src/server/modules/environments/repo.ts):
 * the registers hold no personal data, so a successful read writes no audit row; every create, update and link writes
 * exactly one, and every refusal one (denied).
 */
type Rel = 'own' | 'own_created' | 'other';
const RELATION: Record<Rel, Relation> = { own: { own: true }, own_created: { own: true, creator: true }, other: { own: false } };

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };
let seq = 0;
const fixtures = {} as { environments: Record<'own' | 'other', string>; networks: Record<'own' | 'other', string> };

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const unitOf = (rel: Rel) => (rel === 'other' ? h.units.b : h.units.a);

async function makeEnvironment(rel: Rel): Promise<string> {
  return (await sql<{ id: string }>(
    `INSERT INTO risk_environments (unit_id, name, started_on, created_by, created_at, updated_at) VALUES ($1, $2, '2025-01-01', $3, now(), now()) RETURNING id`,
    [unitOf(rel), `Miljø ${++seq}`, (rel === 'other' ? staff.b : staff.a).id]))[0]!.id;
}
async function makeNetwork(rel: Rel): Promise<string> {
  return (await sql<{ id: string }>(
    `INSERT INTO prevention_networks (unit_id, kind, name, started_on, created_by, created_at, updated_at)
     VALUES ($1, 'parent_network', $2, '2025-01-01', $3, now(), now()) RETURNING id`,
    [unitOf(rel), `Netværk ${++seq}`, (rel === 'other' ? staff.b : staff.a).id]))[0]!.id;
}
async function makeActivity(rel: Rel): Promise<string> {
  return (await sql<{ id: string }>(
    `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, organisations, created_by, created_at, updated_at)
     VALUES ($1, '2026-02-01', 'outreach', 'Matrix', 'group_risk_environment', 'yellow', 'other', 5, 0, $2, now(), now()) RETURNING id`,
    [unitOf(rel), (rel === 'other' ? staff.b : staff.a).id]))[0]!.id;
}
async function makeConcern(role: Role, rel: Rel): Promise<string> {
  const unit = unitOf(rel);
  const registrar = rel === 'own_created' ? actors[role].user.id : (rel === 'other' ? staff.b : staff.a).id;
  const now = h.clock.now();
  const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Miljø', 'unknown', $2, $2) RETURNING id`, [
    unit, now]))[0]!.id;
  return (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'received', $4, $5, $2, $2, 'unknown') RETURNING id`,
    [unit, now, person, new Date(now.getTime() + 48 * 3_600_000), registrar]))[0]!.id;
}

interface RouteSpec extends GuardedRoute {
  /** record: the relation decides (404 outside reach); role: no record (403 for a role without the action). */
  kind: 'record' | 'role';
  rels?: Rel[];
  audited: 'write' | 'read';
  ok: number;
  target?: (role: Role, rel: Rel) => Promise<string>;
  path: (id: string) => string;
  body?: (role: Role, rel: Rel) => Promise<unknown> | unknown;
  lists?: 'environments' | 'networks';
}

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/environments'), kind: 'role', audited: 'write', ok: 201, path: () => '/api/v1/environments',
    body: () => ({ name: `Nyt miljø ${++seq}`, area: 'Vest', entryPoints: ['Fodboldklubben'], keyActors: [{ kind: 'role', description: 'Træner' }], startedOn: '2026-01-05' }) },
  { ...route('GET /api/v1/environments'), kind: 'role', audited: 'read', ok: 200, path: () => '/api/v1/environments', lists: 'environments' },
  { ...route('GET /api/v1/environments/:id'), kind: 'record', audited: 'read', ok: 200, target: (_r, rel) => makeEnvironment(rel),
    path: (id) => `/api/v1/environments/${id}` },
  { ...route('PATCH /api/v1/environments/:id'), kind: 'record', audited: 'write', ok: 200, target: (_r, rel) => makeEnvironment(rel),
    path: (id) => `/api/v1/environments/${id}`, body: () => ({ version: 1, area: 'Øst' }) },
  { ...route('PUT /api/v1/concerns/:id/environment'), kind: 'record', rels: ['own', 'own_created', 'other'], audited: 'write', ok: 200,
    target: makeConcern, path: (id) => `/api/v1/concerns/${id}/environment`,
    body: async (_r, rel) => ({ environmentId: await makeEnvironment(rel) }) },
  { ...route('PUT /api/v1/activities/:id/links'), kind: 'record', audited: 'write', ok: 200, target: (_r, rel) => makeActivity(rel),
    path: (id) => `/api/v1/activities/${id}/links`, body: async (_r, rel) => ({ environmentId: await makeEnvironment(rel), networkId: await makeNetwork(rel) }) },
  { ...route('POST /api/v1/networks'), kind: 'role', audited: 'write', ok: 201, path: () => '/api/v1/networks',
    body: () => ({ kind: 'mosque_network', name: `Moskénetværk ${++seq}`, organisations: ['Moské A'], startedOn: '2026-01-05' }) },
  { ...route('GET /api/v1/networks'), kind: 'role', audited: 'read', ok: 200, path: () => '/api/v1/networks', lists: 'networks' },
  { ...route('GET /api/v1/history-aggregates'), kind: 'role', audited: 'read', ok: 200, path: () => '/api/v1/history-aggregates' },
  { ...route('PATCH /api/v1/networks/:id'), kind: 'record', audited: 'write', ok: 200, target: (_r, rel) => makeNetwork(rel),
    path: (id) => `/api/v1/networks/${id}`, body: () => ({ version: 1, description: 'Mødes månedligt' }) },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  for (const role of ROLES) actors[role].reason = 'Adgangsmatrix';
  staff = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
  fixtures.environments = { own: await makeEnvironment('own'), other: await makeEnvironment('other') };
  fixtures.networks = { own: await makeNetwork('own'), other: await makeNetwork('other') };
});
afterAll(async () => h?.close());

describe('access matrix: risk environments and networks', () => {
  it('walks exactly the environments routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('environments').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('environments').includes(k));
    expect(registered.sort()).toEqual(walkedBy('environments').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of r.kind === 'record' ? (r.rels ?? ['own', 'other'] as Rel[]) : (['own'] as Rel[])) {
          const where = `${role} × ${rel}`;
          const expected = expectedStatus(r.action, role, r.ok, r.kind === 'record' ? RELATION[rel] : undefined);
          const id = r.target ? await r.target(role, rel) : '';
          const body = await r.body?.(role, rel);
          const before = await h.auditCount();
          const res = await actors[role].request(r.method, r.path(id), body);
          const written = (await h.auditCount()) - before;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          const want = expected >= 400 || r.audited === 'write' ? 1 : 0;
          if (written !== want) failures.push(`${where}: expected ${want} audit row(s), got ${written}`);
          if (r.lists && res.status === 200) {
            const ids = new Set((res.body as { id: string }[]).map((x) => x.id));
            if (!ids.has(fixtures[r.lists].own)) failures.push(`${where}: list misses the own-unit record`);
            if (ids.has(fixtures[r.lists].other)) failures.push(`${where}: list leaks the other unit's record`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
