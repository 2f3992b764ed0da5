import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * A police request's legal hold on a case × every role × the actor's relation to the case (docs/retention.md, "Legal
 * holds"), the expected status from the policy table (case.legal_hold: the coordinator who owns the case). A case of
 * the actor's unit not on it, on it as adviser, owned by it, and a case of another unit. Every request leaves exactly
 * one audit row by the actor (ok or denied), and a hold exists exactly when the request was allowed.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const PLACE = route('POST /api/v1/cases/:id/legal-holds');

const RELATIONS: { name: string; rel: Relation; unit: 'a' | 'b'; member: 'owner' | 'adviser' | null }[] = [
  { name: 'own unit, not on the case', rel: { own: true, member: false, owner: false }, unit: 'a', member: null },
  { name: 'on the case as adviser', rel: { own: true, member: true, owner: false }, unit: 'a', member: 'adviser' },
  { name: 'owner of the case', rel: { own: true, member: true, owner: true }, unit: 'a', member: 'owner' },
  { name: 'another unit\'s case', rel: { own: false }, unit: 'b', member: null },
];

async function makeCase(unit: string, userId: string, member: 'owner' | 'adviser' | null): Promise<string> {
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Hold', 'unknown', $2, $2) RETURNING id`, [unit, now]);
  const [c] = await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $4, $4) RETURNING id`,
    [unit, p!.id, member === 'owner' ? userId : null, now]);
  if (member) await sql('INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, $5)', [c!.id, userId, unit, member, now]);
  return c!.id;
}

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

describe('case legal hold access matrix', () => {
  it('walks exactly the route of its catalogue group (tests/matrix/catalogue.ts)', () => {
    expect([PLACE].map(keyOf)).toEqual(walkedBy('case-legal-hold'));
  });

  it(`${PLACE.method} ${PLACE.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const r of RELATIONS) {
        const caseId = await makeCase(r.unit === 'a' ? h.units.a : h.units.b, actors[role].user.id, r.member);
        const expected = expectedStatus(PLACE.action, role, 201, r.rel);
        const where = `${role} × ${r.name}`;
        const since = (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;
        const res = await actors[role].post(`/api/v1/cases/${caseId}/legal-holds`, { reason: 'Politiet har bedt om, at sagen bevares.' });
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        const rows = await sql<{ outcome: string }>('SELECT outcome FROM audit_log WHERE seq > $1 AND actor_id = $2', [since, actors[role].user.id]);
        if (rows.length !== 1 || rows[0]!.outcome !== (expected === 201 ? 'ok' : 'denied')) failures.push(`${where}: audit rows ${JSON.stringify(rows)}`);
        const holds = await sql<{ reason_kind: string }>('SELECT reason_kind FROM legal_holds WHERE case_id = $1', [caseId]);
        if (holds.length !== (expected === 201 ? 1 : 0) || holds.some((x) => x.reason_kind !== 'police_request')) failures.push(`${where}: holds ${JSON.stringify(holds)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the reason is required (400 naming it); the hold blocks retention and the DPO sees and lifts it', async () => {
    const coordinator = actors.coordinator;
    const caseId = await makeCase(h.units.a, coordinator.user.id, 'owner');
    for (const body of [{}, { reason: '' }, { reason: 'x' }]) {
      const res = await coordinator.post(`/api/v1/cases/${caseId}/legal-holds`, body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('reason');
    }
    const placed = await coordinator.post(`/api/v1/cases/${caseId}/legal-holds`, { reason: 'Københavns Politi, anmodning om bevaring.' });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ caseId, personId: null, reasonKind: 'police_request', reason: 'Københavns Politi, anmodning om bevaring.', liftedAt: null });
    expect((await sql('SELECT vink_retention_held(NULL, $1) AS held', [caseId]))[0]).toEqual({ held: true });
    const list = await actors.dpo.get('/api/v1/legal-holds?active=true');
    expect(list.body.map((x: { id: string }) => x.id)).toContain(placed.body.id);
    expect((await actors.dpo.post(`/api/v1/legal-holds/${placed.body.id}/lift`, { version: 1, reason: 'Politiet har afsluttet sagen.' })).status).toBe(200);
    // The coordinator places, but does not list or lift.
    expect((await coordinator.get('/api/v1/legal-holds')).status).toBe(403);
  });
});
