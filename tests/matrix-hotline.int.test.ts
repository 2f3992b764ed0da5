import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * The shared-hotline routes × every role × every call relation (own call taken by the actor, own unit's call taken by
 * someone else, another unit's call), the expected status computed from the policy table (call.forward,
 * call.statistics). A refused request leaves exactly one denied audit row by the actor; an allowed forward leaves rows
 * by the actor in both units' trails; a referral and a figures request leave one row.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

type CallRel = 'ownCreator' | 'ownNone' | 'otherNone';
const RELS: Record<CallRel, Relation> = {
  ownCreator: { own: true, creator: true },
  ownNone: { own: true, creator: false },
  otherNone: { own: false, creator: false },
};
const FORWARD = route('POST /api/v1/calls/:id/hotline-forward');
const REFERRAL = route('POST /api/v1/calls/:id/referral');
const STATISTICS = route('GET /api/v1/calls/hotline-statistics');

/** A hotline call in unit a (own) or b (other) about a citizen of the other member unit. */
async function makeCall(role: Role, rel: CallRel): Promise<string> {
  const own = RELS[rel].own;
  const by = RELS[rel].creator ? actors[role].user.id : (own ? staff.a : staff.b).id;
  const now = h.clock.now();
  return (await sql<{ id: string }>(
    `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at, caller_municipality, citizen_municipality)
     VALUES ($1, $2, 'national_hotline', 'parent', 'Matrix', 'right_wing', 'advice_only', $3, $2, $2, '101', $4) RETURNING id`,
    [own ? h.units.a : h.units.b, now, by, own ? '751' : '101'],
  ))[0]!.id;
}
const forwardBody = () => ({
  reporter: { anonymous: true }, person: { fullName: 'Matrix Hotline' }, ideologyArea: 'right_wing', severity: 'low',
  behaviourIndicators: ['threats'], behaviourDescription: 'Matrix: truer andre elever.', minor: 'no', legalBasis: 'serviceloven § 49 b',
});

beforeAll(async () => {
  h = await createHarness();
  const [hl] = await sql<{ id: string }>(`INSERT INTO hotlines (name) VALUES ('Matrix-hotline') RETURNING id`);
  await sql('INSERT INTO hotline_members (hotline_id, unit_id) VALUES ($1, $2), ($1, $3)', [hl!.id, h.units.a, h.units.b]);
  staff = { a: await h.createUser('adviser', 'a'), b: await h.createUser('adviser', 'b') };
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

async function byActor(role: Role, since: number) {
  return sql<{ outcome: string; unit_id: string }>('SELECT outcome, unit_id FROM audit_log WHERE seq > $1 AND actor_id = $2 ORDER BY seq', [since, actors[role].user.id]);
}
const maxSeq = async () => (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;

describe('shared hotline access matrix', () => {
  it('walks exactly the hotline routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([FORWARD, REFERRAL, STATISTICS].map(keyOf).sort()).toEqual(walkedBy('hotline').sort());
  });

  it(`${FORWARD.method} ${FORWARD.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of Object.keys(RELS) as CallRel[]) {
        const id = await makeCall(role, rel);
        const expected = expectedStatus(FORWARD.action, role, 200, RELS[rel]);
        const since = await maxSeq();
        const res = await actors[role].post(`/api/v1/calls/${id}/hotline-forward`, forwardBody());
        const rows = await byActor(role, since);
        const where = `${role} × ${rel}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if (expected === 200) {
          // Rows in both trails: the sending unit's call update, the receiving unit's creations.
          if (!rows.some((r) => r.unit_id === h.units.a) || !rows.some((r) => r.unit_id === h.units.b) || rows.some((r) => r.outcome !== 'ok')) {
            failures.push(`${where}: audit rows ${JSON.stringify(rows)}`);
          }
        } else if (rows.length !== 1 || rows[0]!.outcome !== 'denied') failures.push(`${where}: audit rows ${JSON.stringify(rows)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`${REFERRAL.method} ${REFERRAL.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of Object.keys(RELS) as CallRel[]) {
        const id = await makeCall(role, rel);
        const expected = expectedStatus(REFERRAL.action, role, 200, RELS[rel]);
        const since = await maxSeq();
        const res = await actors[role].post(`/api/v1/calls/${id}/referral`, { name: 'Odense Kommune', on: h.clock.now().toISOString().slice(0, 10), channel: 'phone' });
        const rows = await byActor(role, since);
        const where = `${role} × ${rel}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status}`);
        if (rows.length !== 1 || rows[0]!.outcome !== (expected === 200 ? 'ok' : 'denied')) failures.push(`${where}: audit rows ${JSON.stringify(rows)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`${STATISTICS.method} ${STATISTICS.url}`, async () => {
    const failures: string[] = [];
    const day = h.clock.now().toISOString().slice(0, 10);
    for (const role of ROLES) {
      const expected = expectedStatus(STATISTICS.action, role, 200);
      const since = await maxSeq();
      const res = await actors[role].get(`/api/v1/calls/hotline-statistics?from=${day}&to=${day}`);
      const rows = await byActor(role, since);
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (rows.length !== 1 || rows[0]!.outcome !== (expected === 200 ? 'ok' : 'denied')) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
    }
    expect(failures).toEqual([]);
  });
});
