import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import { sendNotificationMailOnce } from '../src/server/modules/notifications/index.ts';
import { syncCoverOnce } from '../src/server/modules/handover/index.ts';
import { loadConfig } from '../src/server/platform/config.ts';

/**
 * A working day (issue 12 items 3, 4, 5, 7, 8): numbers, tasks that say whom and appear at once, the inbox and its
 * e-mail through a real local SMTP server, handover, delegation and the workload view.
 */
type Signed = Client & { user: TestUser };
let h: Harness;
let adviser: Signed;
let coordinator: Signed;
let coordinator2: Signed;
let police: Signed;
let partner: Signed;
let mentor: Signed;
let manager: Signed;
let analyst: Signed;

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: 'Mads Prøvesen', birthDate: '2000-04-04' },
  ideologyArea: 'right_wing',
  severity: 'high',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
  minor: 'no',
  ...over,
});
const NUMBER = /^[0-9]{3}-2026-[0-9]{4}$/;

async function tasksOf(c: Client, query = '') {
  const r = await c.get(`/api/v1/tasks/mine${query}`);
  expect(r.status).toBe(200);
  return r.body as { id: string; kind: string; number: string | null; initials: string | null; ageBand: string | null; severity: string | null;
    assignee: { id: string } | null; concernId: string | null; caseId: string | null; overdue: boolean; delegated: boolean }[];
}

/** A concern registered by the coordinator, then shared with the police liaison; answers the concern. */
async function sharedWithPolice(over: Record<string, unknown> = {}) {
  const c = await coordinator.post('/api/v1/concerns', concernBody(over));
  expect(c.status).toBe(201);
  const shared = await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' });
  expect(shared.status).toBe(200);
  return shared.body.concern as { id: string; number: string; version: number; person: { id: string } };
}

/** A case in the support flow, owned by the coordinator (Infohus justified). */
async function justifiedCase(name: string): Promise<{ caseId: string; concernNumber: string }> {
  const k = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: name, birthDate: '2001-01-01' } }));
  const pc = await coordinator.post(`/api/v1/concerns/${k.body.id}/police-check`, { version: k.body.version, outcome: 'clear' });
  const d = await coordinator.post(`/api/v1/concerns/${k.body.id}/infohus`, {
    version: pc.body.version, meetingDate: h.clock.now().toISOString().slice(0, 10), participants: ['Kommunen', 'Politiet'], decision: 'justified',
    reasoning: 'Konkret adfærd; tilbud om mentor.',
  });
  expect(d.status).toBe(200);
  return { caseId: d.body.caseId, concernNumber: k.body.number };
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  coordinator2 = await h.signIn('coordinator', 'a');
  police = await h.signIn('police_liaison', 'b');
  partner = await h.signIn('partner', 'a');
  mentor = await h.signIn('mentor', 'a');
  manager = await h.signIn('manager', 'a');
  analyst = await h.signIn('analyst', 'a');
});
afterAll(async () => h?.close());

describe('case and journal numbers', () => {
  it('gives each new concern and case the next number of its unit and year, unique under concurrent registration, and finds it by its end', async () => {
    const made = await Promise.all([1, 2, 3, 4, 5].map(() => coordinator.post('/api/v1/concerns', concernBody({ severity: 'low' }))));
    const numbers = made.map((r) => { expect(r.status).toBe(201); return r.body.number as string; });
    for (const n of numbers) expect(n).toMatch(NUMBER);
    expect(new Set(numbers).size).toBe(5);
    const code = (await sql<{ municipality_code: string }>('SELECT municipality_code FROM units WHERE id = $1', [h.units.a]))[0]!.municipality_code;
    expect(numbers.every((n) => n.startsWith(`${code}-2026-`))).toBe(true);
    // Gap-free: the sequence numbers are consecutive.
    const seqs = numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));

    const { caseId, concernNumber } = await justifiedCase('Nina Nummer');
    const c = await coordinator.get(`/api/v1/cases/${caseId}`);
    expect(c.body.number).toMatch(NUMBER);
    expect(Number(c.body.number.slice(-4))).toBe(Number(concernNumber.slice(-4)) + 1);
    // D22: the title no longer carries an ISO date.
    expect(c.body.title).toBe('Sag efter Infohus');

    const byEnd = await coordinator.get(`/api/v1/cases/page?number=${c.body.number.slice(-4)}`);
    expect(byEnd.body.items.map((x: { id: string }) => x.id)).toContain(caseId);
    const concernByNumber = await coordinator.get(`/api/v1/concerns/page?number=${numbers[2]}`);
    expect(concernByNumber.body.items.map((x: { number: string }) => x.number)).toEqual([numbers[2]]);
    expect((await coordinator.get('/api/v1/concerns/page?number=abc')).status).toBe(400);
    // A number is never changed.
    await expect(sql(`UPDATE cases SET number = '999-2026-9999' WHERE id = $1`, [caseId])).rejects.toThrow(/never changed/);
  });
});

describe('tasks that say whom, at once', () => {
  it('gives the police liaison a police-check task and an unread notification at the share, naming the number and initials, and closes it with the check', async () => {
    const before = (await police.get('/api/v1/notifications/unread')).body.unread as number;
    const k = await sharedWithPolice();
    const mine = await tasksOf(police);
    const task = mine.find((t) => t.concernId === k.id);
    expect(task).toMatchObject({ kind: 'police_check', number: k.number, initials: 'MP', ageBand: '25_34', severity: 'high', assignee: { id: police.user.id } });
    expect((await police.get('/api/v1/notifications/unread')).body.unread).toBeGreaterThan(before);
    const inbox = await police.get('/api/v1/notifications');
    expect(inbox.body.items.find((n: { kind: string; concernId: string }) => n.kind === 'shared' && n.concernId === k.id)).toMatchObject({ read: false, number: k.number });
    // No name in the card or the inbox.
    expect(JSON.stringify(mine)).not.toContain('Prøvesen');
    expect(JSON.stringify(inbox.body)).not.toContain('Prøvesen');

    const checked = await police.post(`/api/v1/concerns/${k.id}/police-check`, { version: k.version, outcome: 'clear' });
    expect(checked.status).toBe(200);
    expect((await tasksOf(police)).some((t) => t.concernId === k.id)).toBe(false);
    expect((await sql('SELECT done_at FROM tasks WHERE concern_id = $1 AND kind = $2', [k.id, 'police_check']))[0]!.done_at).not.toBeNull();

    // Marking read: one, then all.
    const id = inbox.body.items[0].id as string;
    expect((await police.post(`/api/v1/notifications/${id}/read`, {})).status).toBe(204);
    expect((await coordinator.post(`/api/v1/notifications/${id}/read`, {})).status).toBe(404);
    expect((await police.post('/api/v1/notifications/read-all', {})).status).toBe(204);
    expect((await police.get('/api/v1/notifications/unread')).body.unread).toBe(0);
  });

  it('gives an invited partner an Infohus task, and the mentor of a new course a first-session task that the first session closes', async () => {
    const c = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Pia Partnersen', birthDate: '2010-05-05' }, minor: undefined }));
    const s = await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: partner.user.id, legalBasis: 'serviceloven' });
    expect(s.status).toBe(200);
    expect((await tasksOf(partner)).find((t) => t.concernId === c.body.id)).toMatchObject({ kind: 'infohus_invite', initials: 'PP', ageBand: '15_17' });

    const { caseId } = await justifiedCase('Mikkel Mentorsen');
    const detail = await coordinator.get(`/api/v1/cases/${caseId}`);
    const offer = await coordinator.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: h.clock.now().toISOString() });
    expect(offer.status).toBe(201);
    const accepted = await coordinator.post(`/api/v1/offers/${offer.body.id}/response`, { response: 'accepted', version: offer.body.version });
    expect(accepted.status).toBe(200);
    const today = h.clock.now().toISOString().slice(0, 10);
    const course = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentor.user.id, offerId: offer.body.id, startedOn: today });
    expect(course.status).toBe(201);
    const t = (await tasksOf(mentor)).find((x) => x.caseId === caseId);
    expect(t).toMatchObject({ kind: 'course_start', number: detail.body.number, initials: 'MM' });
    const session = await mentor.post(`/api/v1/courses/${course.body.id}/sessions`, { heldOn: today, durationMinutes: 45, form: 'in_person' });
    expect(session.status).toBe(201);
    expect((await tasksOf(mentor)).some((x) => x.caseId === caseId)).toBe(false);
  });
});

describe('handover, delegation and the manager\'s "I dag"', () => {
  it("hands a case to a colleague, whose list then holds its tasks; a stale version is 409; the new owner's inbox says so", async () => {
    const { caseId } = await justifiedCase('Hans Handover');
    const c = await coordinator.get(`/api/v1/cases/${caseId}`);
    // An overdue reassessment: a start assessment long ago (the tasks follow the case owner).
    await sql(`INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at) VALUES ($1, $2, 'national-v1', 'start', '2025-01-05', $3, $4)`,
      [caseId, h.units.a, coordinator.user.id, h.clock.now()]);
    await runTaskRulesOnce(h.ctx);
    expect((await tasksOf(coordinator)).some((t) => t.caseId === caseId && t.kind === 'reassessment')).toBe(true);

    expect((await adviser.post(`/api/v1/cases/${caseId}/handover`, { version: c.body.version, ownerId: coordinator2.user.id })).status).toBe(404);
    expect((await coordinator.post(`/api/v1/cases/${caseId}/handover`, { version: c.body.version, ownerId: partner.user.id })).status).toBe(400);
    const done = await coordinator.post(`/api/v1/cases/${caseId}/handover`, { version: c.body.version, ownerId: coordinator2.user.id });
    expect(done.status).toBe(200);
    expect(done.body.tasksMoved).toBeGreaterThanOrEqual(1);
    expect((await coordinator.post(`/api/v1/cases/${caseId}/handover`, { version: c.body.version, ownerId: coordinator2.user.id })).status).toBe(409);
    const theirs = await tasksOf(coordinator2);
    expect(theirs.find((t) => t.caseId === caseId && t.kind === 'reassessment')).toMatchObject({ number: c.body.number, assignee: { id: coordinator2.user.id }, overdue: true });
    expect((await tasksOf(coordinator)).some((t) => t.caseId === caseId && t.kind === 'reassessment')).toBe(false);
    const owner = await sql("SELECT user_id FROM case_members WHERE case_id = $1 AND relation = 'owner'", [caseId]);
    expect(owner).toEqual([{ user_id: coordinator2.user.id }]);
    const audit = await sql("SELECT criterion FROM audit_log WHERE record_id = $1 AND action = 'update' AND criterion LIKE 'handover%'", [caseId]);
    expect(audit).toHaveLength(1);

    // The manager's "I dag" holds the unit's overdue tasks, whoever holds them.
    const managerList = await tasksOf(manager);
    expect(managerList.some((t) => t.caseId === caseId && t.overdue)).toBe(true);
    expect(managerList.every((t) => t.overdue)).toBe(true);

    // Delegation: the holder hands it to an adviser; the rules no longer move it back.
    const task = theirs.find((t) => t.caseId === caseId && t.kind === 'reassessment')!;
    expect((await adviser.post(`/api/v1/tasks/${task.id}/delegate`, { userId: adviser.user.id })).status).toBe(404);
    expect((await coordinator2.post(`/api/v1/tasks/${task.id}/delegate`, { userId: police.user.id })).status).toBe(400);
    expect((await coordinator2.post(`/api/v1/tasks/${task.id}/delegate`, { userId: adviser.user.id })).status).toBe(204);
    await runTaskRulesOnce(h.ctx);
    expect((await tasksOf(adviser)).find((t) => t.id === task.id)).toMatchObject({ delegated: true, assignee: { id: adviser.user.id } });
  });

  it('hands a concern to another coordinator, with its triage task', async () => {
    const k = await coordinator.post('/api/v1/concerns', concernBody({ severity: 'medium' }));
    expect((await tasksOf(coordinator)).some((t) => t.concernId === k.body.id && t.kind === 'triage_deadline')).toBe(true);
    const r = await coordinator.post(`/api/v1/concerns/${k.body.id}/handover`, { version: k.body.version, coordinatorId: coordinator2.user.id });
    expect(r.status).toBe(200);
    expect((await tasksOf(coordinator2)).some((t) => t.concernId === k.body.id && t.kind === 'triage_deadline')).toBe(true);
    expect((await coordinator.post(`/api/v1/concerns/${k.body.id}/handover`, { version: k.body.version, coordinatorId: coordinator2.user.id })).status).toBe(409);
  });
});

describe('the workload view', () => {
  it("shows per-person counts that match the database, and the analyst's variant without names and with small counts suppressed", async () => {
    const month = h.clock.now().toISOString().slice(0, 7);
    const r = await manager.get(`/api/v1/workload?month=${month}`);
    expect(r.status).toBe(200);
    const rows = r.body.rows as { userId: string; displayName: string; openCases: number; overdueTriage: number; runningCourses: number; sessionsThisMonth: number }[];
    for (const u of [coordinator, coordinator2, mentor]) {
      const row = rows.find((x) => x.userId === u.user.id)!;
      const [db] = await sql<{ open_cases: number; overdue: number; courses: number; sessions: number }>(
        `SELECT (SELECT count(*)::int FROM cases WHERE owner_id = $1 AND status <> 'closed') AS open_cases,
                (SELECT count(*)::int FROM concerns WHERE coordinator_id = $1 AND triaged_at IS NULL AND status IN ('received', 'police_check', 'infohus') AND triage_deadline_at < $2) AS overdue,
                (SELECT count(*)::int FROM courses WHERE mentor_id = $1 AND status <> 'ended') AS courses,
                (SELECT count(*)::int FROM course_sessions cs JOIN courses c ON c.id = cs.course_id WHERE c.mentor_id = $1 AND to_char(cs.held_on, 'YYYY-MM') = $3) AS sessions`,
        [u.user.id, h.clock.now(), month]);
      expect({ openCases: row.openCases, overdueTriage: row.overdueTriage, runningCourses: row.runningCourses, sessionsThisMonth: row.sessionsThisMonth })
        .toEqual({ openCases: db!.open_cases, overdueTriage: db!.overdue, runningCourses: db!.courses, sessionsThisMonth: db!.sessions });
    }
    expect(rows.find((x) => x.userId === coordinator2.user.id)!.openCases).toBeGreaterThanOrEqual(1);
    expect((await analyst.get('/api/v1/workload')).status).toBe(403);
    expect((await manager.get('/api/v1/workload?month=2026-13')).status).toBe(400);

    const sup = await analyst.get('/api/v1/workload/suppressed');
    expect(sup.status).toBe(200);
    const text = JSON.stringify(sup.body);
    for (const u of [coordinator, coordinator2, mentor]) {
      expect(text).not.toContain(u.user.id);
      expect(text).not.toContain(rows.find((x) => x.userId === u.user.id)!.displayName);
    }
    for (const row of sup.body.rows) for (const v of Object.values(row).slice(1)) expect(v === '<5' || (typeof v === 'number' && v >= 5)).toBe(true);
  });
});

describe('notification e-mail through a real SMTP server', () => {
  it('sends one message per user with e-mail on, saying only that there is a new item, with no personal data', async () => {
    const received: { to: string; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => { data += c.toString('utf8'); });
        stream.on('end', () => { received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data }); callback(); });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    try {
      // Settings: e-mail on requires an address; versioned.
      expect((await police.request('PUT', '/api/v1/notifications/settings', { email: null, emailEnabled: true, version: 0 })).status).toBe(400);
      expect((await police.request('PUT', '/api/v1/notifications/settings', { email: 'ikke-en-adresse', emailEnabled: true, version: 0 })).status).toBe(400);
      const saved = await police.request('PUT', '/api/v1/notifications/settings', { email: 'pia.politi@politi.example', emailEnabled: true, version: 0 });
      expect(saved.status).toBe(200);
      expect((await police.request('PUT', '/api/v1/notifications/settings', { email: 'x@y.example', emailEnabled: false, version: 0 })).status).toBe(409);
      // The coordinator has e-mail off: nothing is sent to them.
      await coordinator.request('PUT', '/api/v1/notifications/settings', { email: 'koordinator@kommune.example', emailEnabled: false, version: 0 });

      const k = await sharedWithPolice({ person: { fullName: 'Ebbe Emailsen', birthDate: '1990-02-02' } });
      const config = loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'VINK <vink@kommune.example>', PUBLIC_ORIGIN: 'https://vink.kommune.example' });
      const sent = await sendNotificationMailOnce({ ...h.ctx, config });
      expect(sent).toBe(1);
      expect(received).toHaveLength(1);
      expect(received[0]!.to).toBe('pia.politi@politi.example');
      const data = received[0]!.data;
      expect(data).toContain('nyt punkt i VINK');
      for (const secret of ['Ebbe', 'Emailsen', k.number, k.id, k.person.id, 'police_check', 'retsplejeloven', 'Lone', 'Valby', 'right_wing']) {
        expect(data.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      // No record number of any shape, and the body is the fixed text.
      expect(data).not.toMatch(/[0-9]{3}-20[0-9]{2}-[0-9]{4}/);
      const body = data.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim();
      expect(body.replace(/\r/g, '')).toBe('Du har et nyt punkt i VINK.\nYou have a new item in VINK.\n\nLog ind for at se det: https://vink.kommune.example');
      // Once sent, not sent again.
      expect(await sendNotificationMailOnce({ ...h.ctx, config })).toBe(0);
      // Without SMTP configured, no e-mail at all.
      expect(await sendNotificationMailOnce(h.ctx)).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('holiday cover', () => {
  it("gives the covering colleague the absent one's reach and tasks for the period, and takes them back when it ends", async () => {
    const away = await h.signIn('adviser', 'a');
    const covering = await h.signIn('adviser', 'a');
    const now = h.clock.now();
    const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Frida Ferie', 'unknown', $2, $2) RETURNING id`, [h.units.a, now]);
    const [c] = await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Sag', $3, $4, $4) RETURNING id`,
      [h.units.a, p!.id, away.user.id, now]);
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [c!.id, away.user.id, h.units.a, now]);
    const [task] = await sql<{ id: string }>(`INSERT INTO tasks (unit_id, kind, rule_key, assignee_id, case_id, due_at, created_at) VALUES ($1, 'reassessment', $2, $3, $4, $5, $5) RETURNING id`,
      [h.units.a, `reassessment:${c!.id}`, away.user.id, c!.id, now]);
    expect((await covering.get(`/api/v1/cases/${c!.id}`)).status).toBe(404);
    expect((await tasksOf(covering)).some((t) => t.id === task!.id)).toBe(false);

    const today = now.toISOString().slice(0, 10);
    const inTwoDays = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await away.post('/api/v1/covers', { absentUserId: away.user.id, coverUserId: covering.user.id, startsOn: today, endsOn: inTwoDays })).status).toBe(403);
    expect((await coordinator.post('/api/v1/covers', { absentUserId: away.user.id, coverUserId: away.user.id, startsOn: today, endsOn: inTwoDays })).status).toBe(400);
    expect((await coordinator.post('/api/v1/covers', { absentUserId: away.user.id, coverUserId: covering.user.id, startsOn: inTwoDays, endsOn: today })).status).toBe(400);
    expect((await coordinator.post('/api/v1/covers', { absentUserId: away.user.id, coverUserId: police.user.id, startsOn: today, endsOn: inTwoDays })).status).toBe(400);
    const made = await coordinator.post('/api/v1/covers', { absentUserId: away.user.id, coverUserId: covering.user.id, startsOn: today, endsOn: inTwoDays });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ casesCovered: 1, absent: { id: away.user.id }, cover: { id: covering.user.id } });
    expect((await coordinator.get('/api/v1/covers')).body.map((x: { id: string }) => x.id)).toContain(made.body.id);
    expect((await sql("SELECT count(*)::int AS n FROM audit_log WHERE record_type = 'cover_period' AND action = 'create'"))[0]!.n).toBeGreaterThanOrEqual(1);

    // During the period: the case reads, and the absent colleague's task is on the covering one's list.
    expect((await covering.get(`/api/v1/cases/${c!.id}`)).status).toBe(200);
    expect((await tasksOf(covering)).some((t) => t.id === task!.id)).toBe(true);
    // Still running on the last day.
    h.clock.set(new Date(now.getTime() + 2 * 86_400_000));
    await syncCoverOnce(h.ctx);
    const again = await h.signInAs(covering.user);
    Object.assign(covering, { cookie: again.cookie, csrfToken: again.csrfToken });
    expect((await covering.get(`/api/v1/cases/${c!.id}`)).status).toBe(200);

    // The day after the period: the next tick takes the reach back, and the task leaves the list.
    h.clock.set(new Date(now.getTime() + 3 * 86_400_000));
    expect(await syncCoverOnce(h.ctx)).toEqual({ added: 0, removed: 1 });
    const fresh = await h.signInAs(covering.user);
    Object.assign(covering, { cookie: fresh.cookie, csrfToken: fresh.csrfToken });
    expect((await covering.get(`/api/v1/cases/${c!.id}`)).status).toBe(404);
    expect((await tasksOf(covering)).some((t) => t.id === task!.id)).toBe(false);
    // The absent colleague's own membership is untouched.
    expect(await sql('SELECT user_id, relation FROM case_members WHERE case_id = $1', [c!.id])).toEqual([{ user_id: away.user.id, relation: 'owner' }]);
    h.clock.set(now);
  });
});
