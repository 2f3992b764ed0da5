import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runAsSystem, runScoped } from '../src/server/access/scope.ts';
import { computeMeasure, installReferencePlansInTrx } from '../src/server/modules/plans/index.ts';
import type { IndicatorValue, MeasureCode } from '../src/shared/indicators.ts';

/**
 * Issue 14, item 1: the indicators measure what the action plans say. Each test is built from hand-made records
 * whose answer differs under the old counting (named in each test), so removing a correction fails it:
 * - progression counts risk AND resources ("reduktion af bekymringstegn og øget modstandskraft");
 * - an unanswered follow-up that is due is not silently dropped;
 * - the 2020 target "2 strategisk udvalgte faggrupper" (SSP lokaludvalg, behandlingspsykiatrien) is not met when
 *   psychiatry was not reached, however many other groups were;
 * - a milestone is done only by a recorded decision, not by outreach activity;
 * - a concern untriaged and overdue at year end is late in that year.
 */

let h: Harness;
let unit: string;
let staff: string;
let manager: Client & { user: TestUser };

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
async function one(text: string, params: unknown[] = []): Promise<string> {
  return (await sql<{ id: string }>(text, params))[0]!.id;
}
async function measure(code: MeasureCode, year: number, params: Record<string, unknown> = {}) {
  const actor = { id: staff, role: 'coordinator' as const, username: 'staff', displayName: 'Koordinator', unitId: unit, unitName: 'A', unitIds: [unit], sessionId: 'test' };
  return runScoped(h.ctx, actor, 'supervision', (s) => computeMeasure(s, unit, code, params, year));
}
const strip = ({ recordIds: _ids, ...rest }: IndicatorValue) => rest;

async function kase(): Promise<{ personId: string; caseId: string }> {
  const at = '2010-01-01T10:00:00Z';
  const personId = await one(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Fixture Person', 'unknown', $2, $2) RETURNING id`, [unit, at]);
  const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $3) RETURNING id`, [unit, personId, at]);
  return { personId, caseId };
}
async function course(caseId: string, kind: string, startedOn: string): Promise<string> {
  return one(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, $3, $4, 'active', $5, $5::date) RETURNING id`, [
    caseId, unit, kind, staff, startedOn,
  ]);
}
/** An assessment with per dimension [risk, resources]. */
async function assessment(caseId: string, kind: string, on: string, ratings: Record<string, [number | null, number | null]>): Promise<void> {
  const id = await one(
    `INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at) VALUES ($1, $2, 'national-v1', $3, $4, $5, $4::date) RETURNING id`,
    [caseId, unit, kind, on, staff],
  );
  for (const [dim, [risk, resources]] of Object.entries(ratings)) {
    await sql(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk, resources) VALUES ($1, 'national-v1', $2, $3, $4)`, [id, dim, risk, resources]);
  }
}
async function activity(on: string, kind: string, sector: string, participants: number, targetGroup = 'professionals'): Promise<void> {
  await sql(
    `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, 'Fixture', $4, 'green', $5, $6, $7, $2::date, $2::date)`,
    [unit, on, kind, targetGroup, sector, participants, staff],
  );
}

interface DashboardIndicator { labelDa: string; measure: string; status: string; howDa: string; actual: { value: number | null } }
async function dashboard(planId: string, year: number): Promise<DashboardIndicator[]> {
  const res = await manager.request('GET', `/api/v1/plans/${planId}/dashboard?year=${year}`);
  expect(res.status).toBe(200);
  return (res.body as { indicators: DashboardIndicator[] }).indicators;
}

beforeAll(async () => {
  h = await createHarness();
  unit = h.units.a;
  staff = (await h.createUser('coordinator', 'a')).id;
  manager = await h.signIn('manager', 'a');
});
afterAll(async () => h?.close());

describe('progression counts risk and resources (protective factors)', () => {
  it('a course whose risk did not fall but whose resources grew progressed; one whose risk fell while resources fell more did not', async () => {
    // A: risk unchanged (3→3), resources 2→4. Old counting (risk only): not improved. Now: improved.
    const a = (await kase()).caseId;
    await course(a, 'mentor', '2031-01-10');
    await assessment(a, 'start', '2031-01-10', { violence: [3, 2], family: [2, 2] });
    await assessment(a, 'six_months', '2031-07-10', { violence: [3, 4], family: [2, 2] });
    // B: risk 3→2 (down 1), resources 4→1 (down 3). Old counting: improved. Now: not improved.
    const b = (await kase()).caseId;
    await course(b, 'mentor', '2031-01-20');
    await assessment(b, 'start', '2031-01-20', { violence: [3, 4] });
    await assessment(b, 'six_months', '2031-07-20', { violence: [2, 1] });
    // C: only resources known at both, 1→2: improved (old counting left it out: no risk known at both).
    const c = (await kase()).caseId;
    await course(c, 'mentor', '2031-02-01');
    await assessment(c, 'start', '2031-02-01', { violence: [null, 1] });
    await assessment(c, 'six_months', '2031-08-01', { violence: [null, 2] });

    // Old: B improved of A and B (C left out) = 1/2. Now: A and C of three.
    expect(strip(await measure('progression_share', 2031, { kind: 'mentor' }))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    const records = (await measure('progression_share', 2031, { kind: 'mentor' })).recordIds;
    expect(records).toHaveLength(3);
  });
});

describe('an unanswered due follow-up is not silently dropped', () => {
  it('counts as missed by default and is left out only under the stated rule "excluded"', async () => {
    const answered = await kase();
    const c1 = await course(answered.caseId, 'mentor', '2031-03-01');
    await sql(`INSERT INTO follow_ups (case_id, unit_id, kind, course_id, due_on, answered_at, answered_by, still_at_risk)
               VALUES ($1, $2, 'six_months_after_course', $3, '2032-03-01', '2032-03-05T10:00:00Z', $4, false)`, [answered.caseId, unit, c1, staff]);
    const unanswered = await kase();
    const c2 = await course(unanswered.caseId, 'mentor', '2031-04-01');
    await sql(`INSERT INTO follow_ups (case_id, unit_id, kind, course_id, due_on) VALUES ($1, $2, 'six_months_after_course', $3, '2032-04-01')`, [unanswered.caseId, unit, c2]);
    // One due later than the clock: not yet missed, so it waits.
    const future = await kase();
    const c3 = await course(future.caseId, 'mentor', '2031-05-01');
    await sql(`INSERT INTO follow_ups (case_id, unit_id, kind, course_id, due_on) VALUES ($1, $2, 'six_months_after_course', $3, '2032-12-01')`, [future.caseId, unit, c3]);

    h.clock.set('2032-06-01T10:00:00Z');
    try {
      // Old counting (answered only): 1/1 = 100 %. Now: the unanswered one is missed.
      expect(strip(await measure('not_at_risk_6m_share', 2032))).toEqual({ value: 50, numerator: 1, denominator: 2 });
      expect(strip(await measure('not_at_risk_6m_share', 2032, { unanswered: 'excluded' }))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    } finally {
      h.clock.set('2026-03-02T08:00:00Z');
    }
  });
});

describe('triage in time: the population is every concern whose deadline fell in the year', () => {
  it('a concern still untriaged and overdue at year end counts as late in that year', async () => {
    const { personId } = await kase();
    const insert = (receivedAt: string, triagedAt: string | null, inTime: boolean | null) => sql(
      `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at, triaged_at,
         handled_in_time, registered_by, created_at, updated_at)
       VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Deler voldsforherligende materiale', 'received', $2::timestamptz + interval '48 hours', $4, $5, $6, $2, $2)`,
      [unit, receivedAt, personId, triagedAt, inTime, staff],
    );
    await insert('2033-05-01T10:00:00Z', '2033-05-02T10:00:00Z', true);
    await insert('2033-12-20T10:00:00Z', null, null); // overdue on 22 December, never triaged
    h.clock.set('2034-01-05T10:00:00Z');
    try {
      // Old counting (triaged in the year only): 1/1 = 100 %. Now the untriaged one is late.
      expect(strip(await measure('triage_in_time_share', 2033))).toEqual({ value: 50, numerator: 1, denominator: 2 });
      // Before its deadline it waited: on 21 December it was neither late nor in time.
      h.clock.set('2033-12-21T10:00:00Z');
      expect(strip(await measure('triage_in_time_share', 2033))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    } finally {
      h.clock.set('2026-03-02T08:00:00Z');
    }
  });
});

describe('the 2020-21 reference plan on the dashboard', () => {
  let planId: string;
  beforeAll(async () => {
    await runAsSystem(h.ctx, 'cli', (s) => installReferencePlansInTrx(s, unit));
    planId = (await sql<{ id: string }>(`SELECT id FROM action_plans WHERE unit_id = $1 AND reference_key = 'vink-2020-21'`, [unit]))[0]!.id;
    // 2020: awareness talks for three groups of professionals, but not psychiatry; outreach held, no decision yet.
    await activity('2020-03-01', 'awareness_talk', 'ssp', 40);
    await activity('2020-04-01', 'awareness_talk', 'school', 60);
    await activity('2020-05-01', 'awareness_talk', 'social_services', 30);
    await activity('2020-06-01', 'outreach', 'club', 12, 'group_risk_environment');
    await activity('2017-06-01', 'awareness_talk', 'school', 100);
  });

  it('"2 strategisk udvalgte faggrupper" is not met in 2020 without psychiatry, though three groups were reached', async () => {
    const groups = (await dashboard(planId, 2020)).find((i) => i.measure === 'professional_groups_reached' && i.labelDa.startsWith('2020'))!;
    // Old counting: 3 distinct groups ≥ 2, met. Now only the chosen groups count: SSP yes, psychiatry no.
    expect(groups.actual.value).toBe(1);
    expect(groups.status).toBe('not_met');
    await activity('2020-09-01', 'awareness_talk', 'psychiatry', 25);
    const after = (await dashboard(planId, 2020)).find((i) => i.measure === 'professional_groups_reached' && i.labelDa.startsWith('2020'))!;
    expect(after.status).toBe('met');
  });

  it('the milestone is not done by outreach alone; a recorded decision with date, approver and document makes it done', async () => {
    const milestone = async () => (await dashboard(planId, 2020)).find((i) => i.measure === 'milestone' && i.labelDa.startsWith('2020'))!;
    // Old counting: any outreach activity in 2020 made it done.
    expect((await milestone()).status).toBe('not_met');
    const bad = await manager.request('POST', `/api/v1/plans/${planId}/milestone-decisions`, {
      milestoneKey: 'no_such_milestone', decidedOn: '2020-11-01', approvedBy: 'Beskæftigelses- og Integrationsudvalget', documentRef: 'Sag 2020-17',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('milestoneKey');
    const outside = await manager.request('POST', `/api/v1/plans/${planId}/milestone-decisions`, {
      milestoneKey: 'outreach_concept_developed', decidedOn: '2019-11-01', approvedBy: 'Udvalget', documentRef: 'Sag 2019-1',
    });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body)).toContain('decidedOn');
    const ok = await manager.request('POST', `/api/v1/plans/${planId}/milestone-decisions`, {
      milestoneKey: 'outreach_concept_developed', decidedOn: '2020-11-01', approvedBy: 'Beskæftigelses- og Integrationsudvalget', documentRef: 'Sag 2020-17',
    });
    expect(ok.status).toBe(201);
    expect((await milestone()).status).toBe('met');
    // The 2021 milestone is a decision of its own.
    expect((await dashboard(planId, 2021)).find((i) => i.measure === 'milestone' && i.labelDa.startsWith('2021'))!.status).toBe('not_met');
    const list = await manager.request('GET', `/api/v1/plans/${planId}/milestone-decisions`);
    expect(list.body).toMatchObject([{ milestoneKey: 'outreach_concept_developed', decidedOn: '2020-11-01', approvedBy: 'Beskæftigelses- og Integrationsudvalget', documentRef: 'Sag 2020-17' }]);
  });

  it('each indicator says in one line how it is counted; attendances are called attendances; cumulative since 2016', async () => {
    const inds = await dashboard(planId, 2020);
    for (const i of inds) expect(i.howDa.length).toBeGreaterThan(10);
    const cumulative = inds.find((i) => i.measure === 'people_reached_cumulative')!;
    // 2017 (100) + 2020 professionals' awareness talks (40 + 60 + 30 + 25).
    expect(cumulative.actual.value).toBe(255);
    expect(cumulative.howDa).toContain('fremmøder');
  });
});
