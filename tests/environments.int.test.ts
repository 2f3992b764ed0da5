import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Risk environments, networks and the psychiatry pathway (docs/domain.md, "Risk environments and networks", "The
 * psychiatry pathway"), as the unit uses them: the registers with their rules, the links that make "later concerns
 * from an environment" countable, and consultations with regional psychiatry.
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
let adviser: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
let manager: Client & { user: TestUser };
let otherCoordinator: Client & { user: TestUser };
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function concernOf(unit: string, receivedAt: string, registeredBy: string): Promise<string> {
  const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Test Person', 'unknown', now(), now()) RETURNING id`,
    [unit]))[0]!.id;
  return (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Beskrevet adfærd.', 'received', $2::timestamptz + interval '48 hours', $4, $2, $2, 'unknown') RETURNING id`,
    [unit, receivedAt, person, registeredBy]))[0]!.id;
}

const newEnvironment = {
  name: 'Boligområdet Nord', description: 'Unge samles ved indkøbscentret om aftenen.', area: 'Nord',
  entryPoints: ['Klubben', 'Lektiecafeen'], keyActors: [{ kind: 'role', description: 'Klubmedarbejder' }, { kind: 'organisation', description: 'Boligsocial helhedsplan' }],
  startedOn: '2025-06-01',
};

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  adviser = await h.signIn('adviser', 'a');
  analyst = await h.signIn('analyst', 'a');
  manager = await h.signIn('manager', 'a');
  otherCoordinator = await h.signIn('coordinator', 'b');
});
afterAll(async () => h?.close());

describe('risk environments', () => {
  it('a coordinator registers an environment with entry points and key actors as roles and organisations, never persons', async () => {
    const res = await coordinator.post('/api/v1/environments', newEnvironment);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Boligområdet Nord', entryPoints: ['Klubben', 'Lektiecafeen'], version: 1, activities: 0, concerns: 0 });
    expect(res.body.keyActors).toEqual(newEnvironment.keyActors);

    const person = await coordinator.post('/api/v1/environments', { ...newEnvironment, name: 'Andet', keyActors: [{ kind: 'person', description: 'Ali' }] });
    expect(person.status).toBe(400);
    expect(JSON.stringify(person.body)).toContain('keyActors');

    const dup = await coordinator.post('/api/v1/environments', newEnvironment);
    expect(dup.status).toBe(400);
    expect(dup.body.errors?.[0]?.field ?? JSON.stringify(dup.body)).toContain('name');

    const future = await coordinator.post('/api/v1/environments', { ...newEnvironment, name: 'Fremtid', startedOn: '2027-01-01' });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('startedOn');
  });

  it('a change needs the version it read (409 when stale), and closing cannot precede the start', async () => {
    const e = (await coordinator.post('/api/v1/environments', { ...newEnvironment, name: 'Stationen' })).body;
    const ok = await manager.patch(`/api/v1/environments/${e.id}`, { version: 1, area: 'Midtby' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ area: 'Midtby', version: 2 });
    expect((await coordinator.patch(`/api/v1/environments/${e.id}`, { version: 1, area: 'Syd' })).status).toBe(409);
    const early = await coordinator.patch(`/api/v1/environments/${e.id}`, { version: 2, closedOn: '2025-01-01' });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('closedOn');
    const audit = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE record_type = 'risk_environment' AND record_id = $1 AND outcome = 'ok'`, [e.id]);
    expect(audit[0]!.n).toBe(2); // create and one update; reads write none
  });

  it('outreach linked to an environment, and concerns naming it, make "later concerns" countable in the register', async () => {
    const env = (await coordinator.post('/api/v1/environments', { ...newEnvironment, name: 'Skaterparken' })).body;
    const activity = (await adviser.post('/api/v1/activities', {
      heldOn: '2026-01-10', kind: 'outreach', title: 'Opsøgende dialog i parken', targetGroup: 'group_risk_environment', preventionLevel: 'yellow',
      audienceSector: 'other', participants: 6,
    })).body;
    const link = await adviser.request('PUT', `/api/v1/activities/${activity.id}/links`, { environmentId: env.id, networkId: null });
    expect(link.status).toBe(200);

    const before = await concernOf(h.units.a, '2026-01-05T10:00:00Z', coordinator.user.id);
    const later = await concernOf(h.units.a, '2026-02-05T10:00:00Z', coordinator.user.id);
    for (const id of [before, later]) expect((await coordinator.request('PUT', `/api/v1/concerns/${id}/environment`, { environmentId: env.id })).status).toBe(200);
    // The naming is audited as an update of the concern, naming its person.
    const row = await sql<{ person_id: string | null }>(`SELECT person_id FROM audit_log WHERE record_type = 'concern' AND record_id = $1 ORDER BY seq DESC LIMIT 1`, [later]);
    expect(row[0]!.person_id).not.toBeNull();

    const seen = (await coordinator.get(`/api/v1/environments/${env.id}`)).body;
    expect(seen).toMatchObject({ activities: 1, concerns: 2, concernsAfterOutreach: 1 });
    // An analyst reads aggregates only: counts of concerns under 5 are suppressed.
    const asAnalyst = (await analyst.get(`/api/v1/environments/${env.id}`)).body;
    expect(asAnalyst).toMatchObject({ activities: 1, concerns: null, concernsAfterOutreach: null });

    // Clearing the link takes the concern out of the count.
    expect((await coordinator.request('PUT', `/api/v1/concerns/${before}/environment`, { environmentId: null })).status).toBe(200);
    expect((await coordinator.get(`/api/v1/environments/${env.id}`)).body).toMatchObject({ concerns: 1, concernsAfterOutreach: 1 });
  });

  it('links stay within the unit: another unit\'s environment is a 400 naming the field, its records a 404', async () => {
    const theirs = (await otherCoordinator.post('/api/v1/environments', { ...newEnvironment, name: 'Deres miljø' })).body;
    const k = await concernOf(h.units.a, '2026-02-10T10:00:00Z', coordinator.user.id);
    const res = await coordinator.request('PUT', `/api/v1/concerns/${k}/environment`, { environmentId: theirs.id });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('environmentId');
    expect((await coordinator.get(`/api/v1/environments/${theirs.id}`)).status).toBe(404);
    expect((await coordinator.get('/api/v1/environments')).body.map((e: { id: string }) => e.id)).not.toContain(theirs.id);
  });
});

describe('networks beside the citizen forum', () => {
  it('mosque network, parent networks and NGOs are registered by kind, and activities link to them', async () => {
    const mosques = await coordinator.post('/api/v1/networks', { kind: 'mosque_network', name: 'Moskénetværket', organisations: ['Moské A', 'Moské B'], startedOn: '2024-05-01' });
    expect(mosques.status).toBe(201);
    const parents = await manager.post('/api/v1/networks', { kind: 'parent_network', name: 'Forældrenetværk Vest', startedOn: '2025-02-01' });
    expect(parents.status).toBe(201);
    expect((await coordinator.post('/api/v1/networks', { kind: 'ngo', name: 'x', startedOn: '2025-02-01', organisations: [''] })).status).toBe(400);
    expect((await coordinator.post('/api/v1/networks', { kind: 'club', name: 'x', startedOn: '2025-02-01' })).status).toBe(400);

    const activity = (await adviser.post('/api/v1/activities', {
      heldOn: '2026-02-01', kind: 'mosque_network_meeting', title: 'Netværksmøde', targetGroup: 'society', preventionLevel: 'green',
      audienceSector: 'religious_communities', participants: 12, organisations: 2,
    })).body;
    expect((await adviser.request('PUT', `/api/v1/activities/${activity.id}/links`, { environmentId: null, networkId: mosques.body.id })).status).toBe(200);

    const list = (await adviser.get('/api/v1/networks?kind=mosque_network')).body;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'Moskénetværket', organisations: ['Moské A', 'Moské B'], activities: 1 });
    expect((await adviser.get('/api/v1/networks')).body).toHaveLength(2);

    const ended = await coordinator.patch(`/api/v1/networks/${parents.body.id}`, { version: 1, endedOn: '2026-01-31' });
    expect(ended.status).toBe(200);
    expect(ended.body.endedOn).toBe('2026-01-31');
  });
});

describe('the psychiatry pathway', () => {
  it('a consultation with regional psychiatry on a concern or a case is recorded with its outcome and read by the manager', async () => {
    const k = await concernOf(h.units.a, '2026-02-15T10:00:00Z', adviser.user.id);
    const res = await coordinator.post(`/api/v1/concerns/${k}/psychiatry-consultations`, { consultedOn: '2026-02-20', outcome: 'illness' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ concernId: k, caseId: null, consultedOn: '2026-02-20', outcome: 'illness' });
    expect((await coordinator.post(`/api/v1/concerns/${k}/psychiatry-consultations`, { consultedOn: '2026-02-20', outcome: 'maybe' })).status).toBe(400);
    const future = await coordinator.post(`/api/v1/concerns/${k}/psychiatry-consultations`, { consultedOn: '2026-04-01', outcome: 'unclear' });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('consultedOn');

    const list = await manager.get(`/api/v1/concerns/${k}/psychiatry-consultations`);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { outcome: string }) => c.outcome)).toEqual(['illness']);
    // Health data: the adviser who registered the concern reads the concern, but not the consultation (404, audited).
    expect((await adviser.get(`/api/v1/concerns/${k}`)).status).toBe(200);
    expect((await adviser.get(`/api/v1/concerns/${k}/psychiatry-consultations`)).status).toBe(404);
    // On a case too: recorded by the coordinator, counted by the figures (tests/indicators.int.test.ts).
    const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Sag Person', 'unknown', now(), now()) RETURNING id`,
      [h.units.a]))[0]!.id;
    const kase = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Sag', now(), now()) RETURNING id`,
      [h.units.a, person]))[0]!.id;
    const onCase = await coordinator.post(`/api/v1/cases/${kase}/psychiatry-consultations`, { consultedOn: '2026-03-01', outcome: 'radicalisation' });
    expect(onCase.status).toBe(201);
    expect(onCase.body).toMatchObject({ caseId: kase, concernId: null, outcome: 'radicalisation' });
  });
});
