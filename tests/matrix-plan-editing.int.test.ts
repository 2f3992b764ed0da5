import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Plan editing (issue 14): every route × role × relation (the plan is in the actor's own unit or another unit), with
 * the expected status computed from the one policy table (src/shared/policy.ts). Every plan action reaches by unit.
 * A refusal leaves exactly one 'denied' row by the actor; success leaves none (plans and milestone decisions hold no
 * data about citizens).
 */
type Rel = 'ownUnit' | 'otherUnit';
const RELS: Rel[] = ['ownUnit', 'otherUnit'];

interface RouteSpec extends GuardedRoute {
  ok: number;
  path: (rel: Rel) => string;
  body?: (rel: Rel) => Promise<unknown>;
}

let h: Harness;
let plans: Record<Rel, string>;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/plans/:id/milestone-decisions'), ok: 201, path: (rel) => `/api/v1/plans/${plans[rel]}/milestone-decisions`,
    body: async () => ({ milestoneKey: 'concept_done', decidedOn: '2026-03-01', approvedBy: 'Beskæftigelses- og Integrationsudvalget', documentRef: 'Sag 2026-0042' }) },
  { ...route('GET /api/v1/plans/:id/milestone-decisions'), ok: 200, path: (rel) => `/api/v1/plans/${plans[rel]}/milestone-decisions` },
  // The version is read just before each request, so every allowed actor changes the current plan.
  { ...route('PATCH /api/v1/plans/:id'), ok: 200, path: (rel) => `/api/v1/plans/${plans[rel]}`,
    body: async (rel) => ({ version: await versionOf(plans[rel]), name: `Matrix ${rel} (rettet)` }) },
  { ...route('GET /api/v1/plans/:id/report-texts/:year'), ok: 200, path: (rel) => `/api/v1/plans/${plans[rel]}/report-texts/2026` },
  // Each allowed actor saves the next version of the texts (read just before the request).
  { ...route('PUT /api/v1/plans/:id/report-texts/:year'), ok: 200, path: (rel) => `/api/v1/plans/${plans[rel]}/report-texts/2026`,
    body: async (rel) => ({ version: await textsVersionOf(plans[rel]), addressee: 'Økonomiudvalget', foreword: 'Året i korte træk.', comments: [] }) },
  { ...route('POST /api/v1/plans/:id/tracks'), ok: 201, path: (rel) => `/api/v1/plans/${plans[rel]}/tracks`,
    body: async () => ({ name: 'Fagpersoner', kind: 'target_group', purpose: 'At styrke fagpersoners opmærksomhed på bekymringstegn' }) },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const now = h.clock.now();
  plans = await systemTransaction(h.ctx.db, async (tx) => {
    const out = {} as Record<Rel, string>;
    for (const rel of RELS) {
      const unit = rel === 'ownUnit' ? h.units.a : h.units.b;
      const p = await tx.query<{ id: string }>(`INSERT INTO action_plans (unit_id, name, first_year, last_year, created_at) VALUES ($1, $2, 2026, 2027, $3) RETURNING id`, [
        unit, `Matrix ${rel}`, now,
      ]);
      out[rel] = p.rows[0]!.id;
      await tx.query(
        `INSERT INTO plan_indicators (plan_id, unit_id, position, measure, params, label_da) VALUES ($1, $2, 1, 'milestone', '{"milestoneKey":"concept_done"}', 'Koncept')`,
        [out[rel], unit],
      );
    }
    return out;
  });
});
afterAll(async () => h?.close());

async function textsVersionOf(planId: string): Promise<number> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM report_texts WHERE plan_id = $1', [planId]))).rows[0]!.v;
}
async function versionOf(planId: string): Promise<number> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<{ version: number }>('SELECT version FROM action_plans WHERE id = $1', [planId]))).rows[0]!.version;
}

describe('access matrix: plan editing', () => {
  it('walks every route of its group', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('planEditing').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`);
    for (const k of walkedBy('planEditing')) expect(registered).toContain(k);
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of RELS) {
          const expected = expectedStatus(r.action, role, r.ok, { own: rel === 'ownUnit' });
          const before = await h.auditCount();
          const res = await actors[role].request(r.method, r.path(rel), r.body ? await r.body(rel) : undefined);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          const rows = expected >= 400 ? 1 : 0;
          if (after - before !== rows) failures.push(`${where}: expected ${rows} audit rows, got ${after - before}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
