import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { mayAttempt, POLICY } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { allowed, expectedStatus, NATURAL, onCase, type Relation } from './helpers/policy.ts';
import { CATALOGUED, EXEMPT, keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * One walk over the core routes (persons, cases, members, notes, staff administration, units, the audit log) × role ×
 * relation, with the expected status computed from the one policy table (src/shared/policy.ts, read through
 * tests/helpers/policy.ts). Each request must also leave exactly one audit row, marked ok or denied. The other routes
 * are walked by the tests/matrix-*.int.test.ts files; tests/matrix/catalogue.ts says which walks what.
 */
type Rel = 'ownAssigned' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const RELS: Record<Rel, { own: boolean; member: boolean }> = {
  ownAssigned: { own: true, member: true },
  ownNotAssigned: { own: true, member: false },
  otherAssigned: { own: false, member: true },
  otherNotAssigned: { own: false, member: false },
};
/** The fixture's case (or person) as it relates to an actor of role: assigned actors are on it in their natural relation. */
const relationOf = (role: Role, rel: Rel): Relation => onCase(RELS[rel].own, RELS[rel].member ? NATURAL[role] : null);

interface Fixture {
  cases: Record<Rel, string>;
  persons: Record<Rel, string>;
  users: { own: string; other: string };
  bystander: string;
}

type Ctx = { f: Fixture; rel: Rel; version(table: 'cases' | 'persons' | 'users', id: string): Promise<number> };
interface RouteSpec extends GuardedRoute {
  kind: 'record' | 'create' | 'collection';
  ok: number;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => Promise<unknown> | unknown;
  /** For collections: which fixture records the result must contain. */
  lists?: 'cases' | 'persons';
}

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/persons'), kind: 'create', ok: 201, path: () => '/api/v1/persons', body: () => ({ fullName: 'Matrix Ny' }) },
  { ...route('POST /api/v1/persons/search'), kind: 'collection', ok: 200, path: () => '/api/v1/persons/search', body: () => ({ q: 'Matrix Fixture' }), lists: 'persons' },
  { ...route('GET /api/v1/persons/:id'), kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/persons/${f.persons[rel]}` },
  { ...route('GET /api/v1/persons/:id/overview'), kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/persons/${f.persons[rel]}/overview` },
  { ...route('PATCH /api/v1/persons/:id'), kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/persons/${f.persons[rel]}`,
    body: async ({ f, rel, version }) => ({ version: await version('persons', f.persons[rel]), district: 'Valby' }) },
  { ...route('POST /api/v1/cases'), kind: 'create', ok: 201, path: () => '/api/v1/cases', body: ({ f }) => ({ personId: f.persons.ownNotAssigned, title: 'Matrix ny sag' }) },
  { ...route('GET /api/v1/cases/page'), kind: 'collection', ok: 200, path: () => '/api/v1/cases/page?limit=200', lists: 'cases' },
  { ...route('GET /api/v1/cases/:id'), kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}` },
  { ...route('PATCH /api/v1/cases/:id'), kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}`,
    body: async ({ f, rel, version }) => ({ version: await version('cases', f.cases[rel]), preventionLevel: 'yellow' }) },
  { ...route('POST /api/v1/cases/:id/members'), kind: 'record', ok: 201, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}/members`,
    body: ({ f }) => ({ userId: f.bystander, relation: 'partner', legalBasis: 'serviceloven' }) },
  { ...route('GET /api/v1/cases/:id/notes'), kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}/notes` },
  { ...route('POST /api/v1/cases/:id/notes'), kind: 'record', ok: 201, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}/notes`,
    body: () => ({ body: 'Notat fra matrixtesten.' }) },
];

/**
 * Staff administration: relation is own unit or other unit only. users.manage is 'any' in the table, yet an
 * administrator reaches the staff of their own unit only (other units' staff answer 404).
 */
const USER_ROUTES: (GuardedRoute & { ok: number; path: (id: string) => string; body?: (v: number) => unknown })[] = [
  { ...route('GET /api/v1/users/:id'), ok: 200, path: (id) => `/api/v1/users/${id}` },
  { ...route('PATCH /api/v1/users/:id'), ok: 200, path: (id) => `/api/v1/users/${id}`, body: (v) => ({ version: v, organisation: 'Matrix' }) },
  { ...route('POST /api/v1/users/:id/reset-second-factor'), ok: 200, path: (id) => `/api/v1/users/${id}/reset-second-factor`, body: () => ({}) },
  { ...route('POST /api/v1/users/:id/disable'), ok: 200, path: (id) => `/api/v1/users/${id}/disable`, body: () => ({}) },
];
const ROLE_ONLY_ROUTES: (GuardedRoute & { ok: number; audited: boolean })[] = [
  { ...route('GET /api/v1/users'), ok: 200, audited: true },
  { ...route('POST /api/v1/users'), ok: 201, audited: true },
  { ...route('GET /api/v1/units'), ok: 200, audited: false },
  { ...route('GET /api/v1/audit'), ok: 200, audited: true },
  { ...route('GET /api/v1/audit/verify'), ok: 200, audited: true },
];

let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const bystander = await h.createUser('partner', 'a');
  const otherUnitUser = await h.createUser('adviser', 'b');
  const ownUnitUser = await h.createUser('adviser', 'a');
  const now = h.clock.now();
  f = await systemTransaction(h.ctx.db, async (tx) => {
    const cases = {} as Record<Rel, string>;
    const persons = {} as Record<Rel, string>;
    for (const rel of Object.keys(RELS) as Rel[]) {
      const unit = RELS[rel].own ? h.units.a : h.units.b;
      const p = await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $3) RETURNING id`,
        [unit, `Matrix Fixture ${rel}`, now],
      );
      persons[rel] = p.rows[0]!.id;
      const c = await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
        [unit, persons[rel], `Matrix ${rel}`, now],
      );
      cases[rel] = c.rows[0]!.id;
      await tx.query(`INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, $4, 'fixture', true)`, [
        cases[rel], unit, ownUnitUser.id, now,
      ]);
      if (RELS[rel].member) {
        for (const role of ROLES) {
          await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`, [
            cases[rel], actors[role].user.id, unit, NATURAL[role], now,
          ]);
        }
      }
    }
    return { cases, persons, users: { own: ownUnitUser.id, other: otherUnitUser.id }, bystander: bystander.id };
  });
});
afterAll(async () => h?.close());

const version = async (table: 'cases' | 'persons' | 'users', id: string) =>
  Number((await systemTransaction(h.ctx.db, (tx) => tx.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]))).rows[0]!.version);

async function lastAudit(): Promise<{ outcome: string; actor_id: string }> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<{ outcome: string; actor_id: string }>('SELECT outcome, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))).rows[0]!;
}

describe('access matrix', () => {
  it('the route catalogue (tests/matrix/catalogue.ts) holds every API route, walked or exempted with a reason, and only those', () => {
    const catalogued = new Set([...CATALOGUED, ...Object.keys(EXEMPT)]);
    const apiRoutes = h.app.routeTable
      .filter((r) => r.url.startsWith('/api/v1/') && !r.url.startsWith('/api/v1/docs') && !r.url.startsWith('/api/v1/auth/oidc'))
      .map(keyOf);
    expect(apiRoutes.filter((k) => !catalogued.has(k))).toEqual([]);
    expect([...catalogued].filter((k) => !apiRoutes.includes(k))).toEqual([]);
    expect(Object.keys(POLICY).length).toBeGreaterThan(5);
  });

  it('walks exactly the core routes of the catalogue', () => {
    expect([...ROUTES, ...USER_ROUTES, ...ROLE_ONLY_ROUTES].map(keyOf).sort()).toEqual(walkedBy('core').sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const rels: Rel[] = route.kind === 'record' ? (Object.keys(RELS) as Rel[]) : ['ownAssigned'];
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of rels) {
          const ctx: Ctx = { f, rel, version };
          const expected = expectedStatus(route.action, role, route.ok, route.kind === 'record' ? relationOf(role, rel) : undefined);
          const before = await h.auditCount();
          // Every walk carries a break-the-glass reason: a reason never widens reach, and the matrix is about reach
          // (tests/access-requests.int.test.ts proves the reason is required).
          const res = await actors[role].request(route.method, route.path(ctx), route.body ? await route.body(ctx) : undefined,
            { 'x-vink-reason': encodeURIComponent('Adgangsmatrix') });
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
          }
          if (route.lists && res.status === 200) {
            // A paged list (docs/architecture.md, "Lists") must hold everything on one page of 200, with the total.
            const paged = !Array.isArray(res.body);
            const items = (paged ? res.body.items : res.body) as { id: string }[];
            if (paged && (res.body.hasMore || res.body.total !== items.length)) failures.push(`${where}: page total ${res.body.total} for ${items.length} items`);
            const ids = new Set(items.map((x) => x.id));
            for (const r of Object.keys(RELS) as Rel[]) {
              const fixtureId = route.lists === 'cases' ? f.cases[r] : f.persons[r];
              const shouldSee = allowed(route.action, role, relationOf(role, r));
              if (ids.has(fixtureId) !== shouldSee) failures.push(`${where}: list ${shouldSee ? 'misses' : 'leaks'} the ${r} record`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  for (const route of USER_ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const [rel, id] of [['own unit', () => f.users.own], ['other unit', () => f.users.other]] as const) {
          const expected = !mayAttempt(route.action, role) ? 403 : rel === 'own unit' ? route.ok : 404;
          const userId = id();
          const res = await actors[role].request(route.method, route.path(userId), route.body ? route.body(await version('users', userId)) : undefined);
          if (res.status !== expected) failures.push(`${role} × ${rel}: expected ${expected}, got ${res.status}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  for (const route of ROLE_ONLY_ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const expected = expectedStatus(route.action, role, route.ok);
        const body = route.method === 'POST' ? { username: `matrix.${role}`, displayName: 'Matrix', role: 'analyst' } : undefined;
        const before = await h.auditCount();
        const res = await actors[role].request(route.method, route.url, body);
        const after = await h.auditCount();
        if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
        const expectedRows = route.audited || expected === 403 ? 1 : 0;
        if (after - before !== expectedRows) failures.push(`${role}: expected ${expectedRows} audit rows, got ${after - before}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
