import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { computeMeasure } from '../src/server/modules/plans/index.ts';

/**
 * Issue 14, item 1: the strategy's goals ("færre radikaliserede og radikaliseringstruede borgere") as persons by
 * prevention level at each year's end, a trend. The level in force at a year's end comes from the case's level
 * history (migration 0342, kept by a trigger on cases), not the level the case has today: the hand-built cases answer
 * differently under that old reading.
 */

let h: Harness;
let unit: string;
let manager: Client & { user: TestUser };

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
async function one(text: string, params: unknown[] = []): Promise<string> {
  return (await sql<{ id: string }>(text, params))[0]!.id;
}
async function level(lv: string, year: number): Promise<number | null> {
  const actor = { id: manager.user.id, role: 'manager' as const, username: 'm', displayName: 'Leder', unitId: unit, unitName: 'A', unitIds: [unit], sessionId: 'test' };
  return (await runScoped(h.ctx, actor, 'supervision', (s) => computeMeasure(s, unit, 'persons_by_level_year_end', { level: lv }, year))).value;
}
async function person(): Promise<string> {
  return one(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Fixture Person', 'unknown', '2027-01-01', '2027-01-01') RETURNING id`, [unit]);
}
async function kase(personId: string, lv: string, createdAt: string, closedAt: string | null = null): Promise<string> {
  return one(`INSERT INTO cases (unit_id, person_id, title, prevention_level, status, closed_at, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $4, $5, $6, $6) RETURNING id`,
    [unit, personId, lv, closedAt ? 'closed' : 'open', closedAt, createdAt]);
}

beforeAll(async () => {
  h = await createHarness();
  unit = h.units.a;
  manager = await h.signIn('manager', 'a');
});
afterAll(async () => h?.close());

describe("the strategy's goals: persons by prevention level at year end", () => {
  it('reads the level in force at each year end from the level history, counts a person once at their highest level, and leaves closed cases out', async () => {
    // P1: yellow from March 2027, red from February 2028 (a change the trigger keeps). Today: red.
    const p1 = await kase(await person(), 'yellow', '2027-03-01T10:00:00Z');
    await sql(`UPDATE cases SET prevention_level = 'red', updated_at = '2028-02-01T10:00:00Z' WHERE id = $1`, [p1]);
    // P2: red, closed in November 2027: not at risk in the unit's care at the year's end.
    await kase(await person(), 'red', '2027-05-01T10:00:00Z', '2027-11-01T10:00:00Z');
    // P3: two open cases, green and red: counted once, as red.
    const p3 = await person();
    await kase(p3, 'green', '2027-02-01T10:00:00Z');
    await kase(p3, 'red', '2027-06-01T10:00:00Z');
    // P4: opened in 2028: not in 2027.
    await kase(await person(), 'green', '2028-03-01T10:00:00Z');

    expect(await sql(`SELECT prevention_level, to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d FROM case_prevention_levels WHERE case_id = $1 ORDER BY valid_from`, [p1]))
      .toEqual([{ prevention_level: 'yellow', d: '2027-03-01' }, { prevention_level: 'red', d: '2028-02-01' }]);
    // End of 2027: red P3 only (the cases' levels today would say P1 and P3), yellow P1, green nobody (P3 counts as red).
    expect([await level('red', 2027), await level('yellow', 2027), await level('green', 2027)]).toEqual([1, 1, 0]);
    // End of 2028: red P1 and P3, green P4.
    expect([await level('red', 2028), await level('yellow', 2028), await level('green', 2028)]).toEqual([2, 0, 1]);

    // On the dashboard, a trend across the plan's years with its line on how it is counted.
    const plan = await manager.post('/api/v1/plans', { name: 'Strategiens mål', firstYear: 2027, lastYear: 2028 });
    expect((await manager.post(`/api/v1/plans/${plan.body.id}/indicators`, {
      measure: 'persons_by_level_year_end', params: { level: 'red' }, labelDa: 'Færre radikaliserede borgere (rødt niveau)',
      targets: [{ year: 2028, comparison: 'at_most', target: 1 }],
    })).status).toBe(201);
    expect((await manager.post(`/api/v1/plans/${plan.body.id}/indicators`, { measure: 'persons_by_level_year_end', params: {}, labelDa: 'Uden niveau' })).status).toBe(400);
    const dash = await manager.get(`/api/v1/plans/${plan.body.id}/dashboard?year=2028`);
    const row = dash.body.indicators[0] as { actual: { value: number }; status: string; howDa: string; trend: { year: number; value: number }[] };
    expect(row.trend.map((t) => [t.year, t.value])).toEqual([[2027, 1], [2028, 2]]);
    expect([row.actual.value, row.status]).toEqual([2, 'not_met']);
    expect(row.howDa).toMatch(/åben sag ved årets udgang/);
  });
});
