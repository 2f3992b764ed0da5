import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { generateTasksInTrx, runTaskRulesOnce, TASK_RULES_LOCK } from '../src/server/modules/tasks/index.ts';
import { runAsSystem } from '../src/server/access/scope.ts';
import { startScheduler } from '../src/server/jobs/scheduler.ts';
import { triageDeadline, type Severity } from '../src/shared/rules.ts';

/**
 * The task rules engine: tasks derived from the records with the injected clock, created once however often or
 * however concurrently it runs, closed when their obligation is met, and shown in /tasks/mine by urgency.
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let coordinator: Signed;
let coordinator2: Signed;
let coordinatorB: Signed;
let adviser: Signed;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

async function travelTo(at: string): Promise<void> {
  h.clock.set(at);
  for (const c of [coordinator, coordinator2, coordinatorB, adviser]) {
    const fresh = await h.signInAs(c.user);
    c.cookie = fresh.cookie;
    c.csrfToken = fresh.csrfToken;
  }
  h.clock.set(at);
}

async function person(unit: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Test Person', 'unknown', $2, $2) RETURNING id`,
    [unit, h.clock.now()]))[0]!.id;
}
async function concern(severity: Severity, coordinatorId: string | null, unit = h.units.a): Promise<string> {
  const received = h.clock.now();
  return (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, triage_deadline_at, coordinator_id,
       registered_by, created_at, updated_at)
     VALUES ($1, $2, 'professional', $3, 'right_wing', $4, 'Deler propaganda i klassens chat.', $5, $6, $7, $2, $2) RETURNING id`,
    [unit, received, await person(unit), severity, triageDeadline(received, severity), coordinatorId, adviser.user.id],
  ))[0]!.id;
}
async function caseOwnedBy(ownerId: string | null): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Sag', $3, $4, $4) RETURNING id`,
    [h.units.a, await person(h.units.a), ownerId, h.clock.now()]))[0]!.id;
}
async function assessment(caseId: string, kind: 'start' | 'six_months', on: string): Promise<void> {
  await sql(`INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at) VALUES ($1, $2, 'national-v1', $3, $4, $5, $6)`,
    [caseId, h.units.a, kind, on, coordinator.user.id, h.clock.now()]);
}
async function declinedOffer(caseId: string, respondedAt: string): Promise<string> {
  return (await sql<{ id: string }>(
    `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at) VALUES ($1, $2, 'mentor', $3, $4, 'declined', $3) RETURNING id`,
    [caseId, h.units.a, respondedAt, coordinator.user.id]))[0]!.id;
}
async function tasksMine(c: Client) {
  const res = await c.get('/api/v1/tasks/mine');
  expect(res.status).toBe(200);
  return res.body as { id: string; kind: string; dueAt: string; overdue: boolean; dueSoon: boolean; concernId: string | null; caseId: string | null; unassigned: boolean }[];
}
async function taskRows() {
  return sql<{ rule_key: string; kind: string; due_at: Date; done_at: Date | null; assignee_id: string | null }>('SELECT rule_key, kind, due_at, done_at, assignee_id FROM tasks ORDER BY rule_key');
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  coordinator2 = await h.signIn('coordinator', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
  adviser = await h.signIn('adviser', 'a');
});
afterAll(async () => h?.close());

describe('triage deadline tasks', () => {
  it("an unassigned concern is in the unit's queue for its coordinators, then follows its coordinator, and closes when triaged", async () => {
    await travelTo('2026-03-02T10:00:00Z');
    const c = await concern('high', null);
    await runTaskRulesOnce(h.ctx);
    const queue = (await tasksMine(coordinator)).find((t) => t.concernId === c);
    expect(queue).toMatchObject({ kind: 'triage_deadline', dueAt: '2026-03-03T10:00:00.000Z', overdue: false, dueSoon: true, unassigned: true, caseId: null });
    expect((await tasksMine(coordinator2)).some((t) => t.concernId === c)).toBe(true);
    expect((await tasksMine(coordinatorB)).some((t) => t.concernId === c)).toBe(false);
    expect((await tasksMine(adviser)).some((t) => t.concernId === c)).toBe(false);

    // 24 hours pass without triage: overdue.
    await travelTo('2026-03-03T10:00:01Z');
    expect((await tasksMine(coordinator)).find((t) => t.concernId === c)).toMatchObject({ overdue: true, dueSoon: false });

    await sql('UPDATE concerns SET coordinator_id = $2 WHERE id = $1', [c, coordinator2.user.id]);
    expect((await runTaskRulesOnce(h.ctx)).reassigned).toBe(1);
    expect((await tasksMine(coordinator)).some((t) => t.concernId === c)).toBe(false);
    expect((await tasksMine(coordinator2)).find((t) => t.concernId === c)).toMatchObject({ unassigned: false, overdue: true });

    await sql(`UPDATE concerns SET status = 'police_check' WHERE id = $1`, [c]);
    await runTaskRulesOnce(h.ctx);
    expect((await tasksMine(coordinator2)).some((t) => t.concernId === c)).toBe(true);
    await sql(`UPDATE concerns SET status = 'justified', triaged_at = $2 WHERE id = $1`, [c, h.clock.now()]);
    expect((await runTaskRulesOnce(h.ctx)).completed).toBe(1);
    expect((await tasksMine(coordinator2)).some((t) => t.concernId === c)).toBe(false);
  });

  it('deadlines follow severity, and the list puts overdue first, then by due time', async () => {
    await travelTo('2026-03-10T10:00:00Z');
    const low = await concern('low', coordinator.user.id);
    const medium = await concern('medium', coordinator.user.id);
    const acute = await concern('acute', coordinator.user.id);
    h.clock.set('2026-03-10T10:05:00Z');
    await runTaskRulesOnce(h.ctx);
    const mine = (await tasksMine(coordinator)).filter((t) => [low, medium, acute].includes(t.concernId!));
    expect(mine.map((t) => [t.concernId, t.dueAt, t.overdue])).toEqual([
      [acute, '2026-03-10T10:00:00.000Z', true],
      [medium, '2026-03-12T10:00:00.000Z', false],
      [low, '2026-03-13T10:00:00.000Z', false],
    ]);
    await sql(`UPDATE concerns SET status = 'unfounded', triaged_at = $1 WHERE id = ANY($2::uuid[])`, [h.clock.now(), [low, medium, acute]]);
    await runTaskRulesOnce(h.ctx);
  });
});

describe('reassessment and re-offer tasks', () => {
  it('a start assessment calls for the 6-month reassessment; taking it closes the task', async () => {
    await travelTo('2026-04-01T08:00:00Z');
    const k = await caseOwnedBy(adviser.user.id);
    await assessment(k, 'start', '2026-03-31');
    await runTaskRulesOnce(h.ctx);
    expect((await tasksMine(adviser)).filter((t) => t.caseId === k)).toEqual([
      expect.objectContaining({ kind: 'reassessment', dueAt: '2026-10-01T00:00:00.000Z', overdue: false }),
    ]);
    await travelTo('2026-10-01T00:00:01Z');
    expect((await tasksMine(adviser)).find((t) => t.caseId === k)!.overdue).toBe(true);
    await assessment(k, 'six_months', '2026-10-01');
    await runTaskRulesOnce(h.ctx);
    expect((await tasksMine(adviser)).filter((t) => t.caseId === k)).toEqual([]);
  });

  it('closing the case ends its open obligations; a case without an owner goes to the unit queue', async () => {
    const k = await caseOwnedBy(null);
    await declinedOffer(k, '2026-09-30T12:00:00Z');
    await runTaskRulesOnce(h.ctx);
    const queued = (await tasksMine(coordinator)).filter((t) => t.caseId === k);
    expect(queued.map((t) => [t.kind, t.dueAt, t.unassigned])).toEqual([
      ['reoffer_3m', '2026-12-30T12:00:00.000Z', true],
      ['reoffer_6m', '2027-03-30T12:00:00.000Z', true],
      ['follow_up_12m', '2027-10-01T00:00:00.000Z', true],
    ]);
    await sql(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1`, [k, h.clock.now()]);
    expect((await runTaskRulesOnce(h.ctx)).completed).toBe(3);
    expect((await tasksMine(coordinator)).filter((t) => t.caseId === k)).toEqual([]);
  });
});

describe('running the rules', () => {
  it('after downtime one run creates every task with its original due date; a rerun creates nothing', async () => {
    await travelTo('2027-01-04T08:00:00Z');
    const k = await caseOwnedBy(adviser.user.id);
    await declinedOffer(k, '2027-01-04T08:00:00Z');
    await assessment(k, 'start', '2027-01-04');
    const before = (await taskRows()).length;
    // Seven months with no scheduler tick at all.
    await travelTo('2027-08-04T08:00:00Z');
    const first = await runTaskRulesOnce(h.ctx);
    expect(first).toMatchObject({ ran: true, created: 4, followUpsAdded: 1 });
    const mine = (await tasksMine(adviser)).filter((t) => t.caseId === k);
    expect(mine.map((t) => [t.kind, t.dueAt, t.overdue])).toEqual([
      ['reoffer_3m', '2027-04-04T08:00:00.000Z', true],
      ['reoffer_6m', '2027-07-04T08:00:00.000Z', true],
      ['reassessment', '2027-07-05T00:00:00.000Z', true],
      ['follow_up_12m', '2028-01-05T00:00:00.000Z', false],
    ]);
    expect((await taskRows()).length).toBe(before + 4);
    expect(await runTaskRulesOnce(h.ctx)).toEqual({ ran: true, followUpsAdded: 0, created: 0, completed: 0, reassigned: 0 });
  });

  it('the scheduler runs the rules at start and on each tick, and stops', async () => {
    const first = await concern('high', null);
    const scheduler = startScheduler(h.ctx, 3_600_000);
    await scheduler.tick();
    const taskOf = async (c: string) => (await sql('SELECT 1 FROM tasks WHERE concern_id = $1', [c])).length;
    expect(await taskOf(first)).toBe(1);
    await scheduler.stop();
    const later = await concern('high', null);
    await scheduler.tick(); // a stopped scheduler does nothing
    expect(await taskOf(later)).toBe(0);
  });

  it('GET /tasks/mine is audited as one search without a person', async () => {
    const before = await h.auditCount();
    await tasksMine(adviser);
    expect(await h.auditCount()).toBe(before + 1);
    const [row] = await sql<{ action: string; criterion: string; person_id: string | null; actor_id: string }>(
      'SELECT action, criterion, person_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toEqual({ action: 'search', criterion: 'mine', person_id: null, actor_id: adviser.user.id });
  });
});

/**
 * Several server instances on one database: only a real PostgreSQL server has several sessions at once. PGlite has one
 * session that runs transactions one after another, so there nothing is ever concurrent and these tests would prove
 * nothing; they run under `npm run test:pg`.
 */
describe.runIf(process.env.VINK_TEST_DATABASE_URL)('two instances running the task rules at the same moment (PostgreSQL only)', () => {
  it('a run while another instance holds the lock does nothing, and creates the tasks once the lock is free', async () => {
    expect(h.ctx.db.kind).toBe('postgres');
    await runTaskRulesOnce(h.ctx); // settles what the tests above left for the next tick
    await concern('high', null);
    const blocked = await systemTransaction(h.ctx.db, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [TASK_RULES_LOCK]);
      return runTaskRulesOnce(h.ctx); // another connection of the pool: another instance, as far as the lock can tell
    });
    expect(blocked).toEqual({ ran: false });
    expect((await runTaskRulesOnce(h.ctx)).created).toBe(1);
  });

  it('of two runs started together, together they create each task exactly once (whether the lock made one skip or not)', async () => {
    const cases = [];
    for (let i = 0; i < 3; i++) {
      const k = await caseOwnedBy(adviser.user.id);
      await declinedOffer(k, '2027-08-01T08:00:00Z');
      await assessment(k, 'start', '2027-08-01');
      cases.push(k);
    }
    await concern('medium', null);
    const runs = await Promise.all([runTaskRulesOnce(h.ctx), runTaskRulesOnce(h.ctx)]);
    expect(runs.some((r) => r.ran)).toBe(true);
    expect(runs.reduce((n, r) => n + (r.created ?? 0), 0)).toBe(3 * 4 + 1);
  });

  it('without the lock, two generations in concurrent transactions still create each task and follow-up once (rule_key)', async () => {
    await concern('low', null);
    const k = await caseOwnedBy(adviser.user.id);
    await declinedOffer(k, '2027-08-02T08:00:00Z');
    const raw = await Promise.all([0, 1].map(() => runAsSystem(h.ctx, 'scheduler', (s) => generateTasksInTrx(s, h.clock.now()))));
    expect(raw.reduce((n, r) => n + r.created, 0)).toBe(1 + 3);
    expect(raw.reduce((n, r) => n + r.followUpsAdded, 0)).toBe(1);
    const dupes = await sql<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT rule_key FROM tasks GROUP BY rule_key HAVING count(*) > 1) d');
    expect(dupes[0]!.n).toBe(0);
    const fuDupes = await sql<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT offer_id FROM follow_ups GROUP BY kind, offer_id, course_id HAVING count(*) > 1) d');
    expect(fuDupes[0]!.n).toBe(0);
  });
});
