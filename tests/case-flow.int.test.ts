import { closeWithApproval } from './helpers/closure.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import type { Role } from '../src/shared/roles.ts';

/**
 * The whole flow of one concern (docs/domain.md, "The flow of a concern"), from an anonymous call to the 12-month
 * follow-up, each step done by the role that does it in real life. At every step the other roles are tried too:
 * each sees only what its work needs (404 for the rest), and every look-up leaves exactly one audit row.
 */
type Actor = Client & { user: TestUser };
let h: Harness;
const a = {} as Record<'adviser' | 'coordinator' | 'police' | 'partner' | 'mentor' | 'otherMentor' | 'manager' | 'analyst' | 'dpo' | 'admin' | 'outsider', Actor>;

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

/** Signs everybody in again after the clock jumped months ahead (sessions rightly expired). */
async function travelTo(at: string): Promise<void> {
  h.clock.set(at);
  for (const c of Object.values(a)) {
    const fresh = await h.signInAs(c.user);
    c.cookie = fresh.cookie;
    c.csrfToken = fresh.csrfToken;
  }
  h.clock.set(at);
}

/** Asserts who may GET a URL: the named actors get 200, everyone else 404 (or 403 for a role with no reach at all). */
async function onlyThese(url: string, allowed: (keyof typeof a)[]): Promise<void> {
  const outcome: Record<string, number> = {};
  for (const [name, c] of Object.entries(a)) {
    const before = await h.auditCount();
    // A reason never widens reach (break the glass, docs/security.md); this walk is about reach.
    const res = await c.request('GET', url, undefined, { 'x-vink-reason': encodeURIComponent('Gennemgang af flowet') });
    outcome[name] = res.status;
    // One audit row per attempt on personal data, granted or refused.
    expect(await h.auditCount() - before, `${name} GET ${url}`).toBe(1);
  }
  for (const [name, status] of Object.entries(outcome)) {
    if (allowed.includes(name as keyof typeof a)) expect(status, `${name} GET ${url}`).toBe(200);
    else expect([403, 404], `${name} GET ${url}`).toContain(status);
  }
}

beforeAll(async () => {
  // The story moves the clock by hours within a day; the session limits themselves are tested in auth.int.test.ts.
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  const roles: [keyof typeof a, Role, 'a' | 'b'][] = [
    ['adviser', 'adviser', 'a'], ['coordinator', 'coordinator', 'a'], ['police', 'police_liaison', 'a'], ['partner', 'partner', 'a'],
    ['mentor', 'mentor', 'a'], ['otherMentor', 'mentor', 'a'], ['manager', 'manager', 'a'], ['analyst', 'analyst', 'a'],
    ['dpo', 'dpo', 'a'], ['admin', 'admin', 'a'], ['outsider', 'coordinator', 'b'],
  ];
  for (const [name, role, unit] of roles) a[name] = await h.signIn(role, unit);
});
afterAll(async () => h?.close());

describe('one concern, from an anonymous call to the 12-month follow-up', () => {
  it('walks every step with the role that does it; at seven steps only the named actors can read the new record, every attempt audited', async () => {
    await travelTo('2026-03-02T08:00:00Z');

    // 1. The adviser answers the advisory line: an anonymous parent. The call holds no person.
    const call = await a.adviser.post('/api/v1/calls', {
      receivedAt: '2026-03-02T07:55:00Z', channel: 'vink_line', callerType: 'anonymous', topic: 'Bekymret for en ung i opgangen',
      ideologyArea: 'right_wing', outcome: 'advice_only', durationMinutes: 15,
    });
    expect(call.status).toBe(201);
    await onlyThese(`/api/v1/calls/${call.body.id}`, ['adviser', 'coordinator', 'manager']);

    // 2. It must go on: forwarded as a concern with concrete observed behaviour (never faith or opinion alone).
    const noBehaviour = await a.adviser.post(`/api/v1/calls/${call.body.id}/forward`, {
      reporter: { anonymous: true }, person: { fullName: 'Emil Fiktivsen', birthDate: '2007-05-01' }, ideologyArea: 'right_wing', severity: 'high',
      behaviourIndicators: [], behaviourDescription: 'Har politiske holdninger.',
    });
    expect(noBehaviour.status).toBe(400);
    const fwd = await a.adviser.post(`/api/v1/calls/${call.body.id}/forward`, {
      reporter: { anonymous: true }, person: { fullName: 'Emil Fiktivsen', birthDate: '2007-05-01' }, ideologyArea: 'right_wing', severity: 'high',
      behaviourIndicators: ['threats', 'weapons_interest'], behaviourDescription: 'Truer naboer og viser våben frem på sociale medier.',
    });
    expect(fwd.status).toBe(201);
    const concern = fwd.body;
    const personId = concern.person.id as string;
    // 3. The triage clock: high severity, 24 hours from receipt.
    expect(concern.deadlineAt).toBe('2026-03-03T07:55:00.000Z');
    await onlyThese(`/api/v1/concerns/${concern.id}`, ['adviser', 'coordinator', 'manager']);

    // The coordinator's task list shows the running clock.
    await runTaskRulesOnce(h.ctx);
    const tasks = await a.coordinator.get('/api/v1/tasks/mine');
    expect(tasks.body).toContainEqual(expect.objectContaining({ kind: 'triage_deadline', concernId: concern.id, overdue: false }));

    // 4. Police check: the coordinator shares it with the police liaison under retsplejeloven § 115.
    h.clock.advanceMinutes(60);
    const shared = await a.coordinator.post(`/api/v1/concerns/${concern.id}/share`, { version: concern.version, userId: a.police.user.id, legalBasis: 'retsplejeloven_115' });
    expect(shared.status).toBe(200);
    await onlyThese(`/api/v1/concerns/${concern.id}`, ['adviser', 'coordinator', 'manager', 'police']);
    const checked = await a.police.post(`/api/v1/concerns/${concern.id}/police-check`, { version: shared.body.concern.version, outcome: 'clear' });
    expect(checked.status).toBe(200);

    // The Infohus judges it justified, within the 24 hours: a case opens, owned by the coordinator.
    h.clock.advanceMinutes(120);
    const decided = await a.coordinator.post(`/api/v1/concerns/${concern.id}/infohus`, {
      version: checked.body.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'justified',
      reasoning: 'Konkrete trusler og våben; tilbud om mentor.', disclosures: [],
    });
    expect(decided.status).toBe(200);
    expect(decided.body.concern).toMatchObject({ status: 'justified', handledInTime: true });
    const caseId = decided.body.caseId as string;
    // 5. The case: the unit's coordinator and manager see it; the police liaison is not a member of the case.
    await onlyThese(`/api/v1/cases/${caseId}`, ['coordinator', 'manager']);

    // 6. The start assessment on the nine dimensions of the national tool.
    const instrument = (await a.coordinator.get('/api/v1/assessment-instruments/national-v1')).body;
    const dims = instrument.dimensions.map((d: { code: string }) => d.code) as string[];
    expect(dims).toHaveLength(9);
    const start = await a.coordinator.post(`/api/v1/cases/${caseId}/assessments`, {
      kind: 'start', assessedOn: '2026-03-02', instrumentId: 'national-v1',
      ratings: dims.map((d, i) => ({ dimension: d, risk: i < 3 ? 3 : 2, resources: i === 8 ? null : 1 })),
    });
    expect(start.status, JSON.stringify(start.body)).toBe(201);

    // 7. Offer of a mentor course: declined first, re-offered within 3 months, then accepted.
    const offer = await a.coordinator.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-03-02T11:00:00Z' });
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);
    expect((await a.coordinator.post(`/api/v1/offers/${offer.body.id}/response`, { response: 'declined', version: 1 })).status).toBe(200);
    await runTaskRulesOnce(h.ctx);
    expect((await a.coordinator.get('/api/v1/tasks/mine')).body).toContainEqual(expect.objectContaining({ kind: 'reoffer_3m', caseId }));
    await onlyThese(`/api/v1/cases/${caseId}/offers`, ['coordinator', 'manager']);

    await travelTo('2026-05-04T09:00:00Z');
    const reoffer = await a.coordinator.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: '2026-05-04T09:00:00Z', reofferOf: offer.body.id });
    expect(reoffer.status, JSON.stringify(reoffer.body)).toBe(201);
    expect((await a.coordinator.post(`/api/v1/offers/${reoffer.body.id}/response`, { response: 'accepted', version: 1 })).status).toBe(200);

    // 8. The course: a mentor is assigned, and the case moves to 'course' by the work itself.
    const course = await a.coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: a.mentor.user.id, offerId: reoffer.body.id, startedOn: '2026-05-04' });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    expect((await a.coordinator.get(`/api/v1/cases/${caseId}`)).body.status).toBe('course');
    // The mentor sees their own course, with the minimum: not the case, not the person, not another mentor's course.
    await onlyThese(`/api/v1/courses/${course.body.id}`, ['mentor', 'coordinator', 'manager']);
    const mine = await a.mentor.get('/api/v1/courses/mine');
    expect(mine.body).toEqual([expect.objectContaining({ id: course.body.id, firstName: 'Emil' })]);
    expect(JSON.stringify(mine.body)).not.toContain('Fiktivsen');
    expect((await a.mentor.get(`/api/v1/cases/${caseId}`)).status).toBe(404);
    expect((await a.mentor.get(`/api/v1/persons/${personId}`)).status).toBe(404);
    expect((await a.otherMentor.get('/api/v1/courses/mine')).body).toEqual([]);

    // The mentor logs sessions as the weeks go by.
    await travelTo('2026-06-09T09:00:00Z');
    for (const day of ['2026-05-11', '2026-05-25', '2026-06-08']) {
      expect((await a.mentor.post(`/api/v1/courses/${course.body.id}/sessions`, { heldOn: day, durationMinutes: 60, form: 'in_person', note: 'Samtale om fremtid.' })).status).toBe(201);
    }
    expect((await a.otherMentor.post(`/api/v1/courses/${course.body.id}/sessions`, { heldOn: '2026-06-08', durationMinutes: 60, form: 'phone' })).status).toBe(404);

    // Six months after the start assessment: reassessment, due as a task; the mentor records it; progression shows.
    await travelTo('2026-09-02T09:00:00Z');
    await runTaskRulesOnce(h.ctx);
    expect((await a.coordinator.get('/api/v1/tasks/mine')).body).toContainEqual(expect.objectContaining({ kind: 'reassessment', caseId }));
    const six = await a.mentor.post(`/api/v1/cases/${caseId}/assessments`, {
      kind: 'six_months', assessedOn: '2026-09-02', instrumentId: 'national-v1',
      ratings: dims.map((d) => ({ dimension: d, risk: 1, resources: 2 })),
    });
    expect(six.status, JSON.stringify(six.body)).toBe(201);
    const progression = await a.coordinator.get(`/api/v1/cases/${caseId}/assessments/progression`);
    expect(progression.status).toBe(200);
    expect(JSON.stringify(progression.body)).toContain('improved');

    // The course ends: the case moves to follow-up, and the 6-month follow-up is recorded.
    const ended = await a.coordinator.post(`/api/v1/courses/${course.body.id}/end`, { endedOn: '2026-09-02', endReason: 'completed', version: course.body.version });
    expect(ended.status).toBe(200);
    expect((await a.coordinator.get(`/api/v1/cases/${caseId}`)).body.status).toBe('follow_up');

    // 9. Follow-ups: 6 months after the course (still at risk?) and 12 months after the offer (education/employment?).
    await travelTo('2027-03-03T09:00:00Z');
    await runTaskRulesOnce(h.ctx);
    const fus = (await a.coordinator.get(`/api/v1/cases/${caseId}/follow-ups`)).body as { id: string; kind: string; dueOn: string; answeredAt: string | null }[];
    const sixMonths = fus.find((f) => f.kind === 'six_months_after_course')!;
    const twelveMonths = fus.find((f) => f.kind === 'twelve_months_after_offer')!;
    expect(sixMonths.dueOn).toBe('2027-03-02');
    expect(twelveMonths.dueOn).toBe('2027-03-02');
    expect((await a.coordinator.get('/api/v1/tasks/mine')).body).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'follow_up_6m', caseId, overdue: true }),
      expect.objectContaining({ kind: 'follow_up_12m', caseId, overdue: true }),
    ]));
    expect((await a.coordinator.post(`/api/v1/follow-ups/${sixMonths.id}/answer`, { stillAtRisk: false })).status).toBe(200);
    expect((await a.coordinator.post(`/api/v1/follow-ups/${twelveMonths.id}/answer`, { occupation: 'education' })).status).toBe(200);
    await onlyThese(`/api/v1/cases/${caseId}/follow-ups`, ['coordinator', 'manager']);
    await runTaskRulesOnce(h.ctx);
    expect(((await a.coordinator.get('/api/v1/tasks/mine')).body as { caseId: string | null }[]).filter((t) => t.caseId === caseId)).toEqual([]);

    // 10. Closure with a reason, approved by the manager.
    await closeWithApproval(a.coordinator, a.manager, caseId, 'Forløb gennemført; ikke længere i risiko.');
    expect((await a.coordinator.get(`/api/v1/cases/${caseId}`)).body.status).toBe('closed');

    // Throughout, the other unit's coordinator saw nothing, and the DPO can tell the person who looked them up and why.
    expect((await a.outsider.get(`/api/v1/cases/${caseId}`)).status).toBe(404);
    const log = await a.dpo.get(`/api/v1/audit?personId=${personId}&limit=500`);
    expect(log.status).toBe(200);
    const actors = new Set((log.body as { actorId: string }[]).map((r) => r.actorId));
    for (const who of ['adviser', 'coordinator', 'police', 'mentor', 'outsider'] as const) expect(actors.has(a[who].user.id), `${who} in the log`).toBe(true);
    expect((log.body as { purpose: string | null }[]).every((r) => r.purpose)).toBe(true);
    // The audit chain is intact after the whole story.
    expect((await a.dpo.get('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    const rows = await sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1', [personId]);
    expect(rows[0]!.n).toBeGreaterThan(30);
  });
});
