import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { computeMeasure } from '../src/server/modules/plans/index.ts';
import type { IndicatorValue } from '../src/shared/indicators.ts';

/**
 * Issue 14, item 1: the parent/relative coach target ("styrket relation og øget evne til at håndtere konflikt med den
 * unge") is measured on the coached relative with a short instrument of their own (relative-coach-v1: data, versioned,
 * like the national tool), recorded on the relative-coach course; the young person's national assessment no longer
 * stands in for it. The hand-built courses answer differently under the old counting (the young person's assessments).
 */

let h: Harness;
let unit: string;
let mentor: string;
let coordinator: Client & { user: TestUser };

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

/** A case with a course of `kind` started on `on`; returns the case, the course and the case's person. */
async function caseWithCourse(kind: string, on: string): Promise<{ caseId: string; courseId: string; personId: string }> {
  const personId = await one(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Ung Person', 'unknown', $2, $2) RETURNING id`, [unit, h.clock.now()]);
  const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $3) RETURNING id`, [unit, personId, h.clock.now()]);
  const courseId = await one(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, $3, $4, 'active', $5, $5::date) RETURNING id`,
    [caseId, unit, kind, mentor, on]);
  return { caseId, courseId, personId };
}
/** The young person's national assessment: per dimension [risk, resources]. */
async function national(caseId: string, kind: string, on: string, ratings: Record<string, [number | null, number | null]>): Promise<void> {
  const id = await one(`INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at)
    VALUES ($1, $2, 'national-v1', $3, $4, $5, $4::date) RETURNING id`, [caseId, unit, kind, on, mentor]);
  for (const [dim, [risk, resources]] of Object.entries(ratings)) {
    await sql(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk, resources) VALUES ($1, 'national-v1', $2, $3, $4)`, [id, dim, risk, resources]);
  }
}
/** The coached relative's assessment over the API, every item rated: [relation, conflict, support, help]. */
async function relative(courseId: string, kind: string, assessedOn: string, [a, b, c, d]: (number | null)[]) {
  return coordinator.post(`/api/v1/courses/${courseId}/relative-assessments`, {
    kind, assessedOn, ratings: [
      { dimension: 'relation_young_person', rating: a }, { dimension: 'conflict_handling', rating: b },
      { dimension: 'support_young_person', rating: c }, { dimension: 'knows_where_help', rating: d },
    ],
  });
}

beforeAll(async () => {
  h = await createHarness();
  unit = h.units.a;
  mentor = (await h.createUser('mentor', 'a')).id;
  coordinator = await h.signIn('coordinator', 'a');
});
afterAll(async () => h?.close());

describe("the coached relative's own instrument", () => {
  it('is data: a versioned instrument with its items and scale, read like the national tool', async () => {
    const res = await coordinator.get('/api/v1/assessment-instruments/relative-coach-v1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'relative-coach-v1', version: 1, active: true, subject: 'coached_relative' });
    expect(res.body.dimensions.map((d: { code: string }) => d.code)).toEqual(['relation_young_person', 'conflict_handling', 'support_young_person', 'knows_where_help']);
    expect(res.body.scale.map((x: { value: number | null }) => x.value)).toEqual([1, 2, 3, 4, null]);
  });

  it('is recorded on a relative-coach course, every item once, on the scale; refused on the young person, a mentor course and twice as start', async () => {
    const { caseId, courseId } = await caseWithCourse('relative_coach', '2025-09-01');
    const before = await h.auditCount();
    const ok = await relative(courseId, 'start', '2025-09-01', [2, 1, null, 3]);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ courseId, instrumentId: 'relative-coach-v1', kind: 'start', assessedOn: '2025-09-01' });
    expect(ok.body.ratings).toEqual([
      { dimension: 'relation_young_person', rating: 2 }, { dimension: 'conflict_handling', rating: 1 },
      { dimension: 'support_young_person', rating: null }, { dimension: 'knows_where_help', rating: 3 },
    ]);
    expect(await h.auditCount()).toBe(before + 1);
    expect((await relative(courseId, 'start', '2025-10-01', [2, 2, 2, 2])).status).toBe(409);
    const missing = await coordinator.post(`/api/v1/courses/${courseId}/relative-assessments`, {
      kind: 'other', assessedOn: '2025-10-01', ratings: [{ dimension: 'relation_young_person', rating: 2 }, { dimension: 'violence', rating: 7 }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['ratings', 'ratings[1].dimension', 'ratings[1].rating']);
    expect((await relative(courseId, 'other', '2025-08-01', [2, 2, 2, 2])).body.errors?.[0]?.field).toBe('assessedOn');
    expect((await relative(courseId, 'other', '2026-04-01', [2, 2, 2, 2])).body.errors?.[0]?.field).toBe('assessedOn');
    const national = await coordinator.post(`/api/v1/courses/${courseId}/relative-assessments`, {
      kind: 'other', assessedOn: '2025-10-01', instrumentId: 'national-v1', ratings: [{ dimension: 'violence', rating: 1 }],
    });
    expect(national.status).toBe(400);
    expect(national.body.errors.map((e: { field: string }) => e.field)).toEqual(['instrumentId']);
    // The relative's instrument is not an assessment of the young person.
    const onCase = await coordinator.post(`/api/v1/cases/${caseId}/assessments`, {
      kind: 'other', assessedOn: '2025-10-01', instrumentId: 'relative-coach-v1', ratings: [{ dimension: 'conflict_handling', risk: null, resources: 2 }],
    });
    expect(onCase.status).toBe(400);
    expect(onCase.body.errors.map((e: { field: string }) => e.field)).toEqual(['instrumentId']);
    const mentorCourse = await caseWithCourse('mentor', '2025-09-01');
    expect((await relative(mentorCourse.courseId, 'start', '2025-09-01', [2, 2, 2, 2])).status).toBe(409);

    const list = await coordinator.get(`/api/v1/courses/${courseId}/relative-assessments`);
    expect(list.status).toBe(200);
    expect(list.body.map((a: { kind: string }) => a.kind)).toEqual(['start']);
    // Nothing of the relative's was written on the young person's case.
    expect((await coordinator.get(`/api/v1/cases/${caseId}/assessments`)).body).toEqual([]);
  });

  it("the coach indicator measures the relative's instrument, not the young person's assessment", async () => {
    const Y = 2025;
    // R1: the young person progressed (risk 3→1), the relative did not (relation 3→2, conflict handling 2→2, the rest
    // unknown). Old counting (the young person): improved. Now: not improved.
    const r1 = await caseWithCourse('relative_coach', `${Y}-01-10`);
    await national(r1.caseId, 'start', `${Y}-01-10`, { violence: [3, 2] });
    await national(r1.caseId, 'six_months', `${Y}-07-10`, { violence: [1, 2] });
    expect((await relative(r1.courseId, 'start', `${Y}-01-10`, [3, 2, null, null])).status).toBe(201);
    expect((await relative(r1.courseId, 'six_months', `${Y}-07-10`, [2, 2, null, 4])).status).toBe(201);
    // R2: the young person has no second assessment (old counting: left out); the relative grew (1→2, 1→3, 2→2, 1→1).
    const r2 = await caseWithCourse('relative_coach', `${Y}-02-01`);
    await national(r2.caseId, 'start', `${Y}-02-01`, { violence: [2, 2] });
    expect((await relative(r2.courseId, 'start', `${Y}-02-01`, [1, 1, 2, 1])).status).toBe(201);
    expect((await relative(r2.courseId, 'end', `${Y}-08-01`, [2, 3, 2, 1])).status).toBe(201);
    // R3: the relative's only later assessment is 'other': no result yet, left out.
    const r3 = await caseWithCourse('relative_coach', `${Y}-03-01`);
    expect((await relative(r3.courseId, 'start', `${Y}-03-01`, [1, 1, 1, 1])).status).toBe(201);
    expect((await relative(r3.courseId, 'other', `${Y}-06-01`, [4, 4, 4, 4])).status).toBe(201);
    // A mentor course in the same unit keeps being measured on the young person's national assessment.
    const m = await caseWithCourse('mentor', `${Y}-01-15`);
    await national(m.caseId, 'start', `${Y}-01-15`, { family: [2, 1] });
    await national(m.caseId, 'six_months', `${Y}-07-15`, { family: [1, 1] });

    // Old: R1 improved of R1 alone = 100 %. Now: R2 of R1 and R2 = 50 %.
    const coach = await measure({ kind: 'relative_coach' }, Y);
    expect(strip(coach)).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect([...coach.recordIds!].sort()).toEqual([r1.courseId, r2.courseId].sort());
    expect(strip(await measure({ kind: 'mentor' }, Y))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    // Without a kind, each course on its own instrument: R2 and the mentor course of three.
    expect(strip(await measure({}, Y))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });

    // The dashboard (figures summed in SQL, one statement for the plan) gives the same answer and says how.
    const manager = await h.signIn('manager', 'a');
    const plan = await manager.post('/api/v1/plans', { name: 'Pårørendecoaching', firstYear: Y, lastYear: Y });
    expect((await manager.post(`/api/v1/plans/${plan.body.id}/indicators`, {
      measure: 'progression_share', params: { kind: 'relative_coach' }, labelDa: '80 % af deltagerne i 1-1 forældrecoachforløb oplever progression',
      targets: [{ year: Y, comparison: 'at_least', target: 80 }],
    })).status).toBe(201);
    const dash = await manager.get(`/api/v1/plans/${plan.body.id}/dashboard?year=${Y}`);
    const row = dash.body.indicators[0] as { actual: { value: number }; status: string; howDa: string };
    expect([row.actual.value, row.status]).toEqual([50, 'not_met']);
    expect(row.howDa).toContain('Pårørendecoaching måles på den pårørendes egen vurdering.');
  });
});
