import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { computeMeasure } from '../src/server/modules/plans/index.ts';
import type { IndicatorValue } from '../src/shared/indicators.ts';

/**
 * Issue 14, item 1: where the plan measures progression on the "relevante" factors, the coordinator marks on the
 * course which dimensions of the national tool it addresses (versioned: each save a new version, a stale one 409,
 * audited), and the progression indicator with dimensions = 'relevant' measures only those. The hand-built courses
 * give a different answer when every dimension counts (the old counting) than when only the marked ones do.
 */

let h: Harness;
let unit: string;
let mentor: string;
let coordinator: Client & { user: TestUser };
let manager: Client & { user: TestUser };

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
async function one(text: string, params: unknown[] = []): Promise<string> {
  return (await sql<{ id: string }>(text, params))[0]!.id;
}
async function measure(params: Record<string, unknown>, year: number): Promise<IndicatorValue> {
  const actor = { id: coordinator.user.id, role: 'coordinator' as const, username: 'k', displayName: 'Koordinator', unitId: unit, unitName: 'A', unitIds: [unit], sessionId: 'test' };
  return runScoped(h.ctx, actor, 'supervision', (s) => computeMeasure(s, unit, 'progression_share', params, year));
}
const strip = ({ recordIds: _ids, ...rest }: IndicatorValue) => rest;

/** A case with a mentor course started on `on`, and its start and six-month assessments: per dimension [risk, resources]. */
async function courseWith(on: string, later: string, start: Record<string, [number | null, number | null]>, six: Record<string, [number | null, number | null]>): Promise<string> {
  const personId = await one(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Fixture Person', 'unknown', $2, $2) RETURNING id`, [unit, h.clock.now()]);
  const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $3) RETURNING id`, [unit, personId, h.clock.now()]);
  const courseId = await one(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, 'mentor', $3, 'active', $4, $4::date) RETURNING id`,
    [caseId, unit, mentor, on]);
  for (const [kind, date, ratings] of [['start', on, start], ['six_months', later, six]] as const) {
    const id = await one(`INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at)
      VALUES ($1, $2, 'national-v1', $3, $4, $5, $4::date) RETURNING id`, [caseId, unit, kind, date, mentor]);
    for (const [dim, [risk, resources]] of Object.entries(ratings)) {
      await sql(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk, resources) VALUES ($1, 'national-v1', $2, $3, $4)`, [id, dim, risk, resources]);
    }
  }
  return courseId;
}
async function lastAudit() {
  return (await sql<{ action: string; outcome: string; actor_id: string; record_type: string; record_id: string; criterion: string | null; person_id: string | null }>(
    'SELECT action, outcome, actor_id, record_type, record_id, criterion, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

beforeAll(async () => {
  h = await createHarness();
  unit = h.units.a;
  mentor = (await h.createUser('mentor', 'a')).id;
  coordinator = await h.signIn('coordinator', 'a');
  manager = await h.signIn('manager', 'a');
});
afterAll(async () => h?.close());

describe('the dimensions a course addresses', () => {
  it('the coordinator marks them on the course: each save a new version, a stale version 409, an unknown code 400 naming it, every save and look audited', async () => {
    const courseId = await courseWith('2032-01-05', '2032-07-05', { violence: [2, 2] }, { violence: [1, 2] });
    const path = `/api/v1/courses/${courseId}/dimensions`;
    const none = await coordinator.get(path);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ courseId, instrumentId: 'national-v1', version: 0, dimensions: [], history: [] });
    expect(await lastAudit()).toMatchObject({ action: 'read', outcome: 'ok', record_type: 'course', record_id: courseId, criterion: 'dimensions' });

    const bad = await coordinator.request('PUT', path, { version: 0, dimensions: ['violence', 'horoscope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['dimensions[1]']);
    expect((await coordinator.request('PUT', path, { version: 0, dimensions: [] })).status).toBe(400);

    const before = await h.auditCount();
    const first = await coordinator.request('PUT', path, { version: 0, dimensions: ['violence', 'family'] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, dimensions: ['violence', 'family'] });
    expect(await h.auditCount()).toBe(before + 1);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'update', outcome: 'ok', actor_id: coordinator.user.id, record_type: 'course', record_id: courseId, criterion: 'dimensions' });
    expect(audit.person_id).not.toBeNull();

    // Someone saving on the version they read before the first save gets 409 and the version now stored.
    const stale = await coordinator.request('PUT', path, { version: 0, dimensions: ['family'] });
    expect(stale.status).toBe(409);
    const second = await coordinator.request('PUT', path, { version: 1, dimensions: ['family'] });
    expect(second.status).toBe(200);
    expect(second.body.history.map((v: { version: number; dimensions: string[]; markedBy: { id: string } }) => [v.version, v.dimensions, v.markedBy.id]))
      .toEqual([[2, ['family'], coordinator.user.id], [1, ['violence', 'family'], coordinator.user.id]]);
    expect((await coordinator.get(path)).body).toMatchObject({ version: 2, dimensions: ['family'] });
  });

  it('progression on the "relevante" dimensions measures only those marked on the course; counting all dimensions answers differently', async () => {
    const Y = 2033;
    // A addresses violence: violence risk 3→1 (2 better), family resources 3→0 (3 worse). All dimensions: -1, not
    // improved. Relevant (violence): +2, improved.
    const a = await courseWith(`${Y}-01-10`, `${Y}-07-10`, { violence: [3, 2], family: [1, 3] }, { violence: [1, 2], family: [1, 0] });
    // B addresses family (marked violence first, then changed to family: the current marking counts): violence risk
    // 2→0 (2 better), family unchanged. All: +2, improved. Relevant (family): 0, not improved.
    const b = await courseWith(`${Y}-01-20`, `${Y}-07-20`, { violence: [2, 2], family: [2, 2] }, { violence: [0, 2], family: [2, 2] });
    // C has no marking: improved over all dimensions, nothing to measure on its relevant ones (left out).
    await courseWith(`${Y}-02-01`, `${Y}-08-01`, { violence: [3, 1] }, { violence: [2, 1] });
    expect((await coordinator.request('PUT', `/api/v1/courses/${a}/dimensions`, { version: 0, dimensions: ['violence'] })).status).toBe(200);
    expect((await coordinator.request('PUT', `/api/v1/courses/${b}/dimensions`, { version: 0, dimensions: ['violence'] })).status).toBe(200);
    expect((await coordinator.request('PUT', `/api/v1/courses/${b}/dimensions`, { version: 1, dimensions: ['family'] })).status).toBe(200);

    // Every dimension (the default, and the old counting): B and C of three.
    expect(strip(await measure({ kind: 'mentor' }, Y))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    expect(strip(await measure({ kind: 'mentor', dimensions: 'all' }, Y))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    // The relevant dimensions: A of A and B; C is left out.
    const relevant = await measure({ kind: 'mentor', dimensions: 'relevant' }, Y);
    expect(strip(relevant)).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect([...relevant.recordIds!].sort()).toEqual([a, b].sort());

    // On the dashboard (figures summed in SQL) the same answer, and the line on how it is counted says so.
    const plan = await manager.post('/api/v1/plans', { name: 'Relevante dimensioner', firstYear: Y, lastYear: Y });
    expect(plan.status).toBe(201);
    const ind = await manager.post(`/api/v1/plans/${plan.body.id}/indicators`, {
      measure: 'progression_share', params: { kind: 'mentor', dimensions: 'relevant' },
      labelDa: 'Progression på relevante risiko- eller beskyttelsesfaktorer', targets: [{ year: Y, comparison: 'at_least', target: 60 }],
    });
    expect(ind.status).toBe(201);
    const bad = await manager.post(`/api/v1/plans/${plan.body.id}/indicators`, { measure: 'progression_share', params: { dimensions: 'some' }, labelDa: 'Forkert' });
    expect(bad.status).toBe(400);
    const dash = await manager.get(`/api/v1/plans/${plan.body.id}/dashboard?year=${Y}`);
    expect(dash.status).toBe(200);
    const row = (dash.body.indicators as { labelDa: string; howDa: string; status: string; actual: { value: number | null } }[])[0]!;
    expect(row.actual.value).toBe(50);
    expect(row.status).toBe('not_met');
    expect(row.howDa).toMatch(/Kun de dimensioner, der er markeret som relevante på forløbet, tæller\.$/);
  });

  it('a mentor reads the marking of their own course but may not change it (404, as for anything outside reach); a coordinator of another unit gets 404', async () => {
    const courseId = await courseWith('2032-03-05', '2032-09-05', { family: [2, 2] }, { family: [1, 2] });
    const own = await h.signIn('mentor', 'a');
    await sql(`UPDATE courses SET mentor_id = $2 WHERE id = $1`, [courseId, own.user.id]);
    expect((await own.get(`/api/v1/courses/${courseId}/dimensions`)).status).toBe(200);
    expect((await own.request('PUT', `/api/v1/courses/${courseId}/dimensions`, { version: 0, dimensions: ['family'] })).status).toBe(404);
    const other = await h.signIn('coordinator', 'b');
    expect((await other.request('PUT', `/api/v1/courses/${courseId}/dimensions`, { version: 0, dimensions: ['family'] })).status).toBe(404);
    expect(await lastAudit()).toMatchObject({ action: 'update', outcome: 'denied', actor_id: other.user.id, record_type: 'course', record_id: courseId });
  });
});
