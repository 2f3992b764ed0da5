import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Vocabularies an administrator keeps (docs/domain.md, "Vocabularies"; issue 14 items 4 and 5), told as a story: a
 * concern of 2025 names a behaviour indicator, a category, an online platform and the returnee flag; in 2026 the
 * administrator renames and then retires the indicator. It is gone from the intake, refused in a new concern, and
 * still labelled on the old concern and in the 2025 counts (with the label of 2025).
 */
let h: Harness;
let adviser: Client & { user: TestUser };
let coordinator: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
let admin: Client & { user: TestUser };
let mentor: Client & { user: TestUser };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: '2025-11-10T09:00:00Z',
  channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', organisation: 'Valby Skole', sector: 'ssp' },
  person: { fullName: 'Jonas Ækvator', birthDate: '1999-04-04' },
  ideologyArea: 'right_wing',
  severity: 'medium',
  behaviourIndicators: ['hate_speech', 'threats'],
  behaviourDescription: 'Skriver hadefulde opslag om jøder i en lukket chat og truer en klassekammerat.',
  minor: 'no',
  ...over,
});

const countOf = (body: any, vocabulary: string, code: string) =>
  body.rows.find((r: any) => r.vocabulary === vocabulary && r.code === code);

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  analyst = await h.signIn('analyst', 'a');
  admin = await h.signIn('admin', 'a');
  mentor = await h.signIn('mentor', 'a');
});
afterAll(async () => h?.close());

describe('a retired behaviour indicator', () => {
  let concernId = '';

  it('is recorded with the new values of the 2020-21 plan: online, platform, category, returnee, SSP as sector', async () => {
    const res = await adviser.post('/api/v1/concerns', concernBody({ onlinePlatform: 'closed_chat', category: 'antisemitism', returnee: true }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      online: true, onlinePlatform: 'closed_chat', category: 'antisemitism', returnee: true, reporter: { sector: 'ssp' },
      behaviourIndicators: ['hate_speech', 'threats'],
    });
    concernId = res.body.id;
    // A call records online activity and a category too (calls are anonymous: no returnee flag).
    const call = await adviser.post('/api/v1/calls', {
      receivedAt: '2025-11-11T10:00:00Z', channel: 'vink_line', callerType: 'parent', topic: 'Hærværk med hagekors', ideologyArea: 'right_wing',
      outcome: 'advice_only', category: 'political_vandalism', online: false,
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({ online: false, onlinePlatform: null, category: 'political_vandalism' });
  });

  it('refuses a platform on activity said not to be online, and codes that are not entries, naming the field', async () => {
    const notOnline = await adviser.post('/api/v1/concerns', concernBody({ online: false, onlinePlatform: 'social_media' }));
    expect(notOnline.status).toBe(400);
    expect(JSON.stringify(notOnline.body)).toContain('onlinePlatform');
    const unknown = await adviser.post('/api/v1/concerns', concernBody({ category: 'no_such_category' }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('category');
    const platform = await adviser.post('/api/v1/calls', {
      channel: 'vink_line', callerType: 'parent', topic: 'Spil', ideologyArea: 'none', outcome: 'advice_only', onlinePlatform: 'no_such_platform',
    });
    expect(platform.status).toBe(400);
    expect(JSON.stringify(platform.body)).toContain('onlinePlatform');
  });

  it('is renamed in 2026, then retired: gone from the intake and refused in a new concern', async () => {
    const list = await admin.get('/api/v1/vocabularies/behaviour_indicator/admin');
    expect(list.status).toBe(200);
    const entry = list.body.entries.find((e: any) => e.code === 'hate_speech');
    expect(entry).toMatchObject({ active: true, inUse: true, labelDa: 'Hadefuld tale mod grupper' });

    const renamed = await admin.patch('/api/v1/vocabularies/behaviour_indicator/hate_speech', {
      version: entry.version, labelDa: 'Hadefuld tale eller hadforbrydelse', labelEn: 'Hate speech or hate crime',
    });
    expect(renamed.status).toBe(200);
    // A stale version is a 409 with the current one; nothing changes.
    const stale = await admin.patch('/api/v1/vocabularies/behaviour_indicator/hate_speech', { version: entry.version, active: false });
    expect(stale.status).toBe(409);
    h.clock.advanceMinutes(60);
    const retired = await admin.patch('/api/v1/vocabularies/behaviour_indicator/hate_speech', { version: renamed.body.version, active: false });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ code: 'hate_speech', active: false, labelDa: 'Hadefuld tale eller hadforbrydelse' });

    // The intake's options (API) no longer hold it; the full list still does, marked inactive, for labelling.
    const options = await adviser.get('/api/v1/behaviour-indicators');
    expect(options.body.map((o: any) => o.code)).not.toContain('hate_speech');
    expect(options.body.map((o: any) => o.code)).toContain('threats');
    const all = await adviser.get('/api/v1/vocabularies/behaviour_indicator');
    expect(all.body.find((e: any) => e.code === 'hate_speech')).toMatchObject({ active: false });

    const refused = await adviser.post('/api/v1/concerns', concernBody({ receivedAt: h.clock.now().toISOString() }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('behaviourIndicators');
    const without = await adviser.post('/api/v1/concerns', concernBody({ receivedAt: h.clock.now().toISOString(), behaviourIndicators: ['threats'] }));
    expect(without.status).toBe(201);

    // Every label it has had is kept, with when it took effect.
    const after = await admin.get('/api/v1/vocabularies/behaviour_indicator/admin');
    const history = after.body.entries.find((e: any) => e.code === 'hate_speech').history;
    expect(history.map((x: any) => [x.labelDa, x.active])).toEqual([
      ['Hadefuld tale mod grupper', true], ['Hadefuld tale eller hadforbrydelse', true], ['Hadefuld tale eller hadforbrydelse', false],
    ]);
    expect(history[0].validFrom).toBeNull();
  });

  it('is still labelled on the old concern', async () => {
    const res = await coordinator.get(`/api/v1/concerns/${concernId}`);
    expect(res.status).toBe(200);
    expect(res.body.behaviourIndicators).toContain('hate_speech');
    expect(res.body.behaviourLabels).toContainEqual({ code: 'hate_speech', labelDa: 'Hadefuld tale eller hadforbrydelse', labelEn: 'Hate speech or hate crime' });
  });

  it('stays on the old concern through a correction, but a correction cannot add it to another', async () => {
    const cur = await coordinator.get(`/api/v1/concerns/${concernId}`);
    const kept = await coordinator.patch(`/api/v1/concerns/${concernId}`, { version: cur.body.version, behaviourIndicators: ['hate_speech', 'threats', 'recruitment'] });
    expect(kept.status).toBe(200);
    expect(kept.body.concern.behaviourIndicators).toEqual(['hate_speech', 'recruitment', 'threats']);
    const undo = await coordinator.patch(`/api/v1/concerns/${concernId}`, { version: kept.body.concern.version, behaviourIndicators: ['hate_speech', 'threats'] });
    expect(undo.status).toBe(200);
    const other = await adviser.post('/api/v1/concerns', concernBody({ receivedAt: h.clock.now().toISOString(), behaviourIndicators: ['threats'] }));
    const added = await coordinator.patch(`/api/v1/concerns/${other.body.id}`, { version: other.body.version, behaviourIndicators: ['threats', 'hate_speech'] });
    expect(added.status).toBe(400);
    expect(JSON.stringify(added.body)).toContain('behaviourIndicators');
  });

  it('is counted in the 2025 figures with the label of 2025, beside its label now; 2026 counts it under the new one', async () => {
    const y2025 = await coordinator.get('/api/v1/vocabulary-counts?from=2025-01-01&to=2025-12-31');
    expect(y2025.status).toBe(200);
    expect(y2025.body.exactCounts).toBe(true);
    expect(countOf(y2025.body, 'behaviour_indicator', 'hate_speech')).toEqual({
      vocabulary: 'behaviour_indicator', code: 'hate_speech', labelDa: 'Hadefuld tale mod grupper', labelEn: 'Hate speech against groups',
      currentLabelDa: 'Hadefuld tale eller hadforbrydelse', currentLabelEn: 'Hate speech or hate crime', active: false, count: 1, calls: null,
    });
    expect(countOf(y2025.body, 'category', 'antisemitism')).toMatchObject({ count: 1, calls: 0 });
    expect(countOf(y2025.body, 'category', 'political_vandalism')).toMatchObject({ count: 0, calls: 1 });
    expect(countOf(y2025.body, 'online_platform', 'closed_chat')).toMatchObject({ count: 1, calls: 0 });
    expect(countOf(y2025.body, 'reporter_sector', 'ssp')).toMatchObject({ count: 1 });
    expect(y2025.body.flags).toEqual({ onlineConcerns: 1, onlineCalls: 0, returneeConcerns: 1 });

    // In 2026 nothing used it: a retired, unused entry is not listed at all.
    const y2026 = await coordinator.get('/api/v1/vocabulary-counts?from=2026-01-01&to=2026-12-31');
    expect(countOf(y2026.body, 'behaviour_indicator', 'hate_speech')).toBeUndefined();
    expect(countOf(y2026.body, 'behaviour_indicator', 'threats')).toMatchObject({ count: 2 });
  });

  it('shows an analyst the labels but not the small counts', async () => {
    const res = await analyst.get('/api/v1/vocabulary-counts?from=2025-01-01&to=2025-12-31');
    expect(res.status).toBe(200);
    expect(res.body.exactCounts).toBe(false);
    expect(countOf(res.body, 'behaviour_indicator', 'hate_speech')).toMatchObject({ labelDa: 'Hadefuld tale mod grupper', count: null });
    expect(res.body.flags).toEqual({ onlineConcerns: null, onlineCalls: 0, returneeConcerns: null });
  });

  it('cannot be deleted while a concern uses it (the foreign key), nor added twice', async () => {
    await expect(sql(`DELETE FROM behaviour_indicators WHERE code = 'hate_speech'`)).rejects.toThrow(/foreign key/);
    const twice = await admin.post('/api/v1/vocabularies/behaviour_indicator', { code: 'hate_speech', labelDa: 'Igen', labelEn: 'Again' });
    expect(twice.status).toBe(409);
  });
});

describe('entries the administrator adds', () => {
  it('an added activity kind is offered and accepted; retired, it is refused but the activity keeps it', async () => {
    const added = await admin.post('/api/v1/vocabularies/activity_kind', { code: 'ngo_meeting', labelDa: 'Møde med NGO-netværk', labelEn: 'NGO network meeting' });
    expect(added.status).toBe(201);
    const activity = { heldOn: '2026-02-20', kind: 'ngo_meeting', title: 'Netværksmøde', targetGroup: 'society', preventionLevel: 'green', audienceSector: 'civil_society', participants: 12 };
    const made = await adviser.post('/api/v1/activities', activity);
    expect(made.status).toBe(201);
    const retire = await admin.patch('/api/v1/vocabularies/activity_kind/ngo_meeting', { version: added.body.version, active: false });
    expect(retire.status).toBe(200);
    const refused = await adviser.post('/api/v1/activities', activity);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('kind');
    const kept = await adviser.get(`/api/v1/activities/${made.body.id}`);
    expect(kept.body.kind).toBe('ngo_meeting');
    // The same activity can still be changed in other fields: the retired kind is not asked again.
    const changed = await adviser.patch(`/api/v1/activities/${made.body.id}`, { version: made.body.version, participants: 14 });
    expect(changed.status).toBe(200);
  });

  it('a sector vocabulary is renamed but not added to (its codes are still checked in the program)', async () => {
    const res = await admin.post('/api/v1/vocabularies/reporter_sector', { code: 'sports_club', labelDa: 'Idrætsforening', labelEn: 'Sports club' });
    expect(res.status).toBe(409);
    expect((await sql(`SELECT 1 FROM reporter_sectors WHERE code = 'sports_club'`)).length).toBe(0);
  });

  it('a retired reporter sector is refused in a new concern', async () => {
    const [cur] = await sql<{ version: number }>(`SELECT version FROM reporter_sectors WHERE code = 'housing'`);
    expect((await admin.patch('/api/v1/vocabularies/reporter_sector/housing', { version: cur!.version, active: false })).status).toBe(200);
    const res = await adviser.post('/api/v1/concerns', concernBody({
      receivedAt: h.clock.now().toISOString(), behaviourIndicators: ['threats'], reporter: { anonymous: false, name: 'Vicevært', sector: 'housing' },
    }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('reporter.sector');
  });

  it('the database refuses a write by anyone but an administrator, whatever the server does', async () => {
    // Row-level security of migration 0360: as the application role with the coordinator's role setting, the update
    // touches no row.
    const asApp = (role: string) => systemTransaction(h.ctx.db, async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true), set_config('vink.actor_role', $3, true)`,
        [coordinator.user.id, `{${coordinator.user.unitId}}`, role]);
      return (await tx.query(`UPDATE offer_types SET position = position WHERE code = 'mentor' RETURNING code`)).rows;
    });
    expect(await asApp('coordinator')).toEqual([]);
    // The same statement as an administrator touches the row, so the refusal above is the policy, not a typo.
    expect(await asApp('admin')).toEqual([{ code: 'mentor' }]);
  });
});

describe('a child-welfare offer and a home visit', () => {
  it('are recorded and counted; a retired session form is refused for a new session', async () => {
    const now = h.clock.now();
    const [p] = await sql<{ id: string }>(
      `INSERT INTO persons (unit_id, full_name, birth_date, gender, created_at, updated_at) VALUES ($1, 'Sara Nielsen', '2010-05-20', 'female', $2, $2) RETURNING id`,
      [h.units.a, now]);
    const [c] = await sql<{ id: string }>(
      `INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Sag', $3, $4, $4) RETURNING id`, [h.units.a, p!.id, coordinator.user.id, now]);
    const offer = await coordinator.post(`/api/v1/cases/${c!.id}/offers`, { type: 'child_welfare', offeredAt: new Date(now.getTime() - 86_400_000).toISOString() });
    expect(offer.status).toBe(201);
    expect(offer.body.type).toBe('child_welfare');
    expect((await coordinator.post(`/api/v1/offers/${offer.body.id}/response`, { response: 'accepted', version: 1 })).status).toBe(200);
    const unknownType = await coordinator.post(`/api/v1/cases/${c!.id}/offers`, { type: 'holiday_camp', offeredAt: now.toISOString() });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors[0].field).toBe('type');

    const today = now.toISOString().slice(0, 10);
    const course = await coordinator.post(`/api/v1/cases/${c!.id}/courses`, { kind: 'mentor', mentorId: mentor.user.id, startedOn: today });
    expect(course.status).toBe(201);
    const visit = await mentor.post(`/api/v1/courses/${course.body.id}/sessions`, { heldOn: today, durationMinutes: 90, form: 'home_visit' });
    expect(visit.status).toBe(201);
    expect(visit.body.form).toBe('home_visit');

    const counts = await coordinator.get(`/api/v1/vocabulary-counts?from=${today.slice(0, 4)}-01-01&to=${today}`);
    expect(countOf(counts.body, 'offer_type', 'child_welfare')).toMatchObject({ labelDa: 'Børne- og ungeindsats (barnets lov)', count: 1 });
    expect(countOf(counts.body, 'session_form', 'home_visit')).toMatchObject({ labelDa: 'Hjemmebesøg', count: 1 });

    const [form] = await sql<{ version: number }>(`SELECT version FROM session_forms WHERE code = 'home_visit'`);
    expect((await admin.patch('/api/v1/vocabularies/session_form/home_visit', { version: form!.version, active: false })).status).toBe(200);
    const refused = await mentor.post(`/api/v1/courses/${course.body.id}/sessions`, { heldOn: today, durationMinutes: 30, form: 'home_visit' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('form');
    // The session held keeps its form.
    const sessions = await mentor.get(`/api/v1/courses/${course.body.id}/sessions`);
    expect(sessions.body.map((x: any) => x.form)).toEqual(['home_visit']);
  });
});
