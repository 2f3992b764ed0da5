import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The psychiatry pathway: every route × role × relation, expected status from the policy table. Consultations are
 * health data about a person: every look, every record and every refusal writes exactly one audit row, naming the
 * person when it succeeds.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

interface Made { id: string; personId: string }
async function person(unit: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Psykiatri', 'unknown', now(), now()) RETURNING id`,
    [unit]))[0]!.id;
}
async function makeConcern(role: Role, own: boolean, creator: boolean): Promise<Made> {
  const unit = own ? h.units.a : h.units.b;
  const personId = await person(unit);
  const now = h.clock.now();
  const id = (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'received', $4, $5, $2, $2, 'unknown') RETURNING id`,
    [unit, now, personId, new Date(now.getTime() + 48 * 3_600_000), creator ? actors[role].user.id : (own ? staff.a : staff.b).id]))[0]!.id;
  return { id, personId };
}
async function makeCase(role: Role, own: boolean, onIt: boolean): Promise<Made> {
  const unit = own ? h.units.a : h.units.b;
  const personId = await person(unit);
  const id = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', now(), now()) RETURNING id`,
    [unit, personId]))[0]!.id;
  if (onIt) await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, now())`, [id, actors[role].user.id, unit, NATURAL[role]]);
  return { id, personId };
}

interface RouteSpec extends GuardedRoute { on: 'concern' | 'case'; ok: number; body?: unknown }
const ROUTES: RouteSpec[] = [
  { ...route('GET /api/v1/concerns/:id/psychiatry-consultations'), on: 'concern', ok: 200 },
  { ...route('POST /api/v1/concerns/:id/psychiatry-consultations'), on: 'concern', ok: 201, body: { consultedOn: '2026-03-01', outcome: 'unclear' } },
  { ...route('GET /api/v1/cases/:id/psychiatry-consultations'), on: 'case', ok: 200 },
  { ...route('POST /api/v1/cases/:id/psychiatry-consultations'), on: 'case', ok: 201, body: { consultedOn: '2026-03-01', outcome: 'both' } },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  for (const role of ROLES) actors[role].reason = 'Adgangsmatrix';
  staff = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
});
afterAll(async () => h?.close());

describe('access matrix: the psychiatry pathway', () => {
  it('walks exactly the psychiatry routes of the catalogue', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('psychiatry').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('psychiatry').includes(k));
    expect(registered.sort()).toEqual(walkedBy('psychiatry').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const own of [true, false]) {
          for (const related of [true, false]) {
            const made = r.on === 'concern' ? await makeConcern(role, own, related) : await makeCase(role, own, related);
            const rel = r.on === 'concern' ? { own, creator: related } : onCase(own, related ? NATURAL[role] : null);
            const expected = expectedStatus(r.action, role, r.ok, rel);
            const where = `${role} × ${own ? 'own' : 'other'} unit × ${related ? 'related' : 'unrelated'}`;
            const before = await h.auditCount();
            const res = await actors[role].request(r.method, r.url.replace(':id', made.id), r.body);
            const rows = await sql<{ outcome: string; person_id: string | null; actor_id: string }>(
              'SELECT outcome, person_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1');
            const written = (await h.auditCount()) - before;
            if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
            if (written !== 1) failures.push(`${where}: expected 1 audit row, got ${written}`);
            else if (expected < 400 && (rows[0]!.outcome !== 'ok' || rows[0]!.person_id !== made.personId)) failures.push(`${where}: audit row ${JSON.stringify(rows[0])}`);
            else if (expected >= 400 && rows[0]!.outcome !== 'denied') failures.push(`${where}: refusal not audited as denied`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
