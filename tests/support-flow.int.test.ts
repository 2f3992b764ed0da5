import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';

/**
 * The support part of a case, told as a story with a fake clock: an offer is declined and re-offered within 3 and
 * 6 months; a course runs with a mentor who sees only their own course; follow-ups fall due 6 months after the
 * course and 12 months after the offer.
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let coordinator: Signed;
let owner: Signed; // an adviser who owns the case
let mentorA: Signed;
let mentorB: Signed;
let coordinatorB: Signed;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

/** A case in unit a owned by the adviser, about a person born on birthDate. */
async function newCase(fullName = 'Sara Nielsen', birthDate = '2008-05-20'): Promise<{ caseId: string; personId: string }> {
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(
    `INSERT INTO persons (unit_id, full_name, birth_date, gender, created_at, updated_at) VALUES ($1, $2, $3, 'female', $4, $4) RETURNING id`,
    [h.units.a, fullName, birthDate, now],
  );
  const [c] = await sql<{ id: string }>(
    `INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Sag', $3, $4, $4) RETURNING id`,
    [h.units.a, p!.id, owner.user.id, now],
  );
  await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [c!.id, owner.user.id, h.units.a, now]);
  return { caseId: c!.id, personId: p!.id };
}

/** Moves the fake clock forward (only forward: TOTP steps are single-use) and signs everyone in again (sessions expire after 15 idle minutes). */
async function travelTo(at: string): Promise<void> {
  h.clock.set(at);
  for (const c of [coordinator, owner, mentorA, mentorB, coordinatorB]) {
    const fresh = await h.signInAs(c.user);
    c.cookie = fresh.cookie;
    c.csrfToken = fresh.csrfToken;
  }
  // Each sign-in moved the clock a TOTP step on; the story happens at the stated time.
  h.clock.set(at);
}

async function myTasks(c: Client) {
  const res = await c.get('/api/v1/tasks/mine');
  expect(res.status).toBe(200);
  return res.body as { id: string; kind: string; dueAt: string; overdue: boolean; dueSoon: boolean; caseId: string | null; concernId: string | null }[];
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  owner = await h.signIn('adviser', 'a');
  mentorA = await h.signIn('mentor', 'a');
  mentorB = await h.signIn('mentor', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
});
afterAll(async () => h?.close());

describe('offers and re-offers', () => {
  it('a declined offer is re-offered within 3 and within 6 months; each re-offer closes its task', async () => {
    await travelTo('2026-03-31T09:00:00Z');
    const { caseId } = await newCase();
    const offered = await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-03-30T14:00:00Z' });
    expect(offered.status).toBe(201);
    expect(offered.body).toMatchObject({ response: 'pending', reofferOf: null, reofferDue: null, version: 1 });
    const first = offered.body.id as string;

    const declined = await owner.post(`/api/v1/offers/${first}/response`, { response: 'declined', version: 1 });
    expect(declined.status).toBe(200);
    // Declined on 31 March: re-offer by 30 June (3 months, clamped) and by 30 September (6 months, clamped).
    expect(declined.body.reofferDue).toEqual({ threeMonths: '2026-06-30T09:00:00.000Z', sixMonths: '2026-09-30T09:00:00.000Z' });

    await runTaskRulesOnce(h.ctx);
    let tasks = (await myTasks(owner)).filter((t) => t.caseId === caseId && t.kind.startsWith('reoffer'));
    expect(tasks.map((t) => [t.kind, t.dueAt, t.overdue])).toEqual([
      ['reoffer_3m', '2026-06-30T09:00:00.000Z', false],
      ['reoffer_6m', '2026-09-30T09:00:00.000Z', false],
    ]);

    // The 3-month deadline passes without a re-offer: the task turns overdue.
    await travelTo('2026-06-30T09:00:01Z');
    await runTaskRulesOnce(h.ctx);
    tasks = (await myTasks(owner)).filter((t) => t.caseId === caseId);
    expect(tasks.find((t) => t.kind === 'reoffer_3m')).toMatchObject({ overdue: true, dueSoon: false });
    expect(tasks[0]!.kind).toBe('reoffer_3m'); // overdue first

    const again = await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-06-30T09:00:00Z', reofferOf: first });
    expect(again.status).toBe(201);
    expect(again.body.reofferOf).toBe(first);
    await runTaskRulesOnce(h.ctx);
    tasks = (await myTasks(owner)).filter((t) => t.caseId === caseId);
    expect(tasks.map((t) => t.kind)).toEqual(['reoffer_6m', 'follow_up_12m']);

    // Declined again; the second re-offer within 6 months meets the last obligation.
    expect((await owner.post(`/api/v1/offers/${again.body.id}/response`, { response: 'declined', version: 1 })).status).toBe(200);
    await travelTo('2026-09-15T10:00:00Z');
    expect((await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'exit_course', offeredAt: '2026-09-15T09:00:00Z', reofferOf: first })).status).toBe(201);
    const run = await runTaskRulesOnce(h.ctx);
    expect(run.ran).toBe(true);
    tasks = (await myTasks(owner)).filter((t) => t.caseId === caseId);
    expect(tasks.map((t) => t.kind)).toEqual(['follow_up_12m']);
    const done = await sql<{ kind: string; done_at: Date }>(`SELECT kind, done_at FROM tasks WHERE case_id = $1 AND kind LIKE 'reoffer%' ORDER BY kind`, [caseId]);
    expect(done.map((d) => [d.kind, d.done_at.toISOString()])).toEqual([
      ['reoffer_3m', '2026-06-30T09:00:01.000Z'],
      ['reoffer_6m', '2026-09-15T10:00:00.000Z'],
    ]);
    // The offers list shows the chain in order.
    const list = await owner.get(`/api/v1/cases/${caseId}/offers`);
    expect(list.body.map((o: { reofferOf: string | null; response: string }) => [o.reofferOf === first, o.response])).toEqual([
      [false, 'declined'], [true, 'declined'], [true, 'pending'],
    ]);
  });

  it('no answer counts as a decline: it obliges re-offers, and an accepted re-offer ends them', async () => {
    await travelTo('2026-10-01T08:00:00Z');
    const { caseId } = await newCase();
    const first = (await coordinator.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt: '2026-09-01T08:00:00Z' })).body.id;
    expect((await coordinator.post(`/api/v1/offers/${first}/response`, { response: 'no_answer', version: 1 })).status).toBe(200);
    await runTaskRulesOnce(h.ctx);
    expect((await myTasks(owner)).filter((t) => t.caseId === caseId).map((t) => t.kind)).toEqual(['reoffer_3m', 'reoffer_6m', 'follow_up_12m']);
    const re = (await coordinator.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt: '2026-10-01T08:00:00Z', reofferOf: first })).body.id;
    expect((await coordinator.post(`/api/v1/offers/${re}/response`, { response: 'accepted', version: 1 })).status).toBe(200);
    await runTaskRulesOnce(h.ctx);
    expect((await myTasks(owner)).filter((t) => t.caseId === caseId).map((t) => t.kind)).toEqual(['follow_up_12m']);
  });

  it('refuses illegal answers, stale versions, bad re-offers, future offers and offers on a closed case', async () => {
    const { caseId } = await newCase();
    const other = await newCase();
    const o = (await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-09-30T08:00:00Z' })).body;

    let res = await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-09-30T08:00:00Z', reofferOf: o.id });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'reofferOf', reason: 'only a declined or unanswered offer is re-offered' }]);
    res = await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2030-01-01T08:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('offeredAt');

    expect((await owner.post(`/api/v1/offers/${o.id}/response`, { response: 'accepted', version: 1 })).status).toBe(200);
    res = await owner.post(`/api/v1/offers/${o.id}/response`, { response: 'declined', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.currentVersion).toBe(2);
    res = await owner.post(`/api/v1/offers/${o.id}/response`, { response: 'declined', version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('nothing (final)');

    const d = (await owner.post(`/api/v1/cases/${other.caseId}/offers`, { type: 'mentor', offeredAt: '2026-09-30T08:00:00Z' })).body;
    await owner.post(`/api/v1/offers/${d.id}/response`, { response: 'declined', version: 1 });
    res = await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-09-30T09:00:00Z', reofferOf: d.id });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ field: 'reofferOf', reason: 'no such offer in this case' });

    await sql(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1`, [caseId, h.clock.now()]);
    res = await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-09-30T08:00:00Z' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
    expect((await owner.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentorA.user.id, startedOn: '2026-09-30' })).status).toBe(409);
  });

  it('an offer can become accepted, declined or no answer; from no answer only accepted or declined (listed in the conflict)', async () => {
    const { caseId } = await newCase();
    const o = (await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'psychiatry', offeredAt: '2026-09-30T08:00:00Z' })).body;
    expect((await owner.post(`/api/v1/offers/${o.id}/response`, { response: 'no_answer', version: 1 })).status).toBe(200);
    const res = await owner.post(`/api/v1/offers/${o.id}/response`, { response: 'no_answer', version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('An offer that is no_answer can become: accepted, declined.');
  });
});

describe('courses', () => {
  it('starting a course makes the mentor a case member; a mentor reading another mentor\'s course gets 404', async () => {
    await travelTo('2027-04-01T08:00:00Z');
    const { caseId, personId } = await newCase('Omar Ali Jensen', '2010-02-10');
    const offer = (await coordinator.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2027-03-20T08:00:00Z' })).body;
    let res = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentorA.user.id, offerId: offer.id, startedOn: '2027-03-25' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ field: 'offerId', reason: 'the offer must be accepted before a course starts' });
    await coordinator.post(`/api/v1/offers/${offer.id}/response`, { response: 'accepted', version: 1 });
    res = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: coordinator.user.id, startedOn: '2027-03-25' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('mentorId');

    const a = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentorA.user.id, offerId: offer.id, startedOn: '2027-03-25' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'active', mentorId: mentorA.user.id, offerId: offer.id, version: 1 });
    const b = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'relative_coach', mentorId: mentorB.user.id, startedOn: '2027-03-26' });
    expect(b.status).toBe(201);
    const members = await sql<{ user_id: string; relation: string }>(`SELECT user_id, relation FROM case_members WHERE case_id = $1 AND relation = 'mentor' ORDER BY added_at, user_id`, [caseId]);
    expect(new Set(members.map((m) => m.user_id))).toEqual(new Set([mentorA.user.id, mentorB.user.id]));

    expect((await mentorA.get(`/api/v1/courses/${a.body.id}`)).status).toBe(200);
    // Same case, same unit, both members: still only one's own course.
    expect((await mentorA.get(`/api/v1/courses/${b.body.id}`)).status).toBe(404);
    expect((await mentorA.get(`/api/v1/courses/${b.body.id}/sessions`)).status).toBe(404);
    expect((await mentorA.post(`/api/v1/courses/${b.body.id}/sessions`, { heldOn: '2027-03-30', durationMinutes: 60, form: 'phone' })).status).toBe(404);
    expect((await mentorB.get(`/api/v1/courses/${a.body.id}`)).status).toBe(404);
    // A coordinator of another unit does not reach the course either.
    expect((await coordinatorB.get(`/api/v1/courses/${a.body.id}`)).status).toBe(404);
    const refusal = await sql<{ outcome: string; person_id: string | null; actor_id: string }>('SELECT outcome, person_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    // The refusal names the course's person in the audit trail only (for the citizen's access request).
    expect(refusal[0]).toEqual({ outcome: 'denied', person_id: expect.any(String), actor_id: coordinatorB.user.id });

    // Sessions: the mentor logs them; the list shows them; the mentor's overview shows minimal data only.
    res = await mentorA.post(`/api/v1/courses/${a.body.id}/sessions`, { heldOn: '2027-03-31', durationMinutes: 60, form: 'in_person', note: 'Godt møde' });
    expect(res.status).toBe(201);
    expect((await mentorA.post(`/api/v1/courses/${a.body.id}/sessions`, { heldOn: '2027-04-02', durationMinutes: 60, form: 'phone' })).body.errors[0].field).toBe('heldOn');
    expect((await mentorA.post(`/api/v1/courses/${a.body.id}/sessions`, { heldOn: '2027-03-24', durationMinutes: 60, form: 'phone' })).status).toBe(400);
    const sessions = await coordinator.get(`/api/v1/courses/${a.body.id}/sessions`);
    expect(sessions.body.map((x: { heldOn: string; note: string | null }) => [x.heldOn, x.note])).toEqual([['2027-03-31', 'Godt møde']]);
    const mine = await mentorA.get('/api/v1/courses/mine');
    expect(mine.body).toEqual([
      { id: a.body.id, kind: 'mentor', status: 'active', startedOn: '2027-03-25', firstName: 'Omar', ageBand: '15_17', lastSessionOn: '2027-03-31' },
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('Jensen');
    expect(JSON.stringify(mine.body)).not.toContain(personId);
  });

  it('ending a course records the 6-month follow-up, answerable from its due date, once', async () => {
    await travelTo('2027-05-01T08:00:00Z');
    const { caseId } = await newCase();
    const course = (await owner.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentorA.user.id, startedOn: '2027-04-01' })).body;
    let res = await owner.post(`/api/v1/courses/${course.id}/end`, { endedOn: '2027-03-31', endReason: 'completed', version: 1 });
    expect(res.status).toBe(400);
    res = await owner.post(`/api/v1/courses/${course.id}/end`, { endedOn: '2027-04-30', endReason: 'completed', version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ended', endedOn: '2027-04-30', endReason: 'completed', version: 2 });
    res = await owner.post(`/api/v1/courses/${course.id}/end`, { endedOn: '2027-04-30', endReason: 'completed', version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('nothing (final)');
    expect((await owner.post(`/api/v1/courses/${course.id}/end`, { endedOn: '2027-04-30', endReason: 'completed', version: 1 })).body.currentVersion).toBe(2);
    expect((await mentorA.post(`/api/v1/courses/${course.id}/sessions`, { heldOn: '2027-04-30', durationMinutes: 30, form: 'video' })).status).toBe(409);

    const fus = (await owner.get(`/api/v1/cases/${caseId}/follow-ups`)).body;
    expect(fus).toEqual([expect.objectContaining({ kind: 'six_months_after_course', courseId: course.id, dueOn: '2027-10-30', answeredAt: null })]);
    const fu = fus[0].id;
    await runTaskRulesOnce(h.ctx);
    expect((await myTasks(owner)).filter((t) => t.caseId === caseId)).toEqual([
      expect.objectContaining({ kind: 'follow_up_6m', dueAt: '2027-10-31T00:00:00.000Z', overdue: false, dueSoon: false }),
    ]);

    res = await owner.post(`/api/v1/follow-ups/${fu}/answer`, { stillAtRisk: false });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('The follow-up is not due until 2027-10-30; answering it before then requires earlyReason.');

    await travelTo('2027-10-30T12:00:00Z');
    await runTaskRulesOnce(h.ctx);
    expect((await myTasks(owner)).find((t) => t.caseId === caseId)).toMatchObject({ overdue: false, dueSoon: true });
    res = await owner.post(`/api/v1/follow-ups/${fu}/answer`, { occupation: 'education' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('stillAtRisk');
    res = await owner.post(`/api/v1/follow-ups/${fu}/answer`, { stillAtRisk: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stillAtRisk: false, occupation: null, answeredBy: owner.user.id, answeredAt: '2027-10-30T12:00:00.000Z' });
    expect((await owner.post(`/api/v1/follow-ups/${fu}/answer`, { stillAtRisk: true })).status).toBe(409);
    await runTaskRulesOnce(h.ctx);
    expect((await myTasks(owner)).filter((t) => t.caseId === caseId)).toEqual([]);
  });

  it('the 12-month follow-up after an offer on 29 February falls due on 28 February and asks about education or employment', async () => {
    await travelTo('2028-02-29T08:00:00Z');
    const { caseId } = await newCase();
    const o = (await owner.post(`/api/v1/cases/${caseId}/offers`, { type: 'employment_education', offeredAt: '2028-02-29T07:00:00Z' })).body;
    await owner.post(`/api/v1/offers/${o.id}/response`, { response: 'accepted', version: 1 });
    const fu = (await owner.get(`/api/v1/cases/${caseId}/follow-ups`)).body;
    expect(fu).toEqual([expect.objectContaining({ kind: 'twelve_months_after_offer', offerId: o.id, dueOn: '2029-02-28' })]);

    await travelTo('2029-03-01T08:00:00Z');
    await runTaskRulesOnce(h.ctx);
    expect((await myTasks(owner)).find((t) => t.caseId === caseId)).toMatchObject({ kind: 'follow_up_12m', overdue: true, dueAt: '2029-03-01T00:00:00.000Z' });
    let res = await owner.post(`/api/v1/follow-ups/${fu[0].id}/answer`, { stillAtRisk: true, occupation: 'employment' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('stillAtRisk');
    res = await owner.post(`/api/v1/follow-ups/${fu[0].id}/answer`, { occupation: 'employment' });
    expect(res.status).toBe(200);
    expect(res.body.occupation).toBe('employment');
  });
});
