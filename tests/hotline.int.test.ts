import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * The shared hotline (docs/domain.md, "The shared hotline"): unit a is Copenhagen (101), unit b Aarhus (751), both
 * members of one hotline; municipality 730 (Randers) has no VINK unit. A hotline call taken by an Aarhus adviser
 * about a Copenhagen citizen becomes a concern in Copenhagen with a task for its coordinator; Aarhus keeps the call;
 * both units' audit trails show the crossing.
 */
let h: Harness;
let aarhusAdviser: Client & { user: TestUser };
let cphCoordinator: Client & { user: TestUser };
let aarhusCoordinator: Client & { user: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

const hotlineCall = (citizenMunicipality?: string) => ({
  channel: 'national_hotline', callerType: 'parent', topic: 'Bekymring for søn', ideologyArea: 'right_wing', outcome: 'advice_only',
  callerMunicipality: '751', ...(citizenMunicipality ? { citizenMunicipality } : {}),
});
const forwardBody = () => ({
  reporter: { anonymous: true }, person: { fullName: 'Hotline Testperson' }, ideologyArea: 'right_wing', severity: 'medium',
  behaviourIndicators: ['threats'], behaviourDescription: 'Truer klassekammerater og deler voldelige opslag.', minor: 'no',
  legalBasis: 'serviceloven § 49 b og forvaltningsloven § 28, stk. 2',
});

beforeAll(async () => {
  h = await createHarness();
  await sql(`INSERT INTO units (name, municipality_code, police_district_id) VALUES ('Randers (kun hotline)', '730', 2)`);
  const [hl] = await sql<{ id: string }>(`INSERT INTO hotlines (name) VALUES ('Den nationale hotline') RETURNING id`);
  await sql(`INSERT INTO hotline_members (hotline_id, unit_id, case_work) VALUES ($1, $2, true), ($1, $3, true),
    ($1, (SELECT id FROM units WHERE municipality_code = '730'), false)`, [hl!.id, h.units.a, h.units.b]);
  aarhusAdviser = await h.signIn('adviser', 'b');
  aarhusCoordinator = await h.signIn('coordinator', 'b');
  cphCoordinator = await h.signIn('coordinator', 'a');
});
afterAll(async () => h?.close());

describe('the shared hotline', () => {
  it('an Aarhus adviser forwards a call about a Copenhagen citizen: a concern in Copenhagen with a coordinator task, Aarhus keeps the call', async () => {
    const bad = await aarhusAdviser.post('/api/v1/calls', hotlineCall('1O1'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('citizenMunicipality');
    const call = await aarhusAdviser.post('/api/v1/calls', hotlineCall('101'));
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({ callerMunicipality: '751', citizenMunicipality: '101', unitId: h.units.b });

    const fwd = await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/hotline-forward`, forwardBody());
    expect(fwd.status, JSON.stringify(fwd.body)).toBe(200);
    expect(fwd.body).toMatchObject({ id: call.body.id, unitId: h.units.b, outcome: 'forwarded_concern', forwardedUnitId: h.units.a,
      forwardLegalBasis: 'serviceloven § 49 b og forvaltningsloven § 28, stk. 2' });
    const concernId = fwd.body.concernId as string;

    // The concern and its person live in Copenhagen.
    const [k] = await sql<{ unit_id: string; person_unit: string }>(
      'SELECT c.unit_id, p.unit_id AS person_unit FROM concerns c JOIN persons p ON p.id = c.person_id WHERE c.id = $1', [concernId]);
    expect(k).toEqual({ unit_id: h.units.a, person_unit: h.units.a });

    // The Copenhagen coordinator has the task at once and can open the concern.
    const tasks = await cphCoordinator.get('/api/v1/tasks/mine');
    expect(tasks.status).toBe(200);
    expect(tasks.body.some((t: { kind: string; concernId: string }) => t.kind === 'hotline_forward' && t.concernId === concernId)).toBe(true);
    expect((await cphCoordinator.get(`/api/v1/concerns/${concernId}`)).status).toBe(200);

    // Aarhus keeps the call, but does not reach the Copenhagen concern (404), not even its coordinator.
    expect((await aarhusAdviser.get(`/api/v1/calls/${call.body.id}`)).body.concernId).toBe(concernId);
    expect((await aarhusAdviser.get(`/api/v1/concerns/${concernId}`)).status).toBe(404);
    expect((await aarhusCoordinator.get(`/api/v1/concerns/${concernId}`)).status).toBe(404);

    // Both trails: the call's update with the legal basis in Aarhus, the concern's creation and the crossing in Copenhagen.
    const rows = await sql<{ unit_id: string; action: string; record_type: string; criterion: string | null; actor_id: string }>(
      `SELECT unit_id, action, record_type, criterion, actor_id FROM audit_log WHERE record_id IN ($1, $2) AND outcome = 'ok' ORDER BY seq`, [call.body.id, concernId]);
    const aarhus = rows.filter((r) => r.unit_id === h.units.b && r.record_type === 'call' && r.action === 'update');
    expect(aarhus).toHaveLength(1);
    expect(aarhus[0]!.criterion).toContain('legal basis: serviceloven § 49 b');
    const cph = rows.filter((r) => r.unit_id === h.units.a);
    expect(cph.map((r) => r.record_type)).toEqual(expect.arrayContaining(['concern', 'hotline_forward']));
    expect(cph.find((r) => r.record_type === 'hotline_forward')!.criterion).toContain('legal basis: serviceloven');
    // Copenhagen's trail names the Aarhus adviser who crossed.
    expect(cph.filter((r) => r.action === 'create').every((r) => r.actor_id === aarhusAdviser.user.id)).toBe(true);

    // A second forward of the same call is a conflict.
    expect((await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/hotline-forward`, forwardBody())).status).toBe(409);
  });

  it('a citizen already registered in the receiving unit under the CPR number: the concern joins that registration, and the sender learns nothing of it', async () => {
    const [existing] = await sql<{ id: string }>(
      `INSERT INTO persons (unit_id, full_name, cpr, gender, created_at, updated_at) VALUES ($1, 'Kendt Københavnersen', '070309-1234', 'unknown', now(), now()) RETURNING id`,
      [h.units.a]);
    const call = await aarhusAdviser.post('/api/v1/calls', hotlineCall('101'));
    const fwd = await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/hotline-forward`,
      { ...forwardBody(), person: { fullName: 'Kendt Kbh', cpr: '070309-1234' } });
    expect(fwd.status, JSON.stringify(fwd.body)).toBe(200);
    expect(JSON.stringify(fwd.body)).not.toContain('Københavnersen');
    expect(JSON.stringify(fwd.body)).not.toContain(existing!.id);
    const [k] = await sql<{ person_id: string; unit_id: string }>('SELECT person_id, unit_id FROM concerns WHERE id = $1', [fwd.body.concernId]);
    expect(k).toEqual({ person_id: existing!.id, unit_id: h.units.a });
    // No second registration of the citizen in Copenhagen.
    expect(await sql(`SELECT id FROM persons WHERE unit_id = $1 AND cpr = '070309-1234'`, [h.units.a])).toHaveLength(1);
  });

  it('a municipality without VINK case work: the forward is refused naming the field, and the referral is recorded instead', async () => {
    const call = await aarhusAdviser.post('/api/v1/calls', hotlineCall('730'));
    const fwd = await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/hotline-forward`, forwardBody());
    // Randers has a unit but does no case work: the database refuses the crossing.
    expect(fwd.status).toBe(403);
    const none = await aarhusAdviser.post('/api/v1/calls', hotlineCall('461'));
    const fwd2 = await aarhusAdviser.post(`/api/v1/calls/${none.body.id}/hotline-forward`, forwardBody());
    expect(fwd2.status).toBe(400);
    expect(JSON.stringify(fwd2.body)).toContain('citizenMunicipality');
    const today = h.clock.now().toISOString().slice(0, 10);
    const ref = await aarhusAdviser.post(`/api/v1/calls/${none.body.id}/referral`, { name: 'Odense Kommune, SSP', on: today, channel: 'secure_mail' });
    expect(ref.status, JSON.stringify(ref.body)).toBe(200);
    expect(ref.body.referral).toEqual({ name: 'Odense Kommune, SSP', on: today, channel: 'secure_mail' });
    expect((await aarhusAdviser.post(`/api/v1/calls/${none.body.id}/referral`, { name: 'x', on: today, channel: 'phone' })).status).toBe(409);
    const bad = await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/referral`, { name: 'Randers', on: today, channel: 'pigeon' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('channel');
    // A unit outside the hotline cannot be crossed into, and a non-hotline call is not forwarded across.
    const line = await aarhusAdviser.post('/api/v1/calls', { ...hotlineCall('101'), channel: 'vink_line' });
    expect((await aarhusAdviser.post(`/api/v1/calls/${line.body.id}/hotline-forward`, forwardBody())).status).toBe(400);
  });

  it('a unit that left the hotline cannot be forwarded to (the database check), and nothing is created', async () => {
    await sql('DELETE FROM hotline_members WHERE unit_id = $1', [h.units.a]);
    try {
      const call = await aarhusAdviser.post('/api/v1/calls', hotlineCall('101'));
      const before = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM concerns WHERE unit_id = $1', [h.units.a]))[0]!.n;
      expect((await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/hotline-forward`, forwardBody())).status).toBe(403);
      const after = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM concerns WHERE unit_id = $1', [h.units.a]))[0]!.n;
      expect(after).toBe(before);
    } finally {
      await sql(`INSERT INTO hotline_members (hotline_id, unit_id) SELECT id, $1 FROM hotlines`, [h.units.a]);
    }
  });

  it('hotline statistics: counts over the member units by caller type, topic, outcome and municipality, small counts suppressed', async () => {
    for (let i = 0; i < 6; i++) await aarhusAdviser.post('/api/v1/calls', hotlineCall('101'));
    const cphAdviser = await h.signIn('adviser', 'a');
    for (let i = 0; i < 5; i++) await cphAdviser.post('/api/v1/calls', { ...hotlineCall('101'), callerType: 'citizen', callerMunicipality: '101' });
    const today = h.clock.now().toISOString().slice(0, 10);
    const res = await cphCoordinator.get(`/api/v1/calls/hotline-statistics?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    const cell = (d: string, v: string) => res.body.rows.find((r: { dimension: string; value: string }) => r.dimension === d && r.value === v)?.calls;
    // Both units' calls are counted (the Copenhagen coordinator sees Aarhus's hotline calls as figures only).
    expect(cell('caller_type', 'citizen')).toBe(5);
    expect(cell('caller_type', 'parent')).toBeGreaterThanOrEqual(9);
    // Municipality 461 and 730 have one call each: hidden, and no single hidden cell remains in the dimension.
    expect(cell('municipality', '461')).toBeNull();
    expect(cell('municipality', '730')).toBeNull();
    expect(res.body.rows.every((r: { calls: number | null }) => r.calls === null || r.calls >= 5)).toBe(true);
    expect((await aarhusAdviser.get(`/api/v1/calls/hotline-statistics?from=${today}&to=${today}`)).status).toBe(403);
    expect((await cphCoordinator.get(`/api/v1/calls/hotline-statistics?from=${today}`)).status).toBe(400);
  });
});
