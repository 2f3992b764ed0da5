import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { runAsSystem, runScoped } from '../src/server/access/scope.ts';
import { systemTransaction } from './helpers/sql.ts';
import type { Actor } from '../src/server/access/actor.ts';
import { buildYearReport, installReferencePlansInTrx } from '../src/server/modules/plans/index.ts';
import { DEFAULT_PURPOSE } from '../src/shared/roles.ts';

/**
 * Action plans over HTTP: a manager builds a plan, its indicators are computed from the recorded work, the dashboard
 * shows actual against target, coordinators drill down to the records, analysts see only suppressed aggregates,
 * and VINK's reference plans install once with their published budgets.
 */

let h: Harness;
let manager: Client & { user: TestUser };
let coordinator: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
let admin: Client & { user: TestUser };

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
async function one(text: string, params: unknown[] = []): Promise<string> {
  return (await sql<{ id: string }>(text, params))[0]!.id;
}
async function lastAudit() {
  return (await sql<{ action: string; outcome: string; actor_id: string; record_type: string; criterion: string | null }>(
    'SELECT action, outcome, actor_id, record_type, criterion FROM audit_log ORDER BY seq DESC LIMIT 1',
  ))[0]!;
}

/** A person, a case and a concern in unit A with the given attributes. */
async function concern(c: {
  receivedAt: string; status?: string; ideology?: string; channel?: string; gender?: string; birthDate?: string | null; unit?: string;
}): Promise<{ caseId: string; concernId: string }> {
  const unit = c.unit ?? h.units.a;
  const personId = await one(
    `INSERT INTO persons (unit_id, full_name, birth_date, gender, created_at, updated_at) VALUES ($1, 'Fixture', $2, $3, $4, $4) RETURNING id`,
    [unit, c.birthDate ?? null, c.gender ?? 'male', c.receivedAt],
  );
  const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $3) RETURNING id`, [unit, personId, c.receivedAt]);
  const concernId = await one(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at, registered_by,
       case_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'medium', 'Deler voldsforherligende materiale', $6, $2::timestamptz + interval '48 hours', $7, $8, $2, $2) RETURNING id`,
    [unit, c.receivedAt, c.channel ?? 'professional', personId, c.ideology ?? 'right_wing', c.status ?? 'justified', coordinator.user.id, caseId],
  );
  return { caseId, concernId };
}
async function offer(caseId: string, offeredAt: string, response: 'accepted' | 'declined' | 'pending', unit = h.units.a): Promise<string> {
  return one(
    `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at) VALUES ($1, $2, 'mentor', $3, $4, $5, $6) RETURNING id`,
    [caseId, unit, offeredAt, coordinator.user.id, response, response === 'pending' ? null : offeredAt],
  );
}

beforeAll(async () => {
  h = await createHarness();
  manager = await h.signIn('manager', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  analyst = await h.signIn('analyst', 'a');
  admin = await h.signIn('admin', 'a');
});
afterAll(async () => h?.close());

describe('building a plan', () => {
  let planId: string;
  let trackId: string;

  it('a manager creates a plan with its tracks; plans hold no personal data, so no audit row', async () => {
    const before = await h.auditCount();
    const res = await manager.post('/api/v1/plans', { name: 'Handleplan 2025-26', firstYear: 2025, lastYear: 2026, tracks: [{ name: 'Bekymringer' }, { name: 'Frontpersonale' }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Handleplan 2025-26', firstYear: 2025, lastYear: 2026, referenceKey: null, indicators: [], budgetLines: [] });
    expect(res.body.tracks.map((t: { name: string }) => t.name)).toEqual(['Bekymringer', 'Frontpersonale']);
    expect(await h.auditCount()).toBe(before);
    planId = res.body.id;
    trackId = res.body.tracks[0].id;
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await manager.post('/api/v1/plans', { name: 'Baglæns', firstYear: 2026, lastYear: 2025 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'lastYear', reason: 'must not be before firstYear' }]);
  });

  it('adds an indicator from the catalogue with yearly targets', async () => {
    const res = await manager.post(`/api/v1/plans/${planId}/indicators`, {
      measure: 'offer_acceptance_rate', params: { types: ['mentor'] }, labelDa: 'Min. 60 % tager imod', trackId,
      targets: [{ year: 2025, comparison: 'at_least', target: 60 }, { year: 2026, comparison: 'at_least', target: 65 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ measure: 'offer_acceptance_rate', unit: 'share', trackId, params: { types: ['mentor'] }, labelEn: null });
    expect(res.body.targets).toEqual([{ year: 2025, comparison: 'at_least', target: 60 }, { year: 2026, comparison: 'at_least', target: 65 }]);
  });

  it('refuses a measure that is not in the catalogue: an actual value is never typed in', async () => {
    const res = await manager.post(`/api/v1/plans/${planId}/indicators`, { measure: 'typed_in_value', labelDa: 'Tal', params: { value: 99 } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('measure');
  });

  it('refuses parameters the measure does not take, targets outside the period and comparisons that do not fit', async () => {
    const post = (body: object) => manager.post(`/api/v1/plans/${planId}/indicators`, { labelDa: 'Test', ...body });
    expect((await post({ measure: 'progression_share', params: { kind: 'astrology' } })).body.errors[0].field).toBe('params.kind');
    expect((await post({ measure: 'people_reached', params: { value: 5 } })).body.errors[0].field).toBe('params');
    expect((await post({ measure: 'meetings_held', params: {} })).body.errors[0].field).toBe('params.kind');
    expect((await post({ measure: 'concerns_received', targets: [{ year: 2030, comparison: 'at_least', target: 1 }] })).body.errors[0].field).toBe('targets.0.year');
    expect((await post({ measure: 'milestone', params: { milestoneKey: 'outreach_concept' }, targets: [{ year: 2025, comparison: 'at_least', target: 1 }] })).body.errors[0].field)
      .toBe('targets.0.comparison');
    expect((await post({ measure: 'reoffer_3m_share', targets: [{ year: 2025, comparison: 'at_least', target: 120 }] })).body.errors[0].field).toBe('targets.0.target');
    const other = await manager.post('/api/v1/plans', { name: 'Anden plan', firstYear: 2025, lastYear: 2025, tracks: [{ name: 'X' }] });
    expect((await post({ measure: 'concerns_received', trackId: other.body.tracks[0].id })).body.errors[0].field).toBe('trackId');
  });

  it('a manager adds budget lines and spending; the plan shows what was spent', async () => {
    const line = await manager.post(`/api/v1/plans/${planId}/budget-lines`, { trackId, year: 2025, fundingSource: 'Budget 2025', amountDkk: 1_500_000, label: 'Mentorer' });
    expect(line.status).toBe(201);
    expect(line.body).toMatchObject({ year: 2025, fundingSource: 'Budget 2025', amountDkk: 1_500_000, spentDkk: 0, trackId });
    expect((await manager.post(`/api/v1/plans/${planId}/budget-lines`, { year: 2031, fundingSource: 'X', amountDkk: 1 })).status).toBe(400);
    const spent = await manager.post(`/api/v1/budget-lines/${line.body.id}/spending`, { spentOn: '2025-03-01', amountDkk: 250_000.5, description: 'Mentorhonorarer, 1. kvartal' });
    expect(spent.status).toBe(201);
    expect(spent.body).toMatchObject({ budgetLineId: line.body.id, spentOn: '2025-03-01', amountDkk: 250_000.5 });
    await manager.post(`/api/v1/budget-lines/${line.body.id}/spending`, { spentOn: '2025-04-01', amountDkk: -500, description: 'Refusion' });
    expect((await manager.post(`/api/v1/budget-lines/${line.body.id}/spending`, { spentOn: '2025-04-01', amountDkk: 0, description: 'Nul' })).status).toBe(400);
    const plan = await coordinator.get(`/api/v1/plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.body.budgetLines[0]).toMatchObject({ amountDkk: 1_500_000, spentDkk: 249_500.5 });
  });

  it('an administrator may manage plans but not budgets; a coordinator may read but not manage them', async () => {
    expect((await admin.post(`/api/v1/plans/${planId}/indicators`, { measure: 'cases_opened', labelDa: 'Sager' })).status).toBe(201);
    expect((await admin.post(`/api/v1/plans/${planId}/budget-lines`, { year: 2025, fundingSource: 'X', amountDkk: 1 })).status).toBe(404);
    expect((await coordinator.post('/api/v1/plans', { name: 'Nej', firstYear: 2025, lastYear: 2025 })).status).toBe(403);
    expect((await coordinator.get('/api/v1/plans')).body.map((p: { id: string }) => p.id)).toContain(planId);
  });
});

describe('dashboard and drill-down', () => {
  let planId: string;
  let acceptanceId: string;

  beforeAll(async () => {
    const plan = await manager.post('/api/v1/plans', { name: 'Dashboardplan', firstYear: 2025, lastYear: 2026, tracks: [{ name: 'Spor 1' }] });
    planId = plan.body.id;
    const ind = await manager.post(`/api/v1/plans/${planId}/indicators`, {
      measure: 'offer_acceptance_rate', params: {}, labelDa: 'Accept', targets: [{ year: 2025, comparison: 'at_least', target: 60 }, { year: 2026, comparison: 'at_least', target: 60 }],
    });
    acceptanceId = ind.body.id;
    await manager.post(`/api/v1/plans/${planId}/indicators`, {
      measure: 'meetings_held', params: { kind: 'hearing' }, labelDa: 'Høringer', targets: [{ year: 2025, comparison: 'at_least', target: 1 }],
    });
    await manager.post(`/api/v1/plans/${planId}/budget-lines`, { trackId: plan.body.tracks[0].id, year: 2025, fundingSource: 'Budget 2025', amountDkk: 100_000 });
    // 2025: 6 accepted of 8 answered first offers (75%, met); 2022 (before the plan): 1 declined; 2026: none.
    for (let i = 0; i < 8; i++) {
      const { caseId } = await concern({ receivedAt: `2025-0${i + 1}-01T10:00:00Z` });
      await offer(caseId, `2025-0${i + 1}-05T10:00:00Z`, i < 6 ? 'accepted' : 'declined');
    }
    const old = await concern({ receivedAt: '2022-03-01T10:00:00Z' });
    await offer(old.caseId, '2022-03-05T10:00:00Z', 'declined');
    const other = await concern({ receivedAt: '2025-03-01T10:00:00Z', unit: h.units.b });
    await offer(other.caseId, '2025-03-05T10:00:00Z', 'declined', h.units.b);
  });

  it('shows actual against target for the year, the trend with earlier years that had data, and budget against spending; one audit row', async () => {
    const before = await h.auditCount();
    const res = await coordinator.get(`/api/v1/plans/${planId}/dashboard?year=2025`);
    expect(res.status).toBe(200);
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'search', outcome: 'ok', actor_id: coordinator.user.id, record_type: 'plan_dashboard', criterion: 'year=2025' });
    const [acc, hearings] = res.body.indicators;
    expect(acc).toMatchObject({ status: 'met', target: { year: 2025, target: 60 }, actual: { value: 75, numerator: 6, denominator: 8, suppressed: false } });
    expect(acc.trend.map((t: { year: number; value: number | null; status: string }) => [t.year, t.value, t.status])).toEqual([
      [2022, 0, 'no_target'], [2025, 75, 'met'], [2026, null, 'no_data'],
    ]);
    expect(hearings).toMatchObject({ status: 'not_met', actual: { value: 0 } });
    expect(res.body.budget.rows).toEqual([{ trackId: expect.any(String), trackName: 'Spor 1', year: 2025, fundingSource: 'Budget 2025', budgetDkk: 100_000, spentDkk: 0 }]);
    expect(res.body.exactCounts).toBe(true);
  });

  it('analysts see the dashboard with small counts from case records suppressed', async () => {
    const res = await analyst.get(`/api/v1/plans/${planId}/dashboard?year=2025`);
    expect(res.status).toBe(200);
    expect(res.body.exactCounts).toBe(false);
    // 6 of 8: the 2 who declined are fewer than 5, so the share would reveal them.
    expect(res.body.indicators[0]).toMatchObject({ status: 'suppressed', actual: { value: null, numerator: null, denominator: null, suppressed: true } });
    // Hearings are prevention work, not case records: shown as they are.
    expect(res.body.indicators[1].actual).toMatchObject({ value: 0, suppressed: false });
  });

  it('refuses a year far outside the plan', async () => {
    expect((await coordinator.get(`/api/v1/plans/${planId}/dashboard?year=2010`)).status).toBe(400);
  });

  it('coordinators drill down to the records behind a figure (ids and outcome codes only), audited as one search', async () => {
    const before = await h.auditCount();
    const res = await coordinator.get(`/api/v1/plans/${planId}/indicators/${acceptanceId}/records?year=2025`);
    expect(res.status).toBe(200);
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'search', outcome: 'ok', record_type: 'plan_indicator' });
    expect(res.body.figure).toMatchObject({ value: 75, numerator: 6, denominator: 8 });
    expect(res.body.records).toHaveLength(8);
    expect(res.body.records.filter((r: { counted: boolean }) => r.counted)).toHaveLength(6);
    expect(Object.keys(res.body.records[0]).sort()).toEqual(['caseId', 'counted', 'date', 'id', 'outcome', 'recordType']);
    expect(res.body.records[0]).toMatchObject({ recordType: 'offer', outcome: 'accepted', date: '2025-01-05' });
  });

  it('analysts may not drill down (404, audited), and an indicator of another plan is not found', async () => {
    const before = await h.auditCount();
    expect((await analyst.get(`/api/v1/plans/${planId}/indicators/${acceptanceId}/records?year=2025`)).status).toBe(404);
    expect(await h.auditCount()).toBe(before + 1);
    expect((await lastAudit()).outcome).toBe('denied');
    const other = await manager.post('/api/v1/plans', { name: 'Tom plan', firstYear: 2025, lastYear: 2025 });
    expect((await coordinator.get(`/api/v1/plans/${other.body.id}/indicators/${acceptanceId}/records?year=2025`)).status).toBe(404);
  });
});

describe('caseload statistics', () => {
  beforeAll(async () => {
    // 2027 in unit A: 12 right-wing concerns (6 justified, 5 of those offered, 4 accepted, 3 with a course) and
    // 3 left-wing concerns (1 justified); plus calls. Ages at receipt: 14, 16, 20, 40 and unknown.
    const births = ['2013-02-01', '2010-06-01', '2007-01-01', '1987-01-01', null];
    for (let i = 0; i < 12; i++) {
      const justified = i < 6;
      const { caseId } = await concern({
        receivedAt: `2027-${String(i + 1).padStart(2, '0')}-10T10:00:00Z`, status: justified ? 'justified' : 'unfounded',
        gender: i % 2 ? 'female' : 'male', birthDate: births[i % births.length] ?? null, channel: i < 8 ? 'professional' : 'call',
      });
      if (justified && i < 5) await offer(caseId, `2027-${String(i + 1).padStart(2, '0')}-20T10:00:00Z`, i < 4 ? 'accepted' : 'declined');
      if (justified && i < 3) {
        await sql(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, 'mentor', $3, 'active', '2027-12-01', now())`, [
          caseId, h.units.a, coordinator.user.id,
        ]);
      }
    }
    for (let i = 0; i < 3; i++) {
      await concern({ receivedAt: `2027-0${i + 1}-15T10:00:00Z`, ideology: 'left_wing', status: i === 0 ? 'justified' : 'unfounded' });
    }
    for (let i = 0; i < 7; i++) {
      await sql(
        `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
         VALUES ($1, $2, 'vink_line', 'parent', 'Rådgivning', $3, 'advice_only', $4, $2, $2)`,
        [h.units.a, `2027-0${i + 1}-02T10:00:00Z`, i < 6 ? 'right_wing' : 'none', coordinator.user.id],
      );
    }
    await concern({ receivedAt: '2027-05-10T10:00:00Z', unit: h.units.b });
  });

  it('coordinators see the exact funnel by ideology; calls → concerns → justified → offered → accepted', async () => {
    const before = await h.auditCount();
    const res = await coordinator.post('/api/v1/statistics/caseload', { from: '2027-01-01', to: '2027-12-31', groupBy: 'ideology' });
    expect(res.status).toBe(200);
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'search', record_type: 'statistics', criterion: 'caseload 2027-01-01..2027-12-31 by ideology' });
    const by = Object.fromEntries(res.body.rows.map((r: { group: string }) => [r.group, r]));
    expect(by.right_wing).toMatchObject({ calls: 6, concerns: 12, justified: 6, justifiedShare: 50, offered: 5, accepted: 4, coursesStarted: 3, suppressed: false });
    expect(by.left_wing).toMatchObject({ calls: 0, concerns: 3, justified: 1, offered: 0 });
    expect(by.none).toMatchObject({ calls: 1, concerns: 0 });
    expect(res.body.total).toMatchObject({ calls: 7, concerns: 15, justified: 7, offered: 5, accepted: 4, coursesStarted: 3 });
    expect(res.body).toMatchObject({ exactCounts: true, callsByGroup: true });
  });

  it('groups by age band at the date the concern was received, and calls appear in the total only', async () => {
    const res = await coordinator.post('/api/v1/statistics/caseload', { from: '2027-01-01', to: '2027-12-31', groupBy: 'ageBand' });
    const by = Object.fromEntries(res.body.rows.map((r: { group: string; concerns: number }) => [r.group, r.concerns]));
    // Right-wing: births cycle over 12 concerns (3,3,2,2,2); left-wing ones have no birth date.
    expect(by).toEqual({ under_15: 3, '15_17': 3, '18_24': 2, '25_34': 0, '35_plus': 2, unknown: 5 });
    expect(res.body.callsByGroup).toBe(false);
    expect(res.body.rows[0].calls).toBeNull();
    expect(res.body.total.calls).toBe(7);
  });

  it('analysts get counts under 5 suppressed, and a complementary cell so the total does not give them back', async () => {
    const res = await analyst.post('/api/v1/statistics/caseload', { from: '2027-01-01', to: '2027-12-31', groupBy: 'ideology' });
    expect(res.status).toBe(200);
    expect(res.body.exactCounts).toBe(false);
    const by = Object.fromEntries(res.body.rows.map((r: { group: string }) => [r.group, r]));
    expect(by.right_wing).toMatchObject({ concerns: 12, justified: 6, justifiedShare: 50, offered: 5, accepted: null, coursesStarted: null });
    expect(by.left_wing).toMatchObject({ concerns: null, justified: null, justifiedShare: null, suppressed: true });
    // calls: right_wing 6, others 0/1 (all under 5) and the total 7 is shown: two cells hidden already.
    expect(by.right_wing.calls).toBe(6);
    expect(by.none.calls).toBeNull();
    expect(res.body.total).toMatchObject({ calls: 7, concerns: 15, justified: 7, offered: 5, accepted: null, coursesStarted: null });
    // concerns: left_wing (3) is the only small non-zero... but militant_islamism, other_unclear and none are 0, also hidden.
    expect(by.militant_islamism.concerns).toBeNull();
    // No column has exactly one hidden group cell while its total is shown.
    for (const col of ['calls', 'concerns', 'justified', 'offered', 'accepted', 'coursesStarted']) {
      const hidden = res.body.rows.filter((r: Record<string, unknown>) => r[col] === null).length;
      if (res.body.total[col] !== null) expect(hidden === 0 || hidden >= 2).toBe(true);
    }
  });

  it('analysts must ask for whole calendar years (overlapping periods could be subtracted)', async () => {
    const res = await analyst.post('/api/v1/statistics/caseload', { from: '2027-01-01', to: '2027-06-30', groupBy: 'gender' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('to');
    expect((await coordinator.post('/api/v1/statistics/caseload', { from: '2027-01-01', to: '2027-06-30', groupBy: 'gender' })).status).toBe(200);
  });

  it('roles without statistics.read are refused with 403, audited', async () => {
    const before = await h.auditCount();
    expect((await admin.post('/api/v1/statistics/caseload', { from: '2027-01-01', to: '2027-12-31', groupBy: 'year' })).status).toBe(403);
    expect(await h.auditCount()).toBe(before + 1);
  });
});

describe('VINK reference plans', () => {
  it('install once per unit with the published targets and budgets', async () => {
    const first = await runAsSystem(h.ctx, 'cli', (s) => installReferencePlansInTrx(s, h.units.b));
    expect(first).toEqual(['vink-2016-17', 'vink-2020-21', 'vink-bi2-2015-18', 'budget-2016-19']);
    expect(await runAsSystem(h.ctx, 'cli', (s) => installReferencePlansInTrx(s, h.units.b))).toEqual([]);
    const plans = await sql<{ reference_key: string; n: number }>(`SELECT reference_key, count(*)::int AS n FROM action_plans WHERE unit_id = $1 GROUP BY 1 ORDER BY 1`, [h.units.b]);
    expect(plans).toEqual([
      { reference_key: 'budget-2016-19', n: 1 }, { reference_key: 'vink-2016-17', n: 1 }, { reference_key: 'vink-2020-21', n: 1 }, { reference_key: 'vink-bi2-2015-18', n: 1 },
    ]);
    const budget = await sql<{ key: string; year: number; total: string }>(
      `SELECT p.reference_key AS key, b.year, sum(b.amount_dkk)::text AS total FROM budget_lines b JOIN action_plans p ON p.id = b.plan_id
        WHERE p.unit_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [h.units.b],
    );
    expect(budget.map((b) => [b.key, b.year, Number(b.total)])).toEqual([
      ['budget-2016-19', 2016, 5_800_000], ['budget-2016-19', 2017, 5_800_000], ['budget-2016-19', 2018, 5_800_000], ['budget-2016-19', 2019, 5_800_000],
      ['vink-2016-17', 2016, 4_100_000], ['vink-2016-17', 2017, 6_200_000], ['vink-2020-21', 2020, 5_000_000], ['vink-2020-21', 2021, 5_000_000],
      ['vink-bi2-2015-18', 2015, 1_800_000], ['vink-bi2-2015-18', 2016, 1_800_000], ['vink-bi2-2015-18', 2017, 1_800_000], ['vink-bi2-2015-18', 2018, 1_800_000],
    ]);
    // The 23.2 M DKK of Budget 2016 for 2016-19, and BI2's "2 årsværk" as a staffing line of 2 FTE each year.
    const staffing = await sql<{ year: number; fte: string; amount: string }>(
      `SELECT b.year, b.fte::text AS fte, b.amount_dkk::text AS amount FROM budget_lines b JOIN action_plans p ON p.id = b.plan_id
        WHERE p.unit_id = $1 AND b.kind = 'staffing' ORDER BY b.year`, [h.units.b],
    );
    expect(staffing.map((r) => [r.year, Number(r.fte), Number(r.amount)])).toEqual([2015, 2016, 2017, 2018].map((y) => [y, 2, 1_200_000]));
    const approved = await sql<{ status: string; committee: string }>(`SELECT DISTINCT status, committee FROM action_plans WHERE unit_id = $1 AND reference_key LIKE 'vink-20%'`, [h.units.b]);
    expect(approved).toEqual([{ status: 'approved', committee: 'Beskæftigelses- og Integrationsudvalget' }]);
    const sources = await sql<{ source: string; total: string }>(
      `SELECT funding_source AS source, sum(amount_dkk)::text AS total FROM budget_lines b JOIN action_plans p ON p.id = b.plan_id
        WHERE p.unit_id = $1 AND p.reference_key = 'vink-2016-17' AND b.year = 2017 GROUP BY 1 ORDER BY 1`, [h.units.b],
    );
    expect(sources.map((s) => Number(s.total))).toEqual([1_800_000, 3_600_000, 800_000]);
  });

  it('the yearly report is built from a reference plan: targets, caseload tables and budget by track and funding source', async () => {
    await runAsSystem(h.ctx, 'cli', (s) => installReferencePlansInTrx(s, h.units.a));
    const planId = (await sql<{ id: string }>(`SELECT id FROM action_plans WHERE unit_id = $1 AND reference_key = 'vink-2016-17'`, [h.units.a]))[0]!.id;
    const actorFor = (c: Client & { user: TestUser }): Actor => ({
      id: c.user.id, role: c.user.role, username: c.user.username, displayName: 'Test', unitId: h.units.a, unitName: 'Testkommune A', unitIds: [h.units.a], sessionId: 'test',
    });
    const report = await runScoped({ db: h.ctx.db, clock: h.clock }, actorFor(manager), DEFAULT_PURPOSE.manager, (s) => buildYearReport(s, planId, 2016));
    expect(report).toMatchObject({ planName: 'Handleplan 2016-17: VINK – styrket indsats mod radikalisering', year: 2016, exactCounts: true });
    expect(report.indicators).toHaveLength(16);
    expect(report.indicators.find((i) => i.measure === 'meetings_held' && i.label.startsWith('Møder'))).toMatchObject({ target: 2, comparison: 'at_least', actual: 0, met: false });
    expect(report.indicators.find((i) => i.measure === 'offer_acceptance_rate')).toMatchObject({ target: 60, actual: null, met: null, status: 'no_data' });
    expect(report.budget.total).toEqual({ budgetDkk: 4_100_000, spentDkk: 0 });
    expect(report.budget.byTrack.map((t) => [t.trackName, t.budgetDkk])).toEqual([
      ['Håndtering af bekymringer', 1_500_000], ['Rådgivning og opkvalificering af frontpersonale', 350_000], ['Understøttende indsatser i civilsamfundet', 500_000],
      [null, 1_750_000],
    ]);
    expect(report.caseload.byAgeBand.rows.map((r) => r.group)).toEqual(['under_15', '15_17', '18_24', '25_34', '35_plus', 'unknown']);
    const forAnalyst = await runScoped({ db: h.ctx.db, clock: h.clock }, actorFor(analyst), 'supervision', (s) => buildYearReport(s, planId, 2016));
    expect(forAnalyst.exactCounts).toBe(false);
    await expect(runScoped({ db: h.ctx.db, clock: h.clock }, actorFor(admin), 'administration', (s) => buildYearReport(s, planId, 2016))).rejects.toThrow();
  });
});
