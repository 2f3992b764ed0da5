import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The national routes × every role (issue 15, items 5 and 6): the national view (national.statistics), a unit's
 * opt-out (national.participation) and national administration (national.units.manage). None is on a record of a
 * unit, so the expected status is the policy table's for the role alone (tests/helpers/policy.ts): the success status
 * or 403. A refusal leaves exactly one denied audit row by the actor.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let hotlineId: string;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const maxSeq = async () => (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;

let nextCode = 400;
const ROUTES: (GuardedRoute & { ok: number; path: () => string; body?: () => unknown })[] = [
  { ...route('POST /api/v1/national/statistics'), ok: 200, path: () => '/api/v1/national/statistics', body: () => ({ from: '2025-01-01', to: '2025-12-31', groupBy: 'ideology' }) },
  { ...route('GET /api/v1/national/statistics.xlsx'), ok: 200, path: () => '/api/v1/national/statistics.xlsx?from=2025-01-01&to=2025-12-31&groupBy=year' },
  { ...route('GET /api/v1/national/participation'), ok: 200, path: () => '/api/v1/national/participation' },
  { ...route('PUT /api/v1/national/participation'), ok: 200, path: () => '/api/v1/national/participation', body: () => ({ takesPart: true }) },
  { ...route('GET /api/v1/national/units'), ok: 200, path: () => '/api/v1/national/units' },
  { ...route('POST /api/v1/national/units'), ok: 201, path: () => '/api/v1/national/units',
    body: () => ({ name: `Matrixkommune ${nextCode}`, municipalityCode: String(nextCode++), policeDistrictId: 3, hotlines: [{ hotlineId, caseWork: false }] }) },
  { ...route('PUT /api/v1/national/units/:id/hotlines/:hotlineId'), ok: 200, path: () => `/api/v1/national/units/${h.units.b}/hotlines/${hotlineId}`,
    body: () => ({ member: true, caseWork: true }) },
];

beforeAll(async () => {
  h = await createHarness();
  hotlineId = (await sql<{ id: string }>(`INSERT INTO hotlines (name) VALUES ('Matrix-hotline') RETURNING id`))[0]!.id;
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

describe('national access matrix', () => {
  it('walks exactly the national routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('national').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const expected = expectedStatus(r.action, role, r.ok);
        const since = await maxSeq();
        const res = await actors[role].request(r.method, r.path(), r.body?.());
        const rows = await sql<{ outcome: string }>('SELECT outcome FROM audit_log WHERE seq > $1 AND actor_id = $2', [since, actors[role].user.id]);
        if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if (expected === 403 && (rows.length !== 1 || rows[0]!.outcome !== 'denied')) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
        if (expected < 400 && rows.some((x) => x.outcome !== 'ok')) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
