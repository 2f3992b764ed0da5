import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Action plans, budgets, the dashboard, the drill-down and the caseload statistics: every route × role × relation
 * (the plan or budget line is in the actor's own unit or another unit), with the expected status computed from the
 * one policy table (src/shared/policy.ts, read through tests/helpers/policy.ts). Every plan action reaches by unit only.
 *
 * Audit: a refusal always leaves exactly one 'denied' row by the actor. Success leaves exactly one 'ok' row on the
 * routes that compute from or list case records (dashboard, drill-down, caseload) and none on plan and budget
 * records, which hold no personal data.
 */
type Rel = 'ownUnit' | 'otherUnit';
const RELS: Rel[] = ['ownUnit', 'otherUnit'];

interface Fixture {
  plans: Record<Rel, string>;
  indicators: Record<Rel, string>;
  budgetLines: Record<Rel, string>;
}

interface RouteSpec extends GuardedRoute {
  kind: 'record' | 'role';
  ok: number;
  /** Whether a successful request is audited (it computes from or lists case records). */
  auditedOk: boolean;
  path: (rel: Rel) => string;
  body?: () => unknown;
}

let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/plans'), kind: 'role', ok: 201, auditedOk: false, path: () => '/api/v1/plans',
    body: () => ({ name: 'Matrixplan', firstYear: 2026, lastYear: 2027, tracks: [{ name: 'Spor' }] }) },
  { ...route('GET /api/v1/plans'), kind: 'role', ok: 200, auditedOk: false, path: () => '/api/v1/plans' },
  { ...route('GET /api/v1/plans/:id'), kind: 'record', ok: 200, auditedOk: false, path: (rel) => `/api/v1/plans/${f.plans[rel]}` },
  { ...route('POST /api/v1/plans/:id/indicators'), kind: 'record', ok: 201, auditedOk: false,
    path: (rel) => `/api/v1/plans/${f.plans[rel]}/indicators`,
    body: () => ({ measure: 'concerns_received', labelDa: 'Bekymringer', targets: [{ year: 2026, comparison: 'at_most', target: 100 }] }) },
  { ...route('POST /api/v1/plans/:id/budget-lines'), kind: 'record', ok: 201, auditedOk: false,
    path: (rel) => `/api/v1/plans/${f.plans[rel]}/budget-lines`, body: () => ({ year: 2026, fundingSource: 'Budget 2026', amountDkk: 1000 }) },
  { ...route('POST /api/v1/budget-lines/:id/spending'), kind: 'record', ok: 201, auditedOk: false,
    path: (rel) => `/api/v1/budget-lines/${f.budgetLines[rel]}/spending`, body: () => ({ spentOn: '2026-02-01', amountDkk: 10, description: 'Matrix' }) },
  { ...route('GET /api/v1/plans/:id/dashboard'), kind: 'record', ok: 200, auditedOk: true,
    path: (rel) => `/api/v1/plans/${f.plans[rel]}/dashboard?year=2026` },
  { ...route('GET /api/v1/plans/:id/indicators/:indicatorId/records'), kind: 'record', ok: 200, auditedOk: true,
    path: (rel) => `/api/v1/plans/${f.plans[rel]}/indicators/${f.indicators[rel]}/records?year=2026` },
  { ...route('POST /api/v1/statistics/caseload'), kind: 'role', ok: 200, auditedOk: true, path: () => '/api/v1/statistics/caseload',
    body: () => ({ from: '2026-01-01', to: '2026-12-31', groupBy: 'gender' }) },
];

async function lastAudit(): Promise<{ outcome: string; actor_id: string }> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<{ outcome: string; actor_id: string }>('SELECT outcome, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))).rows[0]!;
}

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const now = h.clock.now();
  f = await systemTransaction(h.ctx.db, async (tx) => {
    const fx: Fixture = { plans: {} as Record<Rel, string>, indicators: {} as Record<Rel, string>, budgetLines: {} as Record<Rel, string> };
    for (const rel of RELS) {
      const unit = rel === 'ownUnit' ? h.units.a : h.units.b;
      const p = await tx.query<{ id: string }>(`INSERT INTO action_plans (unit_id, name, first_year, last_year, created_at) VALUES ($1, $2, 2026, 2027, $3) RETURNING id`, [
        unit, `Matrix ${rel}`, now,
      ]);
      fx.plans[rel] = p.rows[0]!.id;
      const i = await tx.query<{ id: string }>(
        `INSERT INTO plan_indicators (plan_id, unit_id, position, measure, params, label_da) VALUES ($1, $2, 1, 'offer_acceptance_rate', '{}', 'Accept') RETURNING id`,
        [fx.plans[rel], unit],
      );
      fx.indicators[rel] = i.rows[0]!.id;
      const b = await tx.query<{ id: string }>(
        `INSERT INTO budget_lines (plan_id, unit_id, year, funding_source, amount_dkk) VALUES ($1, $2, 2026, 'Budget 2026', 5000) RETURNING id`, [fx.plans[rel], unit],
      );
      fx.budgetLines[rel] = b.rows[0]!.id;
    }
    return fx;
  });
});
afterAll(async () => h?.close());

describe('access matrix: plans', () => {
  it('walks every route the plans module registers', () => {
    const registered = h.app.routeTable
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => /^(GET|POST|PATCH|PUT|DELETE) \/api\/v1\/(plans|budget-lines|statistics)(\/|$)/.test(k))
      // Plan editing's routes are walked by tests/matrix-plan-editing.int.test.ts.
      .filter((k) => !walkedBy('planEditing').includes(k));
    expect(registered.sort()).toEqual(walkedBy('plans').sort());
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('plans').sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of route.kind === 'record' ? RELS : (['ownUnit'] as Rel[])) {
          const expected = expectedStatus(route.action, role, route.ok, route.kind === 'record' ? { own: rel === 'ownUnit' } : undefined);
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(rel), route.body ? route.body() : undefined);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          const refused = expected >= 400;
          const rows = refused || route.auditedOk ? 1 : 0;
          if (after - before !== rows) failures.push(`${where}: expected ${rows} audit rows, got ${after - before}`);
          else if (rows === 1) {
            const row = await lastAudit();
            if (row.outcome !== (refused ? 'denied' : 'ok') || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)}`);
          }
          if (route.url === '/api/v1/plans' && route.method === 'GET' && res.status === 200) {
            const ids = new Set((res.body as { id: string }[]).map((p) => p.id));
            if (!ids.has(f.plans.ownUnit)) failures.push(`${where}: list misses the own unit's plan`);
            if (ids.has(f.plans.otherUnit)) failures.push(`${where}: list leaks the other unit's plan`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
