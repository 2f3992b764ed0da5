import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import { endOfDate } from '../src/shared/rules.ts';

/**
 * Transitions (docs/domain.md, "Transitions"): a release from custody or prison recorded on a case gives its owner a
 * task due the chosen number of days before; the person turning 18 does too, from the birth date. The tasks follow
 * the records: marking a release prepared (or cancelled) ends its task, the birthday ends the other.
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function caseAbout(birthDate: string | null): Promise<string> {
  const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, birth_date, created_at, updated_at) VALUES ($1, 'Test Overgang', 'unknown', $2, now(), now()) RETURNING id`,
    [h.units.a, birthDate]))[0]!.id;
  const id = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Overgang', $3, now(), now()) RETURNING id`,
    [h.units.a, person, coordinator.user.id]))[0]!.id;
  await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', now())`, [id, coordinator.user.id, h.units.a]);
  return id;
}
const tasksOf = (caseId: string, kind: string) =>
  sql<{ due_at: Date; done_at: Date | null; assignee_id: string | null }>('SELECT due_at, done_at, assignee_id FROM tasks WHERE case_id = $1 AND kind = $2', [caseId, kind]);

beforeAll(async () => {
  h = await createHarness(); // the clock: 2026-03-02
  coordinator = await h.signIn('coordinator', 'a');
});
afterAll(async () => h?.close());

describe('transitions', () => {
  it('a prison release recorded on a case gives the owner a task N days before it; marking it prepared ends the task', async () => {
    const caseId = await caseAbout('1990-05-05');
    const res = await coordinator.post(`/api/v1/cases/${caseId}/transitions`, { kind: 'prison_release', dueOn: '2026-06-15', noticeDays: 45 });
    expect(res.status).toBe(201);
    const [task] = await tasksOf(caseId, 'release_transition');
    expect(task).toBeDefined();
    expect(task!.assignee_id).toBe(coordinator.user.id);
    // Due at the end of 1 May 2026 (45 days before 15 June), Copenhagen time.
    expect(task!.due_at.getTime()).toBe(endOfDate('2026-05-01').getTime());
    expect(task!.done_at).toBeNull();

    const stale = await coordinator.patch(`/api/v1/case-transitions/${res.body.id}`, { version: 2, status: 'prepared' });
    expect(stale.status).toBe(409);
    const done = await coordinator.patch(`/api/v1/case-transitions/${res.body.id}`, { version: 1, status: 'prepared' });
    expect(done.status).toBe(200);
    expect((await tasksOf(caseId, 'release_transition'))[0]!.done_at).not.toBeNull();
    expect((await coordinator.get(`/api/v1/cases/${caseId}/transitions`)).body.map((t: { status: string }) => t.status)).toEqual(['prepared']);
  });

  it('an unprepared release stays an open task past its due date (a miss is not dropped)', async () => {
    const caseId = await caseAbout(null);
    await coordinator.post(`/api/v1/cases/${caseId}/transitions`, { kind: 'custody_release', dueOn: '2026-03-10', noticeDays: 30 });
    h.clock.advance(20 * 24 * 3_600_000);
    await runTaskRulesOnce(h.ctx);
    const [task] = await tasksOf(caseId, 'release_transition');
    expect(task!.done_at).toBeNull();
    expect(task!.due_at.getTime()).toBeLessThan(h.clock.now().getTime());
  });

  it('the person of an open case turning 18 gives the owner a task 60 days before the birthday; the birthday ends it', async () => {
    const now = h.clock.now();
    const birthday18 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 10));
    const birth = `${birthday18.getUTCFullYear() - 18}-${String(birthday18.getUTCMonth() + 1).padStart(2, '0')}-10`;
    const minor = await caseAbout(birth);
    const adult = await caseAbout('1995-01-01');
    await runTaskRulesOnce(h.ctx);
    const [task] = await tasksOf(minor, 'turns_18');
    expect(task).toBeDefined();
    const expectedDue = new Date(birthday18.getTime() - 60 * 24 * 3_600_000).toISOString().slice(0, 10);
    expect(task!.due_at.getTime()).toBe(endOfDate(expectedDue).getTime());
    expect(await tasksOf(adult, 'turns_18')).toEqual([]);
    // After the birthday the obligation has passed.
    h.clock.advance(120 * 24 * 3_600_000);
    await runTaskRulesOnce(h.ctx);
    expect((await tasksOf(minor, 'turns_18'))[0]!.done_at).not.toBeNull();
  });

  it('refuses a release date on a case outside reach (404, audited) and bad input (400 naming the field)', async () => {
    const other = await h.signIn('coordinator', 'b');
    coordinator = await h.signIn('coordinator', 'a'); // the clock moved on past the session's idle limit
    const caseId = await caseAbout(null);
    expect((await other.post(`/api/v1/cases/${caseId}/transitions`, { kind: 'prison_release', dueOn: '2026-06-15' })).status).toBe(404);
    const bad = await coordinator.post(`/api/v1/cases/${caseId}/transitions`, { kind: 'prison_release', dueOn: '2026-06-15', noticeDays: 400 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('noticeDays');
  });
});
