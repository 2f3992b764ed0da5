import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { POLICY, reachesFor, type Action } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';

/**
 * One walk over every route × role × relation, with the expected status computed from the one policy table
 * (src/server/access/policy.ts). Each request must also leave exactly one audit row, marked ok or denied.
 */
type Rel = 'ownAssigned' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const RELS: Record<Rel, { own: boolean; member: boolean }> = {
  ownAssigned: { own: true, member: true },
  ownNotAssigned: { own: true, member: false },
  otherAssigned: { own: false, member: true },
  otherNotAssigned: { own: false, member: false },
};
/** How each role is attached to the cases it is "assigned" to. */
const NATURAL: Record<Role, 'owner' | 'adviser' | 'police' | 'partner' | 'mentor'> = {
  adviser: 'owner', coordinator: 'adviser', police_liaison: 'police', partner: 'partner', mentor: 'mentor',
  manager: 'adviser', analyst: 'adviser', dpo: 'adviser', admin: 'adviser',
};

function allowed(action: Action, role: Role, rel: Rel): boolean {
  const { own, member } = RELS[rel];
  return reachesFor(action, role).some(
    (r) => r === 'any' || (r === 'unit' && own) || (r === 'member' && member) || (r === 'owner' && member && NATURAL[role] === 'owner'),
  );
}

interface Fixture {
  cases: Record<Rel, string>;
  persons: Record<Rel, string>;
  users: { own: string; other: string };
  bystander: string;
}

type Ctx = { f: Fixture; rel: Rel; version(table: 'cases' | 'persons' | 'users', id: string): Promise<number> };
interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  action: Action;
  kind: 'record' | 'create' | 'collection';
  ok: number;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => Promise<unknown> | unknown;
  /** For collections: which fixture records the result must contain. */
  lists?: 'cases' | 'persons';
}

const ROUTES: RouteSpec[] = [
  { method: 'POST', url: '/api/v1/persons', action: 'person.create', kind: 'create', ok: 201, path: () => '/api/v1/persons', body: () => ({ fullName: 'Matrix Ny' }) },
  { method: 'POST', url: '/api/v1/persons/search', action: 'person.read', kind: 'collection', ok: 200, path: () => '/api/v1/persons/search', body: () => ({ q: 'Matrix Fixture' }), lists: 'persons' },
  { method: 'GET', url: '/api/v1/persons/:id', action: 'person.read', kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/persons/${f.persons[rel]}` },
  { method: 'PATCH', url: '/api/v1/persons/:id', action: 'person.update', kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/persons/${f.persons[rel]}`,
    body: async ({ f, rel, version }) => ({ version: await version('persons', f.persons[rel]), district: 'Valby' }) },
  { method: 'POST', url: '/api/v1/cases', action: 'case.create', kind: 'create', ok: 201, path: () => '/api/v1/cases', body: ({ f }) => ({ personId: f.persons.ownNotAssigned, title: 'Matrix ny sag' }) },
  { method: 'GET', url: '/api/v1/cases', action: 'case.read', kind: 'collection', ok: 200, path: () => '/api/v1/cases', lists: 'cases' },
  { method: 'GET', url: '/api/v1/cases/:id', action: 'case.read', kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}` },
  { method: 'PATCH', url: '/api/v1/cases/:id', action: 'case.update', kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}`,
    body: async ({ f, rel, version }) => ({ version: await version('cases', f.cases[rel]), preventionLevel: 'yellow' }) },
  { method: 'POST', url: '/api/v1/cases/:id/members', action: 'case.members.manage', kind: 'record', ok: 201, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}/members`,
    body: ({ f }) => ({ userId: f.bystander, relation: 'partner', legalBasis: 'consent' }) },
  { method: 'GET', url: '/api/v1/cases/:id/notes', action: 'case.notes.read', kind: 'record', ok: 200, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}/notes` },
  { method: 'POST', url: '/api/v1/cases/:id/notes', action: 'case.notes.create', kind: 'record', ok: 201, path: ({ f, rel }) => `/api/v1/cases/${f.cases[rel]}/notes`,
    body: () => ({ body: 'Notat fra matrixtesten.' }) },
];

/** Staff administration: relation is own unit or other unit only. */
const USER_ROUTES: { method: 'GET' | 'POST' | 'PATCH'; url: string; ok: number; path: (id: string) => string; body?: (v: number) => unknown }[] = [
  { method: 'GET', url: '/api/v1/users/:id', ok: 200, path: (id) => `/api/v1/users/${id}` },
  { method: 'PATCH', url: '/api/v1/users/:id', ok: 200, path: (id) => `/api/v1/users/${id}`, body: (v) => ({ version: v, organisation: 'Matrix' }) },
  { method: 'POST', url: '/api/v1/users/:id/reset-second-factor', ok: 200, path: (id) => `/api/v1/users/${id}/reset-second-factor`, body: () => ({}) },
  { method: 'POST', url: '/api/v1/users/:id/disable', ok: 200, path: (id) => `/api/v1/users/${id}/disable`, body: () => ({}) },
];
const ROLE_ONLY_ROUTES: { method: 'GET' | 'POST'; url: string; action: Action; ok: number; body?: unknown; audited: boolean }[] = [
  { method: 'GET', url: '/api/v1/users', action: 'users.manage', ok: 200, audited: true },
  { method: 'POST', url: '/api/v1/users', action: 'users.manage', ok: 201, audited: true },
  { method: 'GET', url: '/api/v1/units', action: 'units.read', ok: 200, audited: false },
  { method: 'GET', url: '/api/v1/audit', action: 'audit.read', ok: 200, audited: true },
  { method: 'GET', url: '/api/v1/audit/verify', action: 'audit.read', ok: 200, audited: true },
];
/** Routes outside need-to-know, each with the reason. */
const EXEMPT: Record<string, string> = {
  'GET /api/v1/health': 'no data',
  'GET /api/v1/openapi.json': 'API description',
  'GET /api/v1/auth/config': 'public sign-in settings',
  'POST /api/v1/auth/login': 'sign-in',
  'POST /api/v1/auth/second-factor/enrolment': 'sign-in',
  'POST /api/v1/auth/second-factor/enrolment/confirm': 'sign-in',
  'POST /api/v1/auth/second-factor': 'sign-in',
  'GET /api/v1/auth/me': "the actor's own account",
  'POST /api/v1/auth/logout': 'sign-out',
};

/** Routes walked by the case-flow modules' own matrix tests (tests/matrix/*.ts export COVERED). */
const moduleCoverage = import.meta.glob<{ COVERED: string[] }>('./matrix/*.ts', { eager: true });

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
  it('covers every API route (a new route must be added here or exempted with a reason)', () => {
    const covered = new Set([
      ...ROUTES.map((r) => `${r.method} ${r.url}`),
      ...USER_ROUTES.map((r) => `${r.method} ${r.url}`),
      ...ROLE_ONLY_ROUTES.map((r) => `${r.method} ${r.url}`),
      ...Object.keys(EXEMPT),
      ...Object.values(moduleCoverage).flatMap((m) => m.COVERED),
    ]);
    const apiRoutes = h.app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && !r.url.startsWith('/api/v1/docs') && !r.url.startsWith('/api/v1/auth/oidc'));
    const missing = apiRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
    expect(Object.keys(POLICY).length).toBeGreaterThan(5);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const rels: Rel[] = route.kind === 'record' ? (Object.keys(RELS) as Rel[]) : ['ownAssigned'];
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of rels) {
          const ctx: Ctx = { f, rel, version };
          let expected: number;
          if (route.kind === 'record') expected = allowed(route.action, role, rel) ? route.ok : 404;
          else expected = reachesFor(route.action, role).length > 0 ? route.ok : 403;
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(ctx), route.body ? await route.body(ctx) : undefined);
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
            const ids = new Set((res.body as { id: string }[]).map((x) => x.id));
            for (const r of Object.keys(RELS) as Rel[]) {
              const fixtureId = route.lists === 'cases' ? f.cases[r] : f.persons[r];
              const shouldSee = allowed(route.action, role, r);
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
          const expected = role === 'admin' ? (rel === 'own unit' ? route.ok : 404) : 403;
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
        const expected = reachesFor(route.action, role).length > 0 ? route.ok : 403;
        const body = route.method === 'POST' ? { username: `matrix.${role}`, displayName: 'Matrix', role: 'adviser', password: 'matrix-password-123' } : undefined;
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
