import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { confineTransactionInTrx } from '../src/server/platform/db.ts';
import { syncCprIndex } from '../src/server/modules/known-persons/index.ts';

/**
 * "Is this person already known?" across units (docs/domain.md, "Already known elsewhere"; migration 0380). Unit A
 * asks at intake; unit B holds an open case about the person. The answer names the unit and whom to contact, nothing
 * else; the question is audited in both units with its purpose and appears in the person's access-request export;
 * a unit that switched the question off neither asks nor is named; the index holds no readable CPR number.
 */
let h: Harness;
let adviserA: Client & { user: TestUser };
let coordinatorB: Client & { user: TestUser };
let managerA: Client & { user: TestUser };
let managerB: Client & { user: TestUser };
let dpoB: Client & { user: TestUser };
let dpoA: Client & { user: TestUser };
let personB: string;
const CPR = '010203-1234';
const AR = { 'x-vink-purpose': 'access_request' };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const maxSeq = async () => (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;
const auditSince = (since: number) => sql<{ unit_id: string; outcome: string; person_id: string | null; criterion: string; purpose: string; record_type: string; actor_id: string }>(
  'SELECT unit_id, outcome, person_id, criterion, purpose, record_type, actor_id FROM audit_log WHERE seq > $1 ORDER BY seq', [since]);

async function person(unit: string, name: string, cpr: string | null): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, cpr, gender, created_at, updated_at) VALUES ($1, $2, $3, 'unknown', $4, $4) RETURNING id`,
    [unit, name, cpr, h.clock.now()]))[0]!.id;
}
async function openCase(unit: string, personId: string, title: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [unit, personId, title, h.clock.now()]))[0]!.id;
}
const ask = (c: Client, cpr: string, purpose = 'Modtagelse af en bekymringshenvendelse') => c.post('/api/v1/known-persons/questions', { cpr, purpose });

beforeAll(async () => {
  h = await createHarness();
  adviserA = await h.signIn('adviser', 'a');
  managerA = await h.signIn('manager', 'a');
  dpoA = await h.signIn('dpo', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
  managerB = await h.signIn('manager', 'b');
  dpoB = await h.signIn('dpo', 'b');
  personB = await person(h.units.b, 'Kendt Andetsteds', CPR);
  await openCase(h.units.b, personB, 'Hemmelig sagstitel om radikalisering');
});
afterAll(async () => h?.close());

describe('the cross-unit index', () => {
  it('holds a keyed hash of the CPR number, never the number, and the application role cannot read it', async () => {
    await syncCprIndex({ db: h.ctx.db, clock: h.clock, secretBox: h.ctx.secretBox });
    const keys = await sql<{ cpr_key: string }>('SELECT cpr_key FROM known_person_keys WHERE person_id = $1', [personB]);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.cpr_key).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[0]!.cpr_key).not.toContain('0102031234');
    // Keyed: a plain SHA-256 of the number (which anyone can compute for every CPR number) is not what is stored.
    const { createHash } = await import('node:crypto');
    expect(keys[0]!.cpr_key).not.toBe(createHash('sha256').update('0102031234').digest('hex'));
    expect(await sql('SELECT person_id FROM known_person_pending WHERE person_id = $1', [personB])).toEqual([]);
    const asApp = () => systemTransaction(h.ctx.db, async (tx) => {
      await confineTransactionInTrx(tx, 'vink_app', { 'vink.actor_id': coordinatorB.user.id, 'vink.unit_ids': `{${h.units.b}}`, 'vink.actor_role': 'coordinator', 'vink.purpose': 'casework' });
      return tx.query('SELECT * FROM known_person_keys');
    });
    await expect(asApp()).rejects.toThrow(/permission denied/);
  });

  it('follows a corrected CPR number at once (the old key goes) and is hashed again before the next question', async () => {
    const p = await person(h.units.b, 'Rettet Nummer', '020304-2345');
    await openCase(h.units.b, p, 'Sag');
    expect((await ask(adviserA, '020304-2345')).body.knownIn).toHaveLength(1);
    await sql('UPDATE persons SET cpr = $2 WHERE id = $1', [p, '020304-2346']);
    expect(await sql('SELECT 1 FROM known_person_keys WHERE person_id = $1', [p])).toEqual([]);
    expect((await ask(adviserA, '020304-2345')).body.knownIn).toEqual([]);
    expect((await ask(adviserA, '020304-2346')).body.knownIn).toHaveLength(1);
  });
});

describe('the question at intake', () => {
  it('answers only "known in unit B, contact its coordinator", with no content', async () => {
    await managerB.request('PUT', '/api/v1/known-persons/settings', { enabled: true, contact: 'vink@kommune-b.example, tlf. 70 10 20 30', version: 0 });
    const res = await ask(adviserA, CPR);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['askedAt', 'knownIn', 'questionId']);
    expect(res.body.knownIn).toEqual([{
      unitId: h.units.b, unitName: 'Testkommune B', contact: 'vink@kommune-b.example, tlf. 70 10 20 30',
      coordinators: expect.stringContaining('Test coordinator'),
    }]);
    const text = JSON.stringify(res.body);
    for (const secret of ['Kendt Andetsteds', 'Hemmelig', personB, '1234', 'case', 'open']) expect(text).not.toContain(secret);
  });

  it('is audited in both units with its purpose; the answering unit\'s row names its person', async () => {
    const since = await maxSeq();
    const res = await ask(adviserA, CPR, 'Modtagelse af opkald på hotlinen');
    const rows = await auditSince(since);
    expect(rows).toHaveLength(2);
    const [asking, answering] = [rows.find((r) => r.unit_id === h.units.a)!, rows.find((r) => r.unit_id === h.units.b)!];
    for (const r of [asking, answering]) {
      expect(r).toMatchObject({ outcome: 'ok', record_type: 'known_person_question', actor_id: adviserA.user.id, purpose: 'casework' });
      expect(r.criterion).toContain('Modtagelse af opkald på hotlinen');
      expect(r.criterion).not.toContain('1234');
    }
    expect(asking.criterion).toContain('known in Testkommune B');
    expect(asking.person_id).toBeNull();
    expect(answering.person_id).toBe(personB);
    expect(answering.criterion).toContain('from Testkommune A');
    expect(res.body.questionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not know a person whose only case is closed, nor a CPR number nobody holds, nor a person of the asking unit', async () => {
    const closed = await person(h.units.b, 'Lukket Sag', '030405-3456');
    const c = await openCase(h.units.b, closed, 'Gammel sag');
    await sql(`UPDATE cases SET status = 'closed', closed_at = now(), closure_reason = 'Afsluttet' WHERE id = $1`, [c]);
    expect((await ask(adviserA, '030405-3456')).body.knownIn).toEqual([]);
    expect((await ask(adviserA, '040506-4567')).body.knownIn).toEqual([]);
    const own = await person(h.units.a, 'Egen Borger', '050607-5678');
    await openCase(h.units.a, own, 'Egen sag');
    expect((await ask(adviserA, '050607-5678')).body.knownIn).toEqual([]);
  });

  it('knows a person with an open concern', async () => {
    const p = await person(h.units.b, 'Åben Henvendelse', '060708-6789');
    await sql(`INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
        registered_by, created_at, updated_at)
      VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Deler voldsforherligende materiale', 'received', $2, $4, $2, $2)`,
    [h.units.b, h.clock.now(), p, coordinatorB.user.id]);
    expect((await ask(adviserA, '060708-6789')).body.knownIn.map((u: { unitName: string }) => u.unitName)).toEqual(['Testkommune B']);
  });

  it('refuses a malformed CPR number or a missing purpose with a 400 naming the field', async () => {
    const bad = await ask(adviserA, '311399-1234');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('cpr');
    const noPurpose = await adviserA.post('/api/v1/known-persons/questions', { cpr: CPR, purpose: '' });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors[0].field).toBe('purpose');
  });
});

describe('a unit switches the question off', () => {
  it('the asking unit: 403 with a clear problem, audited as refused, nothing recorded', async () => {
    const before = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM known_person_questions'))[0]!.n;
    const set = await managerA.request('PUT', '/api/v1/known-persons/settings', { enabled: false, version: 0 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ unitId: h.units.a, enabled: false, version: 1 });
    const since = await maxSeq();
    const res = await ask(adviserA, CPR);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/switched the already-known question off/);
    const rows = await auditSince(since);
    expect(rows).toEqual([expect.objectContaining({ unit_id: h.units.a, outcome: 'denied', record_type: 'known_person_question' })]);
    expect((await sql<{ n: number }>('SELECT count(*)::int AS n FROM known_person_questions'))[0]!.n).toBe(before);
    // A stale version is a 409; switching on again needs the version read.
    expect((await managerA.request('PUT', '/api/v1/known-persons/settings', { enabled: true, version: 0 })).status).toBe(409);
    expect((await managerA.request('PUT', '/api/v1/known-persons/settings', { enabled: true, version: 1 })).status).toBe(200);
    expect((await ask(adviserA, CPR)).status).toBe(200);
  });

  it('the answering unit: it is not named (the answer equals "not known"), and its own trail records the refused question', async () => {
    const current = (await managerB.get('/api/v1/known-persons/settings')).body;
    expect((await managerB.request('PUT', '/api/v1/known-persons/settings', { enabled: false, version: current.version })).status).toBe(200);
    const since = await maxSeq();
    const res = await ask(adviserA, CPR);
    expect(res.status).toBe(200);
    expect(res.body.knownIn).toEqual([]);
    const rows = await auditSince(since);
    expect(rows.find((r) => r.unit_id === h.units.a)).toMatchObject({ outcome: 'ok' });
    expect(rows.find((r) => r.unit_id === h.units.a)!.criterion).toContain('not known in another unit');
    expect(rows.find((r) => r.unit_id === h.units.b)).toMatchObject({ outcome: 'denied', person_id: personB });
    // And unit B, switched off, may not ask either.
    const coordinatorAsk = await ask(coordinatorB, '040506-4567');
    expect(coordinatorAsk.status).toBe(403);
    const again = (await managerB.get('/api/v1/known-persons/settings')).body;
    expect((await managerB.request('PUT', '/api/v1/known-persons/settings', { enabled: true, version: again.version })).status).toBe(200);
  });

  it('only a manager or the DPO changes the setting; an adviser may read it', async () => {
    expect((await adviserA.get('/api/v1/known-persons/settings')).body).toMatchObject({ enabled: true });
    expect((await adviserA.request('PUT', '/api/v1/known-persons/settings', { enabled: false, version: 2 })).status).toBe(403);
  });
});

describe('the person\'s access-request export', () => {
  async function exportFor(dpo: Client, personId: string) {
    const reg = await dpo.post('/api/v1/access-requests', { receivedOn: '2026-03-01', identityVerified: 'MitID' });
    expect(reg.status).toBe(201);
    const link = await dpo.request('POST', `/api/v1/access-requests/${reg.body.id}/person`, { version: reg.body.version, personId }, AR);
    expect(link.status).toBe(200);
    const res = await dpo.request('GET', `/api/v1/access-requests/${reg.body.id}/export.json`, undefined, AR);
    expect(res.status).toBe(200);
    return res.body.items.filter((i: { type: string }) => i.type === 'known_person_question');
  }

  it('lists in the answering unit each question about the person: date, asking unit, purpose and answer', async () => {
    const items = await exportFor(dpoB, personB);
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items).toContainEqual(expect.objectContaining({
      fields: expect.objectContaining({ 'Spurgt af': 'Testkommune A', 'Formål': 'Modtagelse af opkald på hotlinen', 'Svar': 'Kendt her; kontakt til koordinatorerne oplyst' }),
    }));
    expect(items).toContainEqual(expect.objectContaining({ fields: expect.objectContaining({ 'Svar': 'Afvist: enheden deltager ikke' }) }));
  });

  it('lists in the asking unit the questions it asked, once the person is registered there', async () => {
    const registered = await person(h.units.a, 'Kendt Andetsteds', CPR);
    await syncCprIndex({ db: h.ctx.db, clock: h.clock, secretBox: h.ctx.secretBox });
    const items = await exportFor(dpoA, registered);
    expect(items).toContainEqual(expect.objectContaining({
      fields: expect.objectContaining({ 'Spurgt af': 'Testkommune A', 'Formål': 'Modtagelse af opkald på hotlinen', 'Svar': 'Kendt i Testkommune B' }),
    }));
    // Questions about other CPR numbers are not this person's.
    expect(items.every((i: { fields: Record<string, string> }) => i.fields['Spurgt af'] === 'Testkommune A')).toBe(true);
    const unrelated = await person(h.units.a, 'Ingen Spørgsmål', '070809-7890');
    await syncCprIndex({ db: h.ctx.db, clock: h.clock, secretBox: h.ctx.secretBox });
    expect(await exportFor(dpoA, unrelated)).toEqual([]);
  });
});
