import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * Correcting an advisory call (docs/domain.md, "Corrections") × every role × every relation of the call to the actor
 * (own unit and taken by the actor, own unit by someone else, another unit), with the expected status from the one
 * policy table. A success leaves exactly one 'ok' audit row and one field_history row per changed field; a refusal
 * exactly one 'denied' row and no history. Then the correction's rules: 409 on a stale version, 400 naming the field.
 */
type CallRel = 'ownCreator' | 'ownNone' | 'otherNone';
const CALL_RELS: Record<CallRel, Relation> = {
  ownCreator: { own: true, creator: true, shared: false },
  ownNone: { own: true, creator: false, shared: false },
  otherNone: { own: false, creator: false, shared: false },
};

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function makeCall(own: boolean, handledBy: string): Promise<string> {
  return (await sql<{ id: string }>(
    `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
     VALUES ($1, $2, 'vink_line', 'parent', 'Matrix opkald', 'none', 'advice_only', $3, $2, $2) RETURNING id`,
    [own ? h.units.a : h.units.b, h.clock.now(), handledBy],
  ))[0]!.id;
}

const PATCH = route('PATCH /api/v1/calls/:id');

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  staff = { a: await h.createUser('adviser', 'a'), b: await h.createUser('adviser', 'b') };
});
afterAll(async () => h?.close());

describe('access matrix: calls', () => {
  it('walks every calls route of its group', () => {
    expect([keyOf(PATCH)]).toEqual(walkedBy('calls'));
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('calls').includes(k));
    expect(registered).toEqual(walkedBy('calls'));
  });

  it('PATCH /api/v1/calls/:id across roles and relations: one audit row, history only on success', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of Object.keys(CALL_RELS) as CallRel[]) {
        const r = CALL_RELS[rel];
        const id = await makeCall(r.own, r.creator ? actors[role].user.id : (r.own ? staff.a : staff.b).id);
        const expected = expectedStatus(PATCH.action, role, 200, r);
        const before = await h.auditCount();
        const res = await actors[role].request('PATCH', `/api/v1/calls/${id}`, { version: 1, topic: 'Rettet emne' });
        const after = await h.auditCount();
        const where = `${role} × ${rel}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if (after - before !== 1) failures.push(`${where}: expected 1 audit row, got ${after - before}`);
        const row = (await sql<{ outcome: string; actor_id: string }>('SELECT outcome, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
        if (row.outcome !== (expected >= 400 ? 'denied' : 'ok') || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)}`);
        const history = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM field_history WHERE record_id = $1', [id]))[0]!.n;
        if (history !== (expected >= 400 ? 0 : 1)) failures.push(`${where}: ${history} history rows`);
        const topic = (await sql<{ topic: string }>('SELECT topic FROM calls WHERE id = $1', [id]))[0]!.topic;
        if ((topic === 'Rettet emne') !== (expected < 400)) failures.push(`${where}: topic is ${topic}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('correcting a call', () => {
  it('keeps old -> new per field, shows it on the call, and answers 409 on a stale version', async () => {
    const adviser = actors.adviser;
    const id = await makeCall(true, adviser.user.id);
    const res = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 1, callerType: 'professional', callerSector: 'school', durationMinutes: 12 });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.callerSector).toBe('school');
    const got = await adviser.get(`/api/v1/calls/${id}`);
    expect(got.status).toBe(200);
    const changes = got.body.corrections.map((c: { field: string; oldValue: string | null; newValue: string | null }) => [c.field, c.oldValue, c.newValue]);
    expect(changes).toEqual(expect.arrayContaining([['callerType', 'parent', 'professional'], ['callerSector', null, 'school'], ['durationMinutes', null, '12']]));
    expect(got.body.corrections).toHaveLength(3);
    expect(got.body.corrections[0].changedBy.id).toBe(adviser.user.id);

    const stale = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 1, topic: 'For sent' });
    expect(stale.status).toBe(409);
    expect((await sql<{ topic: string }>('SELECT topic FROM calls WHERE id = $1', [id]))[0]!.topic).toBe('Matrix opkald');

    // Leaving the professional caller type clears the sector (and the history says so).
    const back = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 2, callerType: 'anonymous' });
    expect(back.status).toBe(200);
    expect(back.body.callerSector).toBeNull();
    expect(back.body.corrections.filter((c: { field: string }) => c.field === 'callerSector').map((c: { newValue: string | null }) => c.newValue)).toEqual(['school', null]);
  });

  it('answers 400 naming the field for a broken rule, and nothing changes', async () => {
    const adviser = actors.adviser;
    const id = await makeCall(true, adviser.user.id);
    const noSector = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 1, callerType: 'professional' });
    expect(noSector.status).toBe(400);
    expect(JSON.stringify(noSector.body)).toContain('callerSector');
    const future = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 1, receivedAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('receivedAt');
    const outcome = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 1, outcome: 'acute_police' });
    expect(outcome.status).toBe(400);
    const nothing = await adviser.request('PATCH', `/api/v1/calls/${id}`, { version: 1 });
    expect(nothing.status).toBe(400);
    expect((await sql<{ n: number }>('SELECT count(*)::int AS n FROM field_history WHERE record_id = $1', [id]))[0]!.n).toBe(0);
    expect((await sql<{ version: number }>('SELECT version FROM calls WHERE id = $1', [id]))[0]!.version).toBe(1);
  });
});
