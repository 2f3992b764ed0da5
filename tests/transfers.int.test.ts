import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Transfer when a citizen moves (docs/domain.md, "Transfers"): unit a is Copenhagen, unit b Aarhus. A case moves from
 * Copenhagen to Aarhus; afterwards Copenhagen (its coordinator and the former owner) answers 404 on the content,
 * keeps the transfer row as its stub, and both audit trails hold the transfer.
 */
let h: Harness;
let cphCoord: Client & { user: TestUser };
let cphOwner: Client & { user: TestUser };
let aarCoord: Client & { user: TestUser };
let aarAdviser: Client & { user: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function makeCase(ownerId: string): Promise<{ caseId: string; personId: string; concernId: string }> {
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Flytter Testesen', 'unknown', $2, $2) RETURNING id`, [h.units.a, now]);
  const [c] = await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Flyttesag', $3, $4, $4) RETURNING id`,
    [h.units.a, p!.id, ownerId, now]);
  await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [c!.id, ownerId, h.units.a, now]);
  const [k] = await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated, case_id)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Truer andre og deler voldelige opslag.', 'received', $2, $4, $2, $2, 'no', $5) RETURNING id`,
    [h.units.a, now, p!.id, ownerId, c!.id]);
  return { caseId: c!.id, personId: p!.id, concernId: k!.id };
}

beforeAll(async () => {
  h = await createHarness();
  cphCoord = await h.signIn('coordinator', 'a');
  cphCoord.reason = 'Flytning: overdragelse';
  cphOwner = await h.signIn('adviser', 'a');
  aarCoord = await h.signIn('coordinator', 'b');
  aarCoord.reason = 'Modtaget ved flytning';
  aarAdviser = await h.signIn('adviser', 'b');
});
afterAll(async () => h?.close());

describe('transfer when a citizen moves', () => {
  it('a case moves from Copenhagen to Aarhus: back-reach is gone (404), Copenhagen keeps the stub, both trails hold the transfer', async () => {
    const { caseId, personId, concernId } = await makeCase(cphOwner.user.id);
    expect((await cphOwner.get(`/api/v1/cases/${caseId}`)).status).toBe(200);
    expect((await aarCoord.get(`/api/v1/cases/${caseId}`)).status).toBe(404);

    const req = await cphCoord.post('/api/v1/transfers', { caseId, toUnitId: h.units.b, travels: ['summary', 'assessments', 'offers_courses'], legalBasis: 'serviceloven § 152' });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect(req.body).toMatchObject({ status: 'requested', fromUnitId: h.units.a, toUnitId: h.units.b, direction: 'outgoing' });
    // A second request of the same case while one is open is a conflict.
    expect((await cphCoord.post('/api/v1/transfers', { caseId, toUnitId: h.units.b, travels: ['summary'], legalBasis: 'serviceloven § 152' })).status).toBe(409);

    const inbox = await aarCoord.get('/api/v1/transfers');
    expect(inbox.body.find((t: { id: string }) => t.id === req.body.id)).toMatchObject({ direction: 'incoming', status: 'requested' });
    // The sender cannot accept its own transfer: 409 naming what it may do.
    const wrong = await cphCoord.post(`/api/v1/transfers/${req.body.id}/transition`, { to: 'accepted', version: 1 });
    expect(wrong.status).toBe(409);
    expect(wrong.body.allowed).toEqual(['withdrawn']);
    expect((await aarCoord.post(`/api/v1/transfers/${req.body.id}/transition`, { to: 'accepted', version: 9 })).status).toBe(409);

    const acc = await aarCoord.post(`/api/v1/transfers/${req.body.id}/transition`, { to: 'accepted', version: 1 });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    expect(acc.body).toMatchObject({ status: 'accepted', decidedBy: aarCoord.user.id });

    // Aarhus owns the case, its concern and the person now.
    const [moved] = await sql<{ c: string; p: string; k: string }>(
      'SELECT (SELECT unit_id FROM cases WHERE id = $1) AS c, (SELECT unit_id FROM persons WHERE id = $2) AS p, (SELECT unit_id FROM concerns WHERE id = $3) AS k',
      [caseId, personId, concernId]);
    expect(moved).toEqual({ c: h.units.b, p: h.units.b, k: h.units.b });
    expect((await aarCoord.get(`/api/v1/cases/${caseId}`)).status).toBe(200);

    // Copenhagen loses reach to the content: coordinator, former owner, on the case, its notes, its concern and the person.
    for (const c of [cphCoord, cphOwner]) {
      expect((await c.get(`/api/v1/cases/${caseId}`)).status).toBe(404);
      expect((await c.get(`/api/v1/cases/${caseId}/notes`)).status).toBe(404);
      expect((await c.get(`/api/v1/persons/${personId}`)).status).toBe(404);
    }
    expect((await cphCoord.get(`/api/v1/concerns/${concernId}`)).status).toBe(404);
    // The closed stub: Copenhagen still sees the transfer record, with no content.
    const stub = (await cphCoord.get('/api/v1/transfers')).body.find((t: { id: string }) => t.id === req.body.id);
    expect(stub).toMatchObject({ status: 'accepted', direction: 'outgoing', caseId, legalBasis: 'serviceloven § 152' });
    expect(JSON.stringify(stub)).not.toContain('Flytter');

    // Both trails: the request and the acceptance in Copenhagen's and in Aarhus's.
    const rows = await sql<{ unit_id: string; action: string; criterion: string }>(
      `SELECT unit_id, action, criterion FROM audit_log WHERE record_type = 'transfer' AND record_id = $1 AND outcome = 'ok' ORDER BY seq`, [req.body.id]);
    for (const unit of [h.units.a, h.units.b]) {
      const mine = rows.filter((r) => r.unit_id === unit);
      expect(mine.map((r) => r.action).sort()).toEqual(['create', 'update']);
      expect(mine.find((r) => r.action === 'update')!.criterion).toContain(`transfer accepted of case ${caseId}`);
    }
  });

  it('reject needs a reason; withdraw is the sender\'s; an adviser may not request; a record outside reach is 404', async () => {
    const { caseId } = await makeCase(cphOwner.user.id);
    const req = await cphCoord.post('/api/v1/transfers', { caseId, toUnitId: h.units.b, travels: ['summary'], legalBasis: 'serviceloven § 152' });
    const noReason = await aarCoord.post(`/api/v1/transfers/${req.body.id}/transition`, { to: 'rejected', version: 1 });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    const rej = await aarCoord.post(`/api/v1/transfers/${req.body.id}/transition`, { to: 'rejected', reason: 'Borgeren er ikke tilflyttet endnu', version: 1 });
    expect(rej.body).toMatchObject({ status: 'rejected', decisionReason: 'Borgeren er ikke tilflyttet endnu' });
    expect((await cphCoord.get(`/api/v1/cases/${caseId}`)).status).toBe(200);
    const again = await aarCoord.post(`/api/v1/transfers/${req.body.id}/transition`, { to: 'accepted', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual([]);

    const req2 = await cphCoord.post('/api/v1/transfers', { caseId, toUnitId: h.units.b, travels: ['summary'], legalBasis: 'serviceloven § 152' });
    expect((await cphCoord.post(`/api/v1/transfers/${req2.body.id}/transition`, { to: 'withdrawn', reason: 'Fejl', version: 1 })).body.status).toBe('withdrawn');

    expect((await cphOwner.post('/api/v1/transfers', { caseId, toUnitId: h.units.b, travels: ['summary'], legalBasis: 'x y z' })).status).toBe(403);
    expect((await aarCoord.post('/api/v1/transfers', { caseId, toUnitId: h.units.a, travels: ['summary'], legalBasis: 'serviceloven § 152' })).status).toBe(404);
    expect((await aarAdviser.post(`/api/v1/transfers/${req2.body.id}/transition`, { to: 'accepted', version: 2 })).status).toBe(403);
    const bad = await cphCoord.post('/api/v1/transfers', { caseId, toUnitId: h.units.b, travels: [], legalBasis: 'serviceloven' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('travels');
  });
});
