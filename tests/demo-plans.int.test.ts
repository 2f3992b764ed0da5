import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { loadDemoData, type DemoSummary } from '../src/server/demo/demo.ts';

/**
 * The demo as a manager meets the action plans: VINK's 2016-17 and 2020-21 plans are installed in Copenhagen with
 * prevention work and spending behind them, so the dashboard shows a real figure against every target (some met,
 * some not), the budget shows what was spent, and the yearly report can be produced and downloaded.
 */
let h: Harness;
let summary: DemoSummary;
let manager: Client & { user: TestUser };
let cph: string;

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const planId = async (key: string) => (await q<{ id: string }>('SELECT id FROM action_plans WHERE unit_id = $1 AND reference_key = $2', [cph, key]))[0]!.id;

interface DashboardIndicator { measure: string; labelDa: string; actual: { value: number | null }; status: string; target: { target: number } | null }
interface Dashboard { indicators: DashboardIndicator[]; budget: { rows: { year: number; budgetDkk: number; spentDkk: number }[]; total: { budgetDkk: number; spentDkk: number } } }

async function dashboard(key: string, year: number): Promise<Dashboard> {
  const res = await manager.get(`/api/v1/plans/${await planId(key)}/dashboard?year=${year}`);
  expect(res.status).toBe(200);
  const body = res.body as Dashboard;
  console.log(`${key} ${year}:\n${body.indicators.map((i) => `  ${i.status.padEnd(9)} ${String(i.actual.value).padStart(6)} / ${i.target?.target ?? '-'}  ${i.measure} ${i.labelDa.slice(0, 60)}`).join('\n')}`);
  return body;
}

beforeAll(async () => {
  h = await createHarness();
  cph = h.units.a; // municipality 101: the demo fills it as Copenhagen
  const started = performance.now();
  summary = await loadDemoData(h.ctx);
  console.log(`demo data loaded on ${h.ctx.db.kind} in ${((performance.now() - started) / 1000).toFixed(1)} s:`, JSON.stringify(summary.rows));
  manager = await h.signIn('manager', 'a');
});
afterAll(async () => h?.close());

describe('demo data: action plans', () => {
  it('installs the reference plans in each demo unit', () => {
    expect(summary.plansInstalled['101']).toEqual(['vink-2016-17', 'vink-2020-21', 'vink-bi2-2015-18', 'budget-2016-19']);
    expect(summary.plansInstalled['751']).toEqual(['vink-2016-17', 'vink-2020-21', 'vink-bi2-2015-18', 'budget-2016-19']);
  });

  for (const [key, year] of [['vink-2016-17', 2016], ['vink-2016-17', 2017], ['vink-2020-21', 2020], ['vink-2020-21', 2021]] as const) {
    it(`gives the ${key} dashboard an actual figure for every indicator with a target in ${year}, some met and some not`, async () => {
      const d = await dashboard(key, year);
      const targeted = d.indicators.filter((i) => i.target);
      expect(targeted.length).toBeGreaterThan(0);
      for (const i of targeted) expect(i.actual.value, `${i.measure} ${i.labelDa}`).not.toBeNull();
      const statuses = new Set(targeted.map((i) => i.status));
      expect(statuses.has('met')).toBe(true);
      expect(statuses.has('not_met')).toBe(true);
      expect([...statuses].every((s) => s === 'met' || s === 'not_met')).toBe(true);
    });
  }

  it('reaches about 1,000 front-line staff, ~200 pupils and ~100 parents a year in 2016-17, and ~2,000 pupils in school courses from 2020', async () => {
    const d16 = await dashboard('vink-2016-17', 2016);
    const reached = (d: Dashboard, labelStart: string) => d.indicators.find((i) => i.measure === 'people_reached' && i.labelDa.startsWith(labelStart))!.actual.value!;
    expect(reached(d16, 'Viden om radikalisering')).toBeGreaterThanOrEqual(1000);
    expect(reached(d16, 'Viden om radikalisering')).toBeLessThan(2500);
    expect(reached(d16, '200 skoleelever')).toBeGreaterThanOrEqual(150);
    expect(reached(d16, '200 skoleelever')).toBeLessThan(300);
    expect(reached(d16, '100 forældre')).toBeGreaterThanOrEqual(60);
    expect(reached(d16, '100 forældre')).toBeLessThan(150);
    const d20 = await dashboard('vink-2020-21', 2020);
    expect(reached(d20, '2.000 elever')).toBeGreaterThanOrEqual(1500);
    expect(reached(d20, '2.000 elever')).toBeLessThan(2500);
    const agreement = d16.indicators.filter((i) => i.measure === 'survey_agreement_share').map((i) => i.actual.value!);
    expect(agreement).toHaveLength(2);
    for (const share of agreement) {
      expect(share).toBeGreaterThanOrEqual(70);
      expect(share).toBeLessThanOrEqual(90);
    }
  });

  it('spends 85–105% of every budget line in twelve monthly entries by the demo manager, describing costs only', async () => {
    const lines = await q<{ amount: number; spent: number; entries: number; creators: string[] }>(
      `SELECT b.amount_dkk::float AS amount, coalesce(sum(e.amount_dkk), 0)::float AS spent, count(e.id)::int AS entries,
              array_agg(DISTINCT u.username) AS creators
         FROM budget_lines b JOIN action_plans p ON p.id = b.plan_id LEFT JOIN spending_entries e ON e.budget_line_id = b.id
         LEFT JOIN users u ON u.id = e.created_by
        WHERE p.unit_id = $1 GROUP BY b.id`, [cph]);
    // 24 lines of the 2016-17 and 2020-21 plans, 16 of BI2 2015-18 and 4 of the 2016-19 budget.
    expect(lines.length).toBe(44);
    for (const l of lines) {
      expect(l.entries).toBe(12);
      expect(l.spent / l.amount).toBeGreaterThanOrEqual(0.85);
      expect(l.spent / l.amount).toBeLessThanOrEqual(1.05);
      expect(l.creators).toEqual(['demo.leder']);
    }
    const d = await dashboard('vink-2016-17', 2017);
    expect(d.budget.total.spentDkk / d.budget.total.budgetDkk).toBeGreaterThan(0.85);
  });

  it('links plan-year activities to the plan tracks and has at least 15 forum members with a signed charter by the end of 2017', async () => {
    const [a] = await q<{ linked: number; plan_years: number; outside: number }>(
      `SELECT count(*) FILTER (WHERE track_id IS NOT NULL AND extract(year FROM held_on) IN (2016, 2017, 2020, 2021))::int AS linked,
              count(*) FILTER (WHERE extract(year FROM held_on) IN (2016, 2017, 2020, 2021))::int AS plan_years,
              count(*) FILTER (WHERE track_id IS NOT NULL AND extract(year FROM held_on) NOT IN (2016, 2017, 2020, 2021))::int AS outside
         FROM activities WHERE unit_id = $1`, [cph]);
    expect(a!.linked).toBe(a!.plan_years);
    expect(a!.outside).toBe(0);
    const [f] = await q<{ signed2016: number; signed2017: number }>(
      `SELECT count(*) FILTER (WHERE charter_signed_on < '2017-01-01')::int AS signed2016, count(*) FILTER (WHERE charter_signed_on < '2018-01-01')::int AS signed2017
         FROM forum_members WHERE unit_id = $1`, [cph]);
    expect(f!.signed2016).toBeLessThan(15);
    expect(f!.signed2017).toBeGreaterThanOrEqual(15);
  });

  it('produces the yearly report for 2017 over HTTP: the job completes and the PDF downloads', async () => {
    const start = await manager.post('/api/v1/reports/year', { planId: await planId('vink-2016-17'), year: 2017 });
    expect(start.status).toBe(202);
    let status = '';
    for (let i = 0; i < 1200 && status !== 'done' && status !== 'failed'; i++) {
      const res = await manager.get(`/api/v1/reports/jobs/${start.body.jobId}`);
      expect(res.status).toBe(200);
      status = res.body.status;
      if (status !== 'done' && status !== 'failed') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('done');
    const pdf = await manager.get(`/api/v1/reports/jobs/${start.body.jobId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('adds nothing when loaded again', async () => {
    const count = async () => (await q<{ n: string }>(
      `SELECT (SELECT count(*) FROM activities) + (SELECT count(*) FROM survey_answers) + (SELECT count(*) FROM spending_entries)
            + (SELECT count(*) FROM forum_members) + (SELECT count(*) FROM action_plans) AS n`))[0]!.n;
    const before = await count();
    const again = await loadDemoData(h.ctx);
    expect(again.alreadyLoaded).toBe(true);
    expect(await count()).toBe(before);
  });
});
