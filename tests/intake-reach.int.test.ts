import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Search before create, within need to know (VINK security review, issue 9): an adviser may learn that a person is
 * already registered in the unit, and link a new concern to that registration, but reads nothing of a person outside
 * their person.read reach (docs/domain.md, "Who uses it": an adviser sees the concerns they registered and the cases
 * they are on). The person's id does not leave either: a match outside reach carries a short-lived handle bound to
 * the adviser, so two look-ups (by CPR, by name and birth date) cannot be joined into "this CPR number is this name".
 */
let h: Harness;
let adviser: Client & { user: TestUser };
let otherAdviser: Client & { user: TestUser };
let coordinator: Client & { user: TestUser };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = 'Karin Koordinatorsen';
const CPR = '120612-4322';
const BIRTH = '2012-06-12';
let hidden: { id: string };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const lastSeq = async () => Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
const auditSince = (seq: number) => sql<{ action: string; outcome: string; record_type: string; person_id: string | null; criterion: string | null }>(
  'SELECT action, outcome, record_type, person_id, criterion FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);

const concernBody = (over: Record<string, unknown>) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: true },
  ideologyArea: 'right_wing',
  severity: 'medium',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler voldsforherligende materiale i klassens chat.',
  minor: 'no',
  ...over,
});

/** Nothing of the hidden person may appear anywhere in an answer: not the id, the name, the birth date or the CPR number. */
function expectNothingOf(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(hidden.id);
  for (const part of [NAME, 'Karin', 'Koordinatorsen', 'K. K.', BIRTH, '120612', CPR]) expect(text).not.toContain(part);
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  otherAdviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  // Registered by the coordinator: in the adviser's unit, outside the adviser's person.read reach (creator, member).
  const p = await coordinator.post('/api/v1/persons', { fullName: NAME, cpr: CPR });
  expect(p.status).toBe(201);
  hidden = { id: p.body.id };
});
afterAll(async () => h?.close());

describe('a match outside the adviser\'s reach says only that a registration exists', () => {
  it('by CPR: no id, no name, no birth date, no CPR number; a handle to link with', async () => {
    const res = await adviser.post('/api/v1/persons/matches', { cpr: CPR });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{
      personId: expect.any(String), registered: true, visible: false, nameMasked: null, birthDate: null, cprMasked: null, score: null,
      matchedOn: 'cpr', minor: true,
    }]);
    expect(res.body[0].personId).not.toMatch(UUID);
    expectNothingOf(res.body);
  });

  it('by name and birth date: the same, and each answer carries a fresh handle', async () => {
    const a = await adviser.post('/api/v1/persons/matches', { fullName: 'karin koordinatorsen', birthDate: BIRTH });
    const b = await adviser.post('/api/v1/persons/matches', { fullName: 'Karin Koordinatorsen', birthDate: BIRTH });
    expect(a.body).toEqual([expect.objectContaining({ registered: true, visible: false, matchedOn: 'name_birth_date', nameMasked: null, birthDate: null, score: null })]);
    expectNothingOf(a.body);
    // Two look-ups cannot be joined by their handle.
    expect(b.body[0].personId).not.toBe(a.body[0].personId);
  });

  it('by a name alone: nothing outside reach (a name is not enough to say who is registered)', async () => {
    const res = await adviser.post('/api/v1/persons/matches', { fullName: NAME });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('the coordinator, who reaches the unit, still sees the masked fields', async () => {
    const res = await coordinator.post('/api/v1/persons/matches', { cpr: CPR });
    expect(res.body).toEqual([expect.objectContaining({ personId: hidden.id, visible: true, nameMasked: 'K. K.', birthDate: BIRTH, cprMasked: '120612-XXXX', score: 1 })]);
  });
});

describe('a concern linked to a person outside reach', () => {
  it('links by the handle, answers without the person\'s fields, and audits the link as such', async () => {
    const m = await adviser.post('/api/v1/persons/matches', { cpr: CPR });
    const seq = await lastSeq();
    const res = await adviser.post('/api/v1/concerns', concernBody({ personId: m.body[0].personId }));
    expect(res.status).toBe(201);
    expect(res.body.person).toEqual({ registered: true, visible: false, minor: true, socialServicesReportDuty: true });
    expectNothingOf(res.body);
    expect(await sql('SELECT person_id FROM concerns WHERE id = $1', [res.body.id])).toEqual([{ person_id: hidden.id }]);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({
      action: 'create', outcome: 'ok', record_type: 'concern', person_id: hidden.id, criterion: 'linked to an existing person outside reach',
    })]);

    // Reading the concern back (the adviser registered it) shows the same reduced person; the queue shows no person id.
    const read = await adviser.get(`/api/v1/concerns/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.person).toEqual({ registered: true, visible: false, minor: true, socialServicesReportDuty: true });
    expectNothingOf(read.body);
    const list = await adviser.get('/api/v1/concerns/page?limit=200');
    const row = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(row).toMatchObject({ personId: null });
    expectNothingOf(list.body.items);

    // The coordinator reads the same concern with the person in full.
    const full = await coordinator.get(`/api/v1/concerns/${res.body.id}`);
    expect(full.body.person).toMatchObject({ id: hidden.id, fullName: NAME, birthDate: BIRTH, cprMasked: '120612-XXXX', visible: true });
  });

  it('links by the person id too, answering just as little', async () => {
    const seq = await lastSeq();
    const res = await adviser.post('/api/v1/concerns', concernBody({ personId: hidden.id }));
    expect(res.status).toBe(201);
    expect(res.body.person).toEqual({ registered: true, visible: false, minor: true, socialServicesReportDuty: true });
    expect(JSON.stringify(res.body)).not.toContain(NAME);
    expect((await auditSince(seq))[0]).toMatchObject({ person_id: hidden.id, criterion: 'linked to an existing person outside reach' });
  });

  it('refuses a handle of another adviser, an expired one and a forged one with 400 naming personId', async () => {
    const m = await adviser.post('/api/v1/persons/matches', { cpr: CPR });
    const handle: string = m.body[0].personId;
    const foreign = await otherAdviser.post('/api/v1/concerns', concernBody({ personId: handle }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('personId');
    const forged = await adviser.post('/api/v1/concerns', concernBody({ personId: `${handle.slice(0, -4)}AAAA` }));
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('personId');
    const junk = await adviser.post('/api/v1/concerns', concernBody({ personId: 'not-a-person' }));
    expect(junk.status).toBe(400);
    expect(junk.body.errors[0].field).toBe('personId');
    h.clock.advanceMinutes(31);
    const expired = await adviser.post('/api/v1/concerns', concernBody({ personId: handle }));
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0]).toMatchObject({ field: 'personId', reason: expect.stringContaining('search again') });
  });

  it('a duplicate CPR number in a new person answers 409 with a handle, not the id, and the handle links', async () => {
    const dup = await adviser.post('/api/v1/concerns', concernBody({ person: { fullName: 'Karin K', cpr: CPR } }));
    expect(dup.status).toBe(409);
    expectNothingOf(dup.body);
    expect(dup.body.existingPersonId).toEqual(expect.any(String));
    const linked = await adviser.post('/api/v1/concerns', concernBody({ personId: dup.body.existingPersonId }));
    expect(linked.status).toBe(201);
    expect(await sql('SELECT person_id FROM concerns WHERE id = $1', [linked.body.id])).toEqual([{ person_id: hidden.id }]);
  });
});

describe('a person within the adviser\'s reach keeps today\'s answers', () => {
  it('the adviser\'s own registration matches with its masked fields and links with the person shown', async () => {
    const first = await adviser.post('/api/v1/concerns', concernBody({ person: { fullName: 'Egon Egenregistreret', cpr: '030390-1235' } }));
    expect(first.status).toBe(201);
    const own = first.body.person.id as string;
    expect(first.body.person).toMatchObject({ fullName: 'Egon Egenregistreret', cprMasked: '030390-XXXX', visible: true });

    const byCpr = await adviser.post('/api/v1/persons/matches', { cpr: '030390-1235' });
    expect(byCpr.body).toEqual([expect.objectContaining({
      personId: own, registered: true, visible: true, nameMasked: 'E. E.', birthDate: '1990-03-03', cprMasked: '030390-XXXX', score: 1, matchedOn: 'cpr', minor: false,
    })]);
    const byName = await adviser.post('/api/v1/persons/matches', { fullName: 'Egon Egenregistreret', birthDate: '1990-03-03' });
    expect(byName.body).toEqual([expect.objectContaining({ personId: own, visible: true, nameMasked: 'E. E.', matchedOn: 'name_birth_date' })]);
    const byNameOnly = await adviser.post('/api/v1/persons/matches', { fullName: 'Egon Egenregistrerd' });
    expect(byNameOnly.body).toEqual([expect.objectContaining({ personId: own, visible: true, matchedOn: 'name' })]);

    const seq = await lastSeq();
    const second = await adviser.post('/api/v1/concerns', concernBody({ personId: own }));
    expect(second.status).toBe(201);
    expect(second.body.person).toMatchObject({ id: own, fullName: 'Egon Egenregistreret', birthDate: '1990-03-03', cprMasked: '030390-XXXX' });
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'create', person_id: own, criterion: null })]);
    const list = await adviser.get('/api/v1/concerns/page?limit=200');
    expect(list.body.items.find((k: { id: string }) => k.id === second.body.id)).toMatchObject({ personId: own });
  });
});
