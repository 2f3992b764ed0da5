import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { loadDemoData } from '../src/server/demo/demo.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { activitiesHeld, peopleReached, shareAgreeing } from '../src/server/modules/prevention/index.ts';
import type { Queryable } from '../src/server/platform/db.ts';

/**
 * The dashboard's figures are SQL aggregates over each measure's records (plans/repo.ts, measureByYears); the
 * drill-down lists those records and derives the figure from the list (plans/indicators.ts, figureFromRecords). On the
 * demo's years of work, every indicator of both reference plans, in every year the dashboard shows, must give the same
 * figure both ways, and the prevention measures the same figure as the prevention module's own helpers (one definition
 * of "people reached" across VINK).
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
/** Statements the app sent to the database since the last reset (the harness's database, wrapped below). */
let statements = 0;
let cph: string;

interface Fig { value: number | null; numerator: number | null; denominator: number | null }
interface TrendEntry extends Fig { year: number }
interface DashboardIndicator { indicatorId: string; measure: string; trend: TrendEntry[] }
interface PlanIndicator { id: string; measure: string; params: Record<string, unknown> }

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const fig = (f: Fig): Fig => ({ value: f.value, numerator: f.numerator, denominator: f.denominator });

beforeAll(async () => {
  h = await createHarness();
  cph = h.units.a; // municipality 101: the demo fills it as Copenhagen
  await loadDemoData(h.ctx);
  coordinator = await h.signIn('coordinator', 'a');
  analyst = await h.signIn('analyst', 'a');
  // Count every statement of every transaction the app opens from here on.
  const db = h.ctx.db;
  const transaction = db.transaction.bind(db);
  db.transaction = <T>(fn: (tx: Queryable) => Promise<T>) => transaction((tx) => fn({
    query: (sql, params) => { statements++; return tx.query(sql, params); },
    exec: (sql) => { statements++; return tx.exec(sql); },
  }));
});

/** The statements one request costs. */
async function counted(request: () => Promise<{ status: number }>): Promise<number> {
  statements = 0;
  expect((await request()).status).toBe(200);
  return statements;
}
afterAll(async () => h?.close());

describe('set-based figures', () => {
  for (const key of ['vink-2016-17', 'vink-2020-21']) {
    it(`${key}: every dashboard figure of every year equals the figure of the records behind it`, async () => {
      const [plan] = await q<{ id: string; last_year: number }>('SELECT id, last_year FROM action_plans WHERE unit_id = $1 AND reference_key = $2', [cph, key]);
      const res = await coordinator.get(`/api/v1/plans/${plan!.id}/dashboard?year=${plan!.last_year}`);
      expect(res.status).toBe(200);
      const indicators = (res.body as { indicators: DashboardIndicator[] }).indicators;
      let compared = 0;
      let nonZero = 0;
      for (const ind of indicators) {
        for (const t of ind.trend) {
          const records = await coordinator.get(`/api/v1/plans/${plan!.id}/indicators/${ind.indicatorId}/records?year=${t.year}`);
          expect(records.status).toBe(200);
          expect(fig(t), `${ind.measure} ${t.year}`).toEqual(fig((records.body as { figure: Fig }).figure));
          compared++;
          if ((t.value ?? 0) > 0) nonZero++;
        }
      }
      // The comparison covers real work, not a plan of empty years.
      expect(compared).toBeGreaterThan(20);
      expect(nonZero).toBeGreaterThan(10);
    });
  }

  it('the prevention measures equal the prevention module\'s helpers in every year', async () => {
    const [plan] = await q<{ id: string }>('SELECT id FROM action_plans WHERE unit_id = $1 AND reference_key = $2', [cph, 'vink-2016-17']);
    const detail = (await coordinator.get(`/api/v1/plans/${plan!.id}`)).body as { indicators: PlanIndicator[] };
    const res = await coordinator.get(`/api/v1/plans/${plan!.id}/dashboard?year=2017`);
    const trends = new Map((res.body as { indicators: DashboardIndicator[] }).indicators.map((i) => [i.indicatorId, i.trend]));
    const actor = { id: coordinator.user.id, role: 'coordinator' as const, username: coordinator.user.username, displayName: 'K', unitId: cph, unitName: 'A', unitIds: [cph], sessionId: 'test' };
    let checked = 0;
    for (const ind of detail.indicators) {
      if (!['people_reached', 'meetings_held', 'survey_agreement_share'].includes(ind.measure)) continue;
      for (const t of trends.get(ind.id)!) {
        const from = `${t.year}-01-01`;
        const to = `${t.year}-12-31`;
        const p = ind.params as { kind?: never; audienceSector?: never; targetGroup?: never; indicatorKey?: string };
        const expected = await runScoped(h.ctx, actor, 'supervision', async (s) => {
          if (ind.measure === 'people_reached') return { value: await peopleReached(s, [cph], from, to, p) };
          if (ind.measure === 'meetings_held') return { value: await activitiesHeld(s, [cph], from, to, p as { kind: never }) };
          const share = await shareAgreeing(s, [cph], from, to, { indicatorKey: p.indicatorKey! });
          return { numerator: share.numerator, denominator: share.denominator };
        });
        expect(t, `${ind.measure} ${t.year}`).toMatchObject(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('a dashboard costs the same statements whatever its number of indicators and years: its figures are one statement', async () => {
    const plans = await q<{ id: string; reference_key: string; first_year: number; last_year: number; n: number }>(
      `SELECT p.id, p.reference_key, p.first_year, p.last_year, (SELECT count(*)::int FROM plan_indicators i WHERE i.plan_id = p.id) AS n
         FROM action_plans p WHERE p.unit_id = $1 ORDER BY p.reference_key`, [cph],
    );
    // Plans with indicators: a plan of budget lines only (the 2016-19 budget) computes no figures at all.
    const [small, large] = plans.filter((p) => p.n > 0).sort((a, b) => a.n - b.n);
    expect(large!.n).toBeGreaterThan(small!.n);
    const costs = [];
    for (const p of [small!, large!]) costs.push(await counted(() => coordinator.get(`/api/v1/plans/${p.id}/dashboard?year=${p.last_year}`)));
    expect(costs[0]).toBeGreaterThan(0);
    expect(costs[1]).toBe(costs[0]);
  });

  it('an analyst\'s caseload costs the same statements for one year as for ten: the years are grouped in SQL', async () => {
    const body = (from: string, to: string) => ({ from, to, groupBy: 'ideology' });
    const one = await counted(() => analyst.post('/api/v1/statistics/caseload', body('2016-01-01', '2016-12-31')));
    const ten = await counted(() => analyst.post('/api/v1/statistics/caseload', body('2015-01-01', '2024-12-31')));
    expect(one).toBeGreaterThan(0);
    expect(ten).toBe(one);
  });
});
