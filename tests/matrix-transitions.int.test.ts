import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Transitions (release dates on a case): every route × role × relation to the case, expected status from the policy
 * table. Release dates concern the person: every look, change and refusal writes exactly one audit row.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function makeCase(role: Role, own: boolean, onIt: boolean): Promise<string> {
  const unit = own ? h.units.a : h.units.b;
  const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Overgang', 'unknown', now(), now()) RETURNING id`,
    [unit]))[0]!.id;
  const id = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', now(), now()) RETURNING id`,
    [unit, person]))[0]!.id;
  if (onIt) await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, now())`, [id, actors[role].user.id, unit, NATURAL[role]]);
  return id;
}
async function makeTransition(caseId: string): Promise<string> {
  const [c] = await sql<{ unit_id: string }>('SELECT unit_id FROM cases WHERE id = $1', [caseId]);
  const [someone] = await sql<{ id: string }>('SELECT id FROM users LIMIT 1');
  return (await sql<{ id: string }>(
    `INSERT INTO case_transitions (case_id, unit_id, kind, due_on, recorded_by, recorded_at, updated_at) VALUES ($1, $2, 'prison_release', '2026-06-01', $3, now(), now()) RETURNING id`,
    [caseId, c!.unit_id, someone!.id]))[0]!.id;
}

interface RouteSpec extends GuardedRoute { ok: number; path: (caseId: string) => Promise<string>; body?: unknown }
const ROUTES: RouteSpec[] = [
  { ...route('GET /api/v1/cases/:id/transitions'), ok: 200, path: async (c) => `/api/v1/cases/${c}/transitions` },
  { ...route('POST /api/v1/cases/:id/transitions'), ok: 201, path: async (c) => `/api/v1/cases/${c}/transitions`,
    body: { kind: 'custody_release', dueOn: '2026-05-01', noticeDays: 14 } },
  { ...route('PATCH /api/v1/case-transitions/:id'), ok: 200, path: async (c) => `/api/v1/case-transitions/${await makeTransition(c)}`,
    body: { version: 1, status: 'prepared' } },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  for (const role of ROLES) actors[role].reason = 'Adgangsmatrix';
});
afterAll(async () => h?.close());

describe('access matrix: transitions', () => {
  it('walks exactly the transitions routes of the catalogue', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('transitions').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('transitions').includes(k));
    expect(registered.sort()).toEqual(walkedBy('transitions').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const own of [true, false]) {
          for (const onIt of [true, false]) {
            const caseId = await makeCase(role, own, onIt);
            const expected = expectedStatus(r.action, role, r.ok, onCase(own, onIt ? NATURAL[role] : null));
            const where = `${role} × ${own ? 'own' : 'other'} unit × ${onIt ? NATURAL[role] : 'not on it'}`;
            const path = await r.path(caseId);
            const before = await h.auditCount();
            const res = await actors[role].request(r.method, path, r.body);
            const written = (await h.auditCount()) - before;
            if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
            if (written !== 1) failures.push(`${where}: expected 1 audit row, got ${written}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
