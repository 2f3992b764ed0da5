import { closeWithApproval } from './helpers/closure.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ensureUnitInTrx, insertUserInTrx } from '../src/server/modules/users/index.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import type { Role } from '../src/shared/roles.ts';

/**
 * What the case page and the colleague pickers read: the staff directory, a case's detail (createdAt), history and
 * courses, the concerns about the case's person, and the triage task that exists as soon as a concern does.
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let coordinator: Signed;
let adviser: Signed;
let manager: Signed;
let mentor: Signed;
let partner: Signed;
let police: Signed;
let coordinatorB: Signed;

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const lastSeq = async () => Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
const auditSince = (seq: number) => sql<{ action: string; outcome: string; record_type: string; record_id: string | null; person_id: string | null; actor_id: string; criterion: string | null }>(
  'SELECT action, outcome, record_type, record_id, person_id, actor_id, criterion FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);

const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: true },
  person: { fullName: 'Mikkel Gabsen', birthDate: '2001-02-03' },
  ideologyArea: 'left_wing',
  severity: 'high',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Opfordrer til vold mod navngivne personer i et lukket forum.',
  minor: 'no',
  ...over,
});

/** A user in a unit outside the harness's two: unit C shares unit A's police district (11). */
let unitC: string;
async function userIn(unitId: string, role: Role, displayName: string, organisation: string | null = null): Promise<string> {
  return systemTransaction(h.ctx.db, async (tx) => {
    const id = await insertUserInTrx(tx, { username: `directory.${role.replace('_', '')}.${Math.random().toString(36).slice(2, 8)}`, displayName, role, unitId,
      password: 'correct-horse-battery-staple' }, h.clock.now());
    if (organisation) await tx.query('UPDATE users SET organisation = $2 WHERE id = $1', [id, organisation]);
    return id;
  });
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  coordinator = await h.signIn('coordinator', 'a');
  adviser = await h.signIn('adviser', 'a');
  manager = await h.signIn('manager', 'a');
  // Unit reach without membership: break the glass (docs/security.md); tests/access-requests.int.test.ts covers the reason.
  coordinator.reason = 'Tovholder for enheden';
  manager.reason = 'Ledelsestilsyn';
  mentor = await h.signIn('mentor', 'a');
  partner = await h.signIn('partner', 'a');
  police = await h.signIn('police_liaison', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
  unitC = await systemTransaction(h.ctx.db, (tx) => ensureUnitInTrx(tx, { name: 'Testkommune C', municipalityCode: '147', policeDistrictId: 11 }));
});
afterAll(async () => h?.close());

describe('GET /directory', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {
      policeC: await userIn(unitC, 'police_liaison', 'Pia Politisen', 'Københavns Politi'),
      partnerC: await userIn(unitC, 'partner', 'Kaj Kriminalforsorg', 'Kriminalforsorgen'),
      adviserC: await userIn(unitC, 'adviser', 'Anna Andenkommune'),
      policeB: await userIn(h.units.b, 'police_liaison', 'Peter Østjylland', 'Østjyllands Politi'),
      mentorA: await userIn(h.units.a, 'mentor', 'Mette 100%_Mentor'),
      leaverA: await userIn(h.units.a, 'adviser', 'Lars Leaver'),
    };
    await sql('UPDATE users SET disabled_at = $2 WHERE id = $1', [ids.leaverA, h.clock.now()]);
  });

  it("lists the active staff of the actor's unit and the police and partners of its police district, nothing else, unaudited", async () => {
    const before = await h.auditCount();
    const res = await coordinator.get('/api/v1/directory');
    expect(res.status).toBe(200);
    expect(await h.auditCount()).toBe(before);
    const listed = new Set((res.body as { id: string }[]).map((u) => u.id));
    for (const own of [coordinator, adviser, manager, mentor, partner, police]) expect(listed.has(own.user.id)).toBe(true);
    expect(listed.has(ids.policeC!)).toBe(true);
    expect(listed.has(ids.partnerC!)).toBe(true);
    expect(listed.has(ids.mentorA!)).toBe(true);
    // Another municipality's own staff, police of another district, another unit's coordinator and leavers are not.
    expect(listed.has(ids.adviserC!)).toBe(false);
    expect(listed.has(ids.policeB!)).toBe(false);
    expect(listed.has(coordinatorB.user.id)).toBe(false);
    expect(listed.has(ids.leaverA!)).toBe(false);
    const pia = (res.body as Record<string, unknown>[]).find((u) => u.id === ids.policeC);
    expect(pia).toEqual({ id: ids.policeC, displayName: 'Pia Politisen', role: 'police_liaison', organisation: 'Københavns Politi', unitName: 'Testkommune C' });
  });

  it('filters by role and by the start of a word of the name or organisation; wildcards are literal', async () => {
    const police = await coordinator.get('/api/v1/directory?role=police_liaison');
    expect(police.status).toBe(200);
    expect(new Set((police.body as { role: string }[]).map((u) => u.role))).toEqual(new Set(['police_liaison']));
    expect((await coordinator.get('/api/v1/directory?q=politi')).body.map((u: { id: string }) => u.id)).toEqual([ids.policeC]);
    expect((await coordinator.get('/api/v1/directory?q=KRIMINAL')).body.map((u: { id: string }) => u.id)).toEqual([ids.partnerC]);
    expect((await coordinator.get('/api/v1/directory?q=olitisen')).body).toEqual([]);
    expect((await coordinator.get('/api/v1/directory?q=100%25_')).body.map((u: { id: string }) => u.id)).toEqual([ids.mentorA]);
    expect((await coordinator.get('/api/v1/directory?q=1_0')).body).toEqual([]);
    expect((await coordinator.get('/api/v1/directory?role=pilot')).status).toBe(400);
  });

  it("unit B's coordinator sees unit B and its district, not unit A", async () => {
    const listed = new Set(((await coordinatorB.get('/api/v1/directory')).body as { id: string }[]).map((u) => u.id));
    expect(listed.has(ids.policeB!)).toBe(true);
    expect(listed.has(coordinatorB.user.id)).toBe(true);
    expect(listed.has(coordinator.user.id)).toBe(false);
    expect(listed.has(ids.policeC!)).toBe(false);
  });

  it('a role without directory.read gets 403, audited as a denied search', async () => {
    const seq = await lastSeq();
    expect((await mentor.get('/api/v1/directory')).status).toBe(403);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'search', outcome: 'denied', record_type: 'user', actor_id: mentor.user.id })]);
  });
});

describe('a case page: detail, history, courses, concerns', () => {
  let caseId: string;
  let personId: string;
  let concernIds: string[];

  beforeAll(async () => {
    const k = await adviser.post('/api/v1/concerns', concernBody());
    expect(k.status).toBe(201);
    personId = k.body.person.id;
    const k2 = await coordinator.post('/api/v1/concerns', concernBody({ person: undefined, personId, severity: 'low' }));
    expect(k2.status).toBe(201);
    concernIds = [k.body.id, k2.body.id];
    const c = await coordinator.post('/api/v1/cases', { personId, title: 'Sag om forum', ownerId: adviser.user.id });
    expect(c.status).toBe(201);
    caseId = c.body.id;
  });

  it('GET /cases/:id carries createdAt', async () => {
    const res = await coordinator.get(`/api/v1/cases/${caseId}`);
    expect(res.status).toBe(200);
    expect(res.body.createdAt).toBe(h.clock.now().toISOString());
  });

  it('GET /cases/:id/history: opened when and by whom, then each status change with reason and who; one audit row', async () => {
    h.clock.advanceMinutes(5);
    let v = (await coordinator.get(`/api/v1/cases/${caseId}`)).body.version;
    const offer = await coordinator.post(`/api/v1/cases/${caseId}/transition`, { to: 'offer', version: v });
    expect(offer.status).toBe(200);
    h.clock.advanceMinutes(5);
    await closeWithApproval(coordinator, manager, caseId, 'Flyttet til udlandet.');
    const closed = await coordinator.get(`/api/v1/cases/${caseId}`);
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.createdAt).toBeTypeOf('string');
    h.clock.advanceMinutes(5);
    v = closed.body.version;
    expect((await adviser.post(`/api/v1/cases/${caseId}/reopen`, { version: v, note: 'Flyttet tilbage, ny bekymring.' })).status).toBe(200);

    const seq = await lastSeq();
    const res = await adviser.get(`/api/v1/cases/${caseId}/history`);
    expect(res.status).toBe(200);
    const detail = (await coordinator.get(`/api/v1/cases/${caseId}`)).body;
    expect(res.body).toEqual({
      caseId,
      createdAt: detail.createdAt,
      createdBy: { id: coordinator.user.id, displayName: expect.any(String) },
      changes: [
        { from: 'open', to: 'offer', reason: null, changedAt: expect.any(String), changedBy: { id: coordinator.user.id, displayName: expect.any(String) } },
        { from: 'offer', to: 'closed', reason: 'Flyttet til udlandet.', changedAt: expect.any(String), changedBy: expect.objectContaining({ id: manager.user.id }) },
        { from: 'closed', to: 'open', reason: 'Flyttet tilbage, ny bekymring.', changedAt: expect.any(String), changedBy: expect.objectContaining({ id: adviser.user.id }) },
      ],
    });
    const times = (res.body.changes as { changedAt: string }[]).map((c) => c.changedAt);
    expect([...times].sort()).toEqual(times);
    const rows = await auditSince(seq);
    expect(rows[0]).toEqual(expect.objectContaining({ action: 'read', outcome: 'ok', record_type: 'case', record_id: caseId, person_id: personId, criterion: 'history' }));
  });

  it('partners on the case see the history without the reasons; outsiders get an audited 404', async () => {
    const add = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' });
    expect(add.status).toBe(201);
    const res = await partner.get(`/api/v1/cases/${caseId}/history`);
    expect(res.status).toBe(200);
    expect(res.body.changes.map((c: { reason: string | null }) => c.reason)).toEqual([null, null, null]);
    const seq = await lastSeq();
    expect((await coordinatorB.get(`/api/v1/cases/${caseId}/history`)).status).toBe(404);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ outcome: 'denied', actor_id: coordinatorB.user.id, person_id: personId })]);
  });

  it('GET /cases/:id/courses: kind, mentor by name, status, sessions count and last session date', async () => {
    const mentorName = (await sql<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [mentor.user.id]))[0]!.display_name;
    expect((await coordinator.get(`/api/v1/cases/${caseId}/courses`)).body).toEqual([]);
    const started = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentor.user.id, startedOn: '2026-02-02' });
    expect(started.status).toBe(201);
    for (const heldOn of ['2026-02-10', '2026-02-24']) {
      expect((await mentor.post(`/api/v1/courses/${started.body.id}/sessions`, { heldOn, durationMinutes: 60, form: 'in_person' })).status).toBe(201);
    }
    const seq = await lastSeq();
    const res = await manager.get(`/api/v1/cases/${caseId}/courses`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{
      id: started.body.id, caseId, offerId: null, kind: 'mentor', mentorId: mentor.user.id, mentorName, status: 'active', startedOn: '2026-02-02',
      endedOn: null, endReason: null, version: 1, sessionsCount: 2, lastSessionOn: '2026-02-24', coachedPerson: null,
    }]);
    expect(await auditSince(seq)).toEqual([
      expect.objectContaining({ action: 'read', outcome: 'ok', record_type: 'course', record_id: caseId, person_id: personId, actor_id: manager.user.id }),
    ]);
  });

  it("the case's mentor does not get the case's course list (404, audited): mentors see their own courses only", async () => {
    const seq = await lastSeq();
    expect((await mentor.get(`/api/v1/cases/${caseId}/courses`)).status).toBe(404);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ outcome: 'denied', record_type: 'course', actor_id: mentor.user.id, person_id: personId })]);
  });

  it('GET /concerns?personId= and ?caseId= list the concerns about the person, within concern.read reach, audited naming the person', async () => {
    // A concern about someone else must not show.
    const other = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Helt Anden' } }));
    expect(other.status).toBe(201);
    for (const query of [`personId=${personId}`, `caseId=${caseId}`]) {
      const seq = await lastSeq();
      const res = await coordinator.get(`/api/v1/concerns?${query}`);
      expect(res.status).toBe(200);
      expect((res.body as { id: string }[]).map((k) => k.id).sort()).toEqual([...concernIds].sort());
      expect(await auditSince(seq)).toEqual([expect.objectContaining({
        action: 'search', outcome: 'ok', record_type: 'concern', person_id: personId, criterion: query.replace('Id=', '='),
      })]);
    }
    // The adviser reaches only the concern they registered; unit B's coordinator none.
    expect((await adviser.get(`/api/v1/concerns?personId=${personId}`)).body.map((k: { id: string }) => k.id)).toEqual([concernIds[0]]);
    expect((await coordinatorB.get(`/api/v1/concerns?caseId=${caseId}`)).body).toEqual([]);
    expect((await coordinator.get(`/api/v1/concerns?personId=${personId}&status=unfounded`)).body).toEqual([]);
    expect((await coordinator.get('/api/v1/concerns?caseId=not-a-uuid')).status).toBe(400);
    const seq = await lastSeq();
    expect((await mentor.get(`/api/v1/concerns?personId=${personId}`)).status).toBe(403);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ outcome: 'denied', person_id: personId, actor_id: mentor.user.id })]);
  });
});

describe('the triage task of a new concern', () => {
  const tasksOf = async (c: Client) => (await c.get('/api/v1/tasks/mine')).body as { kind: string; concernId: string | null; unassigned: boolean; dueAt: string }[];

  it("is on the unit queue at once when an adviser registers the concern, due at the triage deadline; the scheduler's run adds nothing", async () => {
    const k = await adviser.post('/api/v1/concerns', concernBody({ person: { fullName: 'Ny Kø' }, severity: 'medium' }));
    expect(k.status).toBe(201);
    const task = (await tasksOf(coordinator)).find((t) => t.concernId === k.body.id);
    expect(task).toMatchObject({ kind: 'triage_deadline', unassigned: true, dueAt: k.body.deadlineAt });
    const rows = await sql('SELECT rule_key, unit_id FROM tasks WHERE concern_id = $1', [k.body.id]);
    expect(rows).toEqual([{ rule_key: `triage:${k.body.id}`, unit_id: h.units.a }]);
    await runTaskRulesOnce(h.ctx);
    expect(await sql('SELECT 1 FROM tasks WHERE concern_id = $1', [k.body.id])).toHaveLength(1);
  });

  it("is the coordinator's own task when a coordinator registers it, and a forwarded call gets one too", async () => {
    const k = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Egen Opgave' } }));
    expect((await tasksOf(coordinator)).find((t) => t.concernId === k.body.id)).toMatchObject({ kind: 'triage_deadline', unassigned: false });
    const call = await adviser.post('/api/v1/calls', {
      channel: 'vink_line', callerType: 'parent', topic: 'Søn i radikalt miljø', ideologyArea: 'right_wing', outcome: 'advice_only',
    });
    expect(call.status).toBe(201);
    const fwd = await adviser.post(`/api/v1/calls/${call.body.id}/forward`, {
      reporter: { anonymous: true }, person: { fullName: 'Videre Sendt' }, ideologyArea: 'right_wing', severity: 'acute',
      behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Har købt våben og nævner et mål.', minor: 'no',
    });
    expect(fwd.status).toBe(201);
    expect((await tasksOf(coordinator)).find((t) => t.concernId === fwd.body.id)).toMatchObject({ kind: 'triage_deadline', unassigned: true });
  });

  it('a refused registration leaves no task behind (same transaction)', async () => {
    const before = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM tasks'))[0]!.n;
    const bad = await adviser.post('/api/v1/concerns', concernBody({ person: { fullName: 'Uden Kode' }, behaviourIndicators: ['no_such_code'] }));
    expect(bad.status).toBe(400);
    expect((await sql<{ n: number }>('SELECT count(*)::int AS n FROM tasks'))[0]!.n).toBe(before);
  });
});
