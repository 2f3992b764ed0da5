import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * The transfer routes × every role (docs/domain.md, "Transfers"), the expected status from the policy table
 * (transfer.request, transfer.read, transfer.decide). Requesting: a case of the actor's unit (own) or of another
 * unit (other, 404). Deciding: a transfer addressed to the actor's unit (incoming, accept) or between two other units
 * (404: row-level security hides it). Every request leaves exactly one audit row by the actor in the actor's unit
 * (ok or denied); an allowed request or decision leaves one more in the other unit's trail.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let unitC: string;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const REQUEST = route('POST /api/v1/transfers');
const LIST = route('GET /api/v1/transfers');
const DECIDE = route('POST /api/v1/transfers/:id/transition');
const OWN: Relation = { own: true };
const OTHER: Relation = { own: false };

async function makeCase(unit: string): Promise<string> {
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Flyt', 'unknown', $2, $2) RETURNING id`, [unit, now]);
  return (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id`, [unit, p!.id, now]))[0]!.id;
}
async function makeTransfer(from: string, to: string): Promise<string> {
  const caseId = await makeCase(from);
  const [u] = await sql<{ id: string }>('SELECT id FROM users WHERE unit_id = $1 LIMIT 1', [from]);
  return (await sql<{ id: string }>(`INSERT INTO transfers (case_id, from_unit_id, to_unit_id, travels, legal_basis, requested_by, requested_at)
    VALUES ($1, $2, $3, '{summary}', 'serviceloven § 152', $4, $5) RETURNING id`, [caseId, from, to, u!.id, h.clock.now()]))[0]!.id;
}
const maxSeq = async () => (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;
const rowsSince = (role: Role, since: number) =>
  sql<{ outcome: string; unit_id: string }>('SELECT outcome, unit_id FROM audit_log WHERE seq > $1 AND actor_id = $2 ORDER BY seq', [since, actors[role].user.id]);

beforeAll(async () => {
  h = await createHarness();
  [{ id: unitC }] = await sql<{ id: string }>(`INSERT INTO units (name, municipality_code, police_district_id) VALUES ('Matrix C', '730', 2) RETURNING id`) as [{ id: string }];
  await h.createUser('adviser', 'b');
  await sql(`INSERT INTO users (unit_id, username, display_name, role, created_at, updated_at) VALUES ($1, 'matrix.c', 'Matrix C', 'adviser', now(), now())`, [unitC]);
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

async function check(role: Role, where: string, expected: number, run: () => Promise<{ status: number; body: any }>, crossing: boolean, failures: string[]) {
  const since = await maxSeq();
  const res = await run();
  const rows = await rowsSince(role, since);
  if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  const ok = expected < 400;
  const want = ok && crossing ? 2 : 1;
  if (rows.length !== want || rows.some((r) => r.outcome !== (ok ? 'ok' : 'denied')) || rows[0]!.unit_id !== h.units.a) {
    failures.push(`${where}: audit rows ${JSON.stringify(rows)}`);
  }
}

describe('transfers access matrix', () => {
  it('walks exactly the transfer routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([REQUEST, LIST, DECIDE].map(keyOf).sort()).toEqual(walkedBy('transfers').sort());
  });

  it(`${REQUEST.method} ${REQUEST.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const [rel, relation, unit] of [['own', OWN, h.units.a], ['other', OTHER, h.units.b]] as const) {
        const caseId = await makeCase(unit);
        const expected = expectedStatus(REQUEST.action, role, 201, relation);
        // A role without the action at all is refused before the record is looked up.
        const status = expectedStatus(REQUEST.action, role, 201) === 403 ? 403 : expected;
        await check(role, `${role} × ${rel}`, status, () => actors[role].post('/api/v1/transfers',
          { caseId, toUnitId: unitC, travels: ['summary'], legalBasis: 'serviceloven § 152' }), true, failures);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`${LIST.method} ${LIST.url}`, async () => {
    const failures: string[] = [];
    const between = await makeTransfer(h.units.b, unitC);
    for (const role of ROLES) {
      const since = await maxSeq();
      const res = await actors[role].get('/api/v1/transfers');
      const rows = await rowsSince(role, since);
      const expected = expectedStatus(LIST.action, role, 200);
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (rows.length !== 1 || rows[0]!.outcome !== (expected === 200 ? 'ok' : 'denied')) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
      if (Array.isArray(res.body) && res.body.some((t: { id: string }) => t.id === between)) failures.push(`${role}: list leaks a transfer between two other units`);
    }
    expect(failures).toEqual([]);
  });

  it(`${DECIDE.method} ${DECIDE.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const [rel, from, to] of [['incoming', h.units.b, h.units.a], ['between others', h.units.b, unitC]] as const) {
        const id = await makeTransfer(from, to);
        const may = expectedStatus(DECIDE.action, role, 200) === 200;
        const expected = !may ? 403 : rel === 'incoming' ? 200 : 404;
        await check(role, `${role} × ${rel}`, expected, () => actors[role].post(`/api/v1/transfers/${id}/transition`, { to: 'rejected', reason: 'Matrix', version: 1 }), true, failures);
      }
    }
    expect(failures).toEqual([]);
  });
});
