import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE } from '../src/server/modules/prevention/routes.ts';

/**
 * Prevention work over HTTP: activities, anonymous surveys (staff and public side) and the citizen forum.
 * The harness clock starts at 2026-03-02 08:00 UTC (Monday 2 March 2026 in Denmark).
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
let adviser: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
let coordinatorB: Client & { user: TestUser };

const activity = (over: Record<string, unknown> = {}) => ({
  heldOn: '2026-02-20', kind: 'theme_day', title: 'Temadag om ekstremisme', targetGroup: 'professionals', preventionLevel: 'green',
  audienceSector: 'school', participants: 85, organisations: 6, ...over,
});

const START = '2026-03-02T08:00:00Z';
/**
 * Runs fn with the clock at time, then puts it back: the public side is anonymous, but staff sessions would expire if
 * the clock stayed days ahead.
 */
async function at<T>(time: string, fn: () => Promise<T>): Promise<T> {
  h.clock.set(time);
  try {
    return await fn();
  } finally {
    h.clock.set(START);
  }
}

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  adviser = await h.signIn('adviser', 'a');
  analyst = await h.signIn('analyst', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
});
afterAll(async () => h?.close());

describe('activities', () => {
  it('an adviser records a theme day; creating and updating write one audit row each, reading writes none', async () => {
    let before = await h.auditCount();
    const created = await adviser.post('/api/v1/activities', activity({ notes: 'Oplæg for lærere i indskolingen' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'theme_day', participants: 85, organisations: 6, unitId: h.units.a, version: 1, trackId: null });
    expect(await h.auditCount()).toBe(before + 1);
    const [row] = await sql<{ action: string; record_type: string; record_id: string; person_id: string | null }>(
      'SELECT action, record_type, record_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    expect(row).toEqual({ action: 'create', record_type: 'activity', record_id: created.body.id, person_id: null });

    before = await h.auditCount();
    expect((await coordinator.get(`/api/v1/activities/${created.body.id}`)).status).toBe(200);
    expect((await analyst.get('/api/v1/activities')).status).toBe(200);
    expect(await h.auditCount()).toBe(before);

    const patched = await coordinator.patch(`/api/v1/activities/${created.body.id}`, { version: 1, participants: 90, notes: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ participants: 90, notes: null, version: 2, title: 'Temadag om ekstremisme' });
    expect(await h.auditCount()).toBe(before + 1);
  });

  it('a stale version answers 409 with the current version and changes nothing', async () => {
    const a = (await coordinator.post('/api/v1/activities', activity())).body;
    expect((await coordinator.patch(`/api/v1/activities/${a.id}`, { version: 1, title: 'Første' })).status).toBe(200);
    const stale = await adviser.patch(`/api/v1/activities/${a.id}`, { version: 1, title: 'Anden' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    expect((await coordinator.get(`/api/v1/activities/${a.id}`)).body.title).toBe('Første');
  });

  it('refuses an activity dated in the future, naming heldOn', async () => {
    const res = await coordinator.post('/api/v1/activities', activity({ heldOn: '2026-03-03' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'heldOn' })]);
    expect((await coordinator.post('/api/v1/activities', activity({ heldOn: '2026-03-02' }))).status).toBe(201);
  });

  it("accepts a plan track of the unit's own plans only", async () => {
    const [ownTrack, otherTrack] = await Promise.all(['a', 'b'].map(async (u) => {
      const unit = h.units[u as 'a' | 'b'];
      const [plan] = await sql<{ id: string }>(
        `INSERT INTO action_plans (unit_id, name, first_year, last_year, created_at) VALUES ($1, 'Handleplan', 2026, 2027, now()) RETURNING id`, [unit],
      );
      const [track] = await sql<{ id: string }>(`INSERT INTO plan_tracks (plan_id, unit_id, position, name) VALUES ($1, $2, 1, 'Spor 1') RETURNING id`, [plan!.id, unit]);
      return track!.id;
    }));
    const ok = await coordinator.post('/api/v1/activities', activity({ trackId: ownTrack }));
    expect(ok.status).toBe(201);
    expect(ok.body.trackId).toBe(ownTrack);
    const bad = await coordinator.post('/api/v1/activities', activity({ trackId: otherTrack }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('trackId');
    const badPatch = await coordinator.patch(`/api/v1/activities/${ok.body.id}`, { version: 1, trackId: otherTrack });
    expect(badPatch.status).toBe(400);
    const cleared = await coordinator.patch(`/api/v1/activities/${ok.body.id}`, { version: 1, trackId: null });
    expect(cleared.body.trackId).toBeNull();
  });

  it('lists by year, kind and target group, only within the unit', async () => {
    const ids = {
      talk2025: (await coordinator.post('/api/v1/activities', activity({ heldOn: '2025-12-31', kind: 'awareness_talk' }))).body.id,
      talk2026: (await coordinator.post('/api/v1/activities', activity({ heldOn: '2026-01-01', kind: 'awareness_talk' }))).body.id,
      outreach: (await coordinator.post('/api/v1/activities', activity({ heldOn: '2026-01-15', kind: 'outreach', targetGroup: 'group_risk_environment' }))).body.id,
      otherUnit: (await coordinatorB.post('/api/v1/activities', activity({ heldOn: '2026-01-10', kind: 'awareness_talk' }))).body.id,
    };
    const list = async (q: string) => ((await coordinator.get(`/api/v1/activities${q}`)).body as { id: string }[]).map((a) => a.id);
    const y2026 = await list('?year=2026&kind=awareness_talk');
    expect(y2026).toContain(ids.talk2026);
    expect(y2026).not.toContain(ids.talk2025);
    expect(y2026).not.toContain(ids.otherUnit);
    expect(await list('?year=2025&kind=awareness_talk')).toEqual([ids.talk2025]);
    expect(await list('?targetGroup=group_risk_environment')).toEqual([ids.outreach]);
    expect((await coordinator.get('/api/v1/activities?kind=picnic')).status).toBe(400);
  });

  it("another unit's activity answers 404 (audited as denied)", async () => {
    const other = (await coordinatorB.post('/api/v1/activities', activity())).body;
    const before = await h.auditCount();
    expect((await coordinator.get(`/api/v1/activities/${other.id}`)).status).toBe(404);
    expect(await h.auditCount()).toBe(before + 1);
  });
});

describe('surveys', () => {
  let survey: { id: string; publicToken: string; questions: { id: string; kind: string }[] };
  const anonymous = () => h.client();
  /** An answer ticket, as the survey page gets it with the questions: each lets one answer in (tests/survey-abuse.int.test.ts). */
  const ticketAt = async (time: string): Promise<string> => {
    const res = await at(time, () => anonymous().get(`/api/v1/public/surveys/${survey.publicToken}`));
    expect(res.status).toBe(200);
    return res.body.ticket;
  };

  beforeAll(async () => {
    const act = (await coordinator.post('/api/v1/activities', activity())).body;
    const res = await adviser.post('/api/v1/surveys', {
      activityId: act.id, title: 'Efter temadagen', opensOn: '2026-03-03', closesOn: '2026-03-10',
      questions: [
        { textDa: 'Jeg føler mig i stand til at hjælpe unge, der er udfordret af ekstremistiske miljøer', textEn: 'I feel able to help', indicatorKey: 'able_to_help' },
        { textDa: 'Vil du anbefale temadagen?', kind: 'yes_no' },
      ],
    });
    expect(res.status).toBe(201);
    survey = res.body;
  });

  it('creates a survey with a random base64url token of at least 128 bits and one audit row', async () => {
    expect(survey.publicToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Buffer.from(survey.publicToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(survey.questions.map((q) => q.kind)).toEqual(['agreement', 'yes_no']);
    const before = await h.auditCount();
    const again = await adviser.post('/api/v1/surveys', { title: 'Anden', opensOn: '2026-03-02', closesOn: '2026-03-02', questions: [{ textDa: 'Spørgsmål' }] });
    expect(again.status).toBe(201);
    expect(again.body.publicToken).not.toBe(survey.publicToken);
    expect(await h.auditCount()).toBe(before + 1);
  });

  it('refuses a survey that closes before it opens, or after an activity of another unit', async () => {
    const backwards = await adviser.post('/api/v1/surveys', { title: 'X', opensOn: '2026-03-05', closesOn: '2026-03-04', questions: [{ textDa: 'Q' }] });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('closesOn');
    const otherAct = (await coordinatorB.post('/api/v1/activities', activity())).body;
    const foreign = await adviser.post('/api/v1/surveys', { activityId: otherAct.id, title: 'X', opensOn: '2026-03-05', closesOn: '2026-03-06', questions: [{ textDa: 'Q' }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('activityId');
  });

  it('the public page shows the questions only while the survey is open by the clock', async () => {
    const url = `/api/v1/public/surveys/${survey.publicToken}`;
    expect((await anonymous().get(url)).status).toBe(404); // opens tomorrow
    const open = await at('2026-03-02T23:30:00Z', () => anonymous().get(url)); // 00:30 on 3 March in Copenhagen
    expect(open.status).toBe(200);
    expect(open.body.title).toBe('Efter temadagen');
    expect(open.body.questions[0]).toEqual({ id: survey.questions[0]!.id, position: 1, textDa: expect.any(String), textEn: 'I feel able to help', kind: 'agreement' });
    expect(JSON.stringify(open.body)).not.toContain('able_to_help');
    expect(open.headers['set-cookie']).toBeUndefined();
    expect((await anonymous().get('/api/v1/public/surveys/no-such-token')).status).toBe(404);
  });

  it('an anonymous answer is stored with its date only: no audit row, no cookie, no address', async () => {
    const ticket = await ticketAt('2026-03-04T10:00:00Z');
    const before = await h.auditCount();
    const res = await at('2026-03-04T10:00:00Z', () => anonymous().post(`/api/v1/public/surveys/${survey.publicToken}/responses`, {
      ticket, answers: [{ questionId: survey.questions[0]!.id, value: 5 }, { questionId: survey.questions[1]!.id, value: 1 }],
    }));
    expect(res.status).toBe(201);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await h.auditCount()).toBe(before);
    const rows = await sql('SELECT * FROM survey_responses WHERE survey_id = $1', [survey.id]);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['answered_on', 'id', 'survey_id', 'unit_id']);
    expect(rows[0]!.answered_on).toBe('2026-03-04');
  });

  it('logs nothing about an anonymous answer beyond the standard request line (no token, no address)', async () => {
    const ticket = await ticketAt('2026-03-04T10:00:00Z');
    const logger = h.ctx.logger as unknown as Record<symbol, unknown> & { level: string };
    const stream = logger[pino.symbols.streamSym];
    const lines: string[] = [];
    logger[pino.symbols.streamSym] = { write: (l: string) => lines.push(l) };
    logger.level = 'trace';
    try {
      const res = await at('2026-03-04T10:00:00Z', () => anonymous().post(`/api/v1/public/surveys/${survey.publicToken}/responses`, {
        ticket, answers: [{ questionId: survey.questions[0]!.id, value: null }],
      }));
      expect(res.status).toBe(201);
    } finally {
      logger.level = 'silent';
      logger[pino.symbols.streamSym] = stream;
    }
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ msg: 'request', method: 'POST', route: '/api/v1/public/surveys/:token/responses', status: 201 });
    expect(lines[0]).not.toContain(survey.publicToken);
    expect(lines[0]).not.toContain('127.0.0.1');
  });

  it('validates each answer against the survey and the question kind, naming answers[i]', async () => {
    // A refused answer leaves its ticket unused, so one ticket serves them all.
    const ticket = await ticketAt('2026-03-04T10:00:00Z');
    const post = (answers: unknown) => at('2026-03-04T10:00:00Z', () => anonymous().post(`/api/v1/public/surveys/${survey.publicToken}/responses`, { ticket, answers }));
    const [agree, yesNo] = survey.questions.map((q) => q.id);
    const badValue = await post([{ questionId: agree, value: 4 }, { questionId: yesNo, value: 3 }]);
    expect(badValue.status).toBe(400);
    expect(badValue.body.errors).toEqual([{ field: 'answers[1].value', reason: expect.stringContaining('0, 1') }]);
    expect((await post([{ questionId: agree, value: 0 }])).body.errors[0].field).toBe('answers[0].value');
    const foreign = await post([{ questionId: '00000000-0000-4000-8000-000000000000', value: 1 }]);
    expect(foreign.body.errors[0].field).toBe('answers[0].questionId');
    expect((await post([{ questionId: agree, value: 4 }, { questionId: agree, value: 5 }])).body.errors[0].field).toBe('answers[1].questionId');
    // The two accepted so far: the first answer and the logging test's empty one; nothing from the refused ones.
    expect(await sql('SELECT 1 FROM survey_responses WHERE survey_id = $1', [survey.id])).toHaveLength(2);
  });

  it('a state-changing public request from another origin is refused', async () => {
    const ticket = await ticketAt('2026-03-04T10:00:00Z');
    const res = await at('2026-03-04T10:00:00Z', () => anonymous().request('POST', `/api/v1/public/surveys/${survey.publicToken}/responses`,
      { ticket, answers: [{ questionId: survey.questions[0]!.id, value: 5 }] }, { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
  });

  it('results: exact counts, distribution and share agreeing for staff; counts under 5 suppressed for analysts', async () => {
    // Four more responses: agreement 5, 4, 2, (none); yes/no 1, 0, 0, 1.
    for (const [v1, v2] of [[4, 1], [2, 0], [null, 0], [5, 1]] as const) {
      const ticket = await ticketAt('2026-03-05T10:00:00Z');
      const r = await at('2026-03-05T10:00:00Z', () => anonymous().post(`/api/v1/public/surveys/${survey.publicToken}/responses`, {
        ticket, answers: [{ questionId: survey.questions[0]!.id, value: v1 }, { questionId: survey.questions[1]!.id, value: v2 }],
      }));
      expect(r.status).toBe(201);
    }
    const before = await h.auditCount();
    const staff = await coordinator.get(`/api/v1/surveys/${survey.id}/results`);
    expect(staff.status).toBe(200);
    expect(await h.auditCount()).toBe(before);
    // Six forms, one of them (the logging test's) with the agreement question left empty.
    expect(staff.body).toMatchObject({ responses: 6, suppressed: false });
    const [q1, q2] = staff.body.questions;
    // Agreement answers: 5, 4, 2, 5 (one left empty) → 3 of 4 agree.
    expect(q1).toMatchObject({ responses: 4, agreeing: 3, shareAgreeing: 0.75, indicatorKey: 'able_to_help' });
    expect(q1.distribution).toEqual([{ value: 1, count: 0 }, { value: 2, count: 1 }, { value: 3, count: 0 }, { value: 4, count: 1 }, { value: 5, count: 2 }]);
    // Yes/no: 1, 1, 0, 0, 1 → 3 of 5.
    expect(q2).toMatchObject({ responses: 5, agreeing: 3, shareAgreeing: 0.6 });
    expect(q2.distribution).toEqual([{ value: 0, count: 2 }, { value: 1, count: 3 }]);

    const shown = await analyst.get(`/api/v1/surveys/${survey.id}/results`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ responses: 6, suppressed: true });
    expect(shown.body.questions[0]).toMatchObject({ responses: '<5', agreeing: '<5', shareAgreeing: null });
    expect(shown.body.questions[1]).toMatchObject({ responses: 5, agreeing: '<5', shareAgreeing: null });
    expect(shown.body.questions[1].distribution).toEqual([{ value: 0, count: '<5' }, { value: 1, count: '<5' }]);
  });

  it('after the closing day the public link answers 404 and takes no answers', async () => {
    const url = `/api/v1/public/surveys/${survey.publicToken}`;
    expect((await at('2026-03-10T22:59:00Z', () => anonymous().get(url))).status).toBe(200); // 23:59 on the closing day in Copenhagen
    expect((await at('2026-03-10T23:00:00Z', () => anonymous().get(url))).status).toBe(404); // 00:00 on 11 March
    const ticket = await ticketAt('2026-03-10T22:59:00Z');
    const late = await at('2026-03-10T23:00:00Z', () => anonymous().post(`${url}/responses`, { ticket, answers: [{ questionId: survey.questions[0]!.id, value: 5 }] }));
    expect(late.status).toBe(404);
    expect(late.headers['content-type']).toContain('application/problem+json');
  });

  it('the QR code encodes the public link /s/<token>', async () => {
    const res = await adviser.get(`/api/v1/surveys/${survey.id}/qr`);
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(new RegExp(`^https?://[^/]+/s/${survey.publicToken}$`));
    expect(res.body.qrSvg).toMatch(/^<svg/);
    expect((await coordinatorB.get(`/api/v1/surveys/${survey.id}/qr`)).status).toBe(404);
    expect((await coordinatorB.get(`/api/v1/surveys/${survey.id}/results`)).status).toBe(404);
  });

  it(`limits the public routes to ${PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE} requests a minute per client address`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE + 5; i++) statuses.push((await anonymous().get('/api/v1/public/surveys/any-token')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE);
  });
});

describe('citizen forum', () => {
  it('a coordinator adds a member, records the charter and the leaving; counts follow', async () => {
    const before = await h.auditCount();
    const m = await coordinator.post('/api/v1/forum/members', { organisation: 'Nørrebro Boligforening', kind: 'housing', joinedOn: '2025-05-01' });
    expect(m.status).toBe(201);
    expect(m.body).toMatchObject({ signedCharter: false, active: true, version: 1, charterSignedOn: null });
    expect(await h.auditCount()).toBe(before + 1);
    await coordinator.post('/api/v1/forum/members', { organisation: 'Moskéforeningen', kind: 'religious_community', joinedOn: '2024-01-01', charterSignedOn: '2024-02-01' });
    await coordinator.post('/api/v1/forum/members', { organisation: 'Idrætsklubben', kind: 'sports', joinedOn: '2023-01-01', charterSignedOn: '2023-01-01' });
    await coordinatorB.post('/api/v1/forum/members', { organisation: 'Anden kommunes forening', joinedOn: '2023-01-01' });

    const signed = await coordinator.patch(`/api/v1/forum/members/${m.body.id}`, { version: 1, charterSignedOn: '2026-03-01' });
    expect(signed.body).toMatchObject({ signedCharter: true, version: 2 });
    const idr = ((await coordinator.get('/api/v1/forum/members')).body.members as { id: string; organisation: string; version: number }[])
      .find((x) => x.organisation === 'Idrætsklubben')!;
    const left = await coordinator.patch(`/api/v1/forum/members/${idr.id}`, { version: idr.version, leftOn: '2026-01-31' });
    expect(left.body).toMatchObject({ active: false, leftOn: '2026-01-31' });

    const listBefore = await h.auditCount();
    const list = await analyst.get('/api/v1/forum/members');
    expect(await h.auditCount()).toBe(listBefore);
    expect(list.status).toBe(200);
    expect(list.body.members.map((x: { organisation: string }) => x.organisation)).toEqual(['Idrætsklubben', 'Moskéforeningen', 'Nørrebro Boligforening']);
    expect(list.body.counts).toEqual({ members: 3, active: 2, activeSignedCharter: 2, byKind: { housing: 1, religious_community: 1 } });
  });

  it('refuses a duplicate organisation (409), a stale version (409) and leaving before joining (400)', async () => {
    const m = (await coordinator.post('/api/v1/forum/members', { organisation: 'Kulturhuset', joinedOn: '2025-06-01' })).body;
    expect((await coordinator.post('/api/v1/forum/members', { organisation: 'Kulturhuset', joinedOn: '2025-06-01' })).status).toBe(409);
    const early = await coordinator.patch(`/api/v1/forum/members/${m.id}`, { version: 1, leftOn: '2025-05-31' });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('leftOn');
    const future = await coordinator.patch(`/api/v1/forum/members/${m.id}`, { version: 1, charterSignedOn: '2099-01-01' });
    expect(future.body.errors[0].field).toBe('charterSignedOn');
    expect((await coordinator.patch(`/api/v1/forum/members/${m.id}`, { version: 1, kind: 'education' })).status).toBe(200);
    const stale = await coordinator.patch(`/api/v1/forum/members/${m.id}`, { version: 1, kind: 'other' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    const rename = await coordinator.patch(`/api/v1/forum/members/${m.id}`, { version: 2, organisation: 'Moskéforeningen' });
    expect(rename.status).toBe(409);
  });

  it('only coordinators manage the forum; an adviser gets 403', async () => {
    expect((await adviser.post('/api/v1/forum/members', { organisation: 'X', joinedOn: '2025-01-01' })).status).toBe(403);
    expect((await adviser.get('/api/v1/forum/members')).status).toBe(403);
  });
});
