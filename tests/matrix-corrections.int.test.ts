import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Corrections (docs/domain.md, "Corrections") × every role × every relation of the record to the actor, with the
 * expected status computed from the one policy table (src/shared/policy.ts through tests/helpers/policy.ts). Each
 * request gets a fresh record (a correction changes its version). A success leaves exactly one 'ok' audit row and one
 * field_history row per changed field; a refusal exactly one 'denied' row and no history.
 */
type ConcernRel = 'ownCreator' | 'ownShared' | 'ownNone' | 'otherShared' | 'otherNone';
const CONCERN_RELS: Record<ConcernRel, Relation> = {
  ownCreator: { own: true, creator: true, shared: false },
  ownShared: { own: true, creator: false, shared: true },
  ownNone: { own: true, creator: false, shared: false },
  otherShared: { own: false, creator: false, shared: true },
  otherNone: { own: false, creator: false, shared: false },
};

interface RouteSpec extends GuardedRoute {
  ok: number;
  make: (role: Role, rel: ConcernRel) => Promise<string>;
  path: (id: string) => string;
  body: () => unknown;
}

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function makeConcern(role: Role, rel: ConcernRel): Promise<string> {
  const r = CONCERN_RELS[rel];
  const unit = r.own ? h.units.a : h.units.b;
  const registrar = r.creator ? actors[role].user.id : (r.own ? staff.a : staff.b).id;
  const now = h.clock.now();
  const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Rettelse', 'unknown', $2, $2) RETURNING id`, [
    unit, now,
  ]))[0]!.id;
  const id = (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'received', $4, $5, $2, $2, 'unknown') RETURNING id`,
    [unit, now, person, new Date(now.getTime() + 48 * 3_600_000), registrar],
  ))[0]!.id;
  await sql(`INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) VALUES ($1, $2, 'threats')`, [id, unit]);
  if (r.shared) {
    await sql(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at) VALUES ($1, $2, $3, 'retsplejeloven_115', $4)`, [
      id, actors[role].user.id, unit, now,
    ]);
  }
  return id;
}

/** A case in the actor's unit or another, with the actor on it in the role's natural relation, or not on it. */
async function makeCase(role: Role, own: boolean, onIt: boolean): Promise<string> {
  const unit = own ? h.units.a : h.units.b;
  const now = h.clock.now();
  const person = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Sagside', 'unknown', $2, $2) RETURNING id`, [
    unit, now,
  ]))[0]!.id;
  const id = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id`, [unit, person, now]))[0]!.id;
  await sql(`INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, $4, 'Notat', true)`, [
    id, unit, (own ? staff.a : staff.b).id, now,
  ]);
  if (onIt) {
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, $5)`, [id, actors[role].user.id, unit, NATURAL[role], now]);
  }
  return id;
}

const CASE_PAGE = route('GET /api/v1/cases/:id/page');

const ROUTES: RouteSpec[] = [
  { ...route('PATCH /api/v1/concerns/:id'), ok: 200, make: makeConcern, path: (id) => `/api/v1/concerns/${id}`, body: () => ({ version: 1, severity: 'high' }) },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  // A reason never widens reach (break the glass, docs/security.md); this matrix is about reach.
  for (const role of ROLES) actors[role].reason = 'Adgangsmatrix';
  staff = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
});
afterAll(async () => h?.close());

describe('access matrix: corrections', () => {
  it('walks every correction route and the case page', () => {
    expect([...ROUTES.map(keyOf), `${CASE_PAGE.method} ${CASE_PAGE.url}`].sort()).toEqual(walkedBy('corrections').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('corrections').includes(k));
    expect(registered.sort()).toEqual(walkedBy('corrections').sort());
  });

  it(`${CASE_PAGE.method} ${CASE_PAGE.url}: one audit row per look, the sections only within reach`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const own of [true, false]) {
        for (const onIt of [true, false]) {
          const id = await makeCase(role, own, onIt);
          const expected = expectedStatus(CASE_PAGE.action, role, 200, onCase(own, onIt ? NATURAL[role] : null));
          const before = await h.auditCount();
          const res = await actors[role].get(`/api/v1/cases/${id}/page`);
          const after = await h.auditCount();
          const where = `${role} × ${own ? 'own' : 'other'} unit × ${onIt ? NATURAL[role] : 'not on it'}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected 1 audit row, got ${after - before}`);
          const row = (await sql<{ outcome: string; actor_id: string; record_id: string }>('SELECT outcome, actor_id, record_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
          if (row.outcome !== (expected >= 400 ? 'denied' : 'ok') || row.actor_id !== actors[role].user.id || row.record_id !== id) failures.push(`${where}: audit row ${JSON.stringify(row)}`);
          if (res.status === 200) {
            // A section is present exactly when the role's policy reaches it for this case (here: notes).
            const notesExpected = expectedStatus('case.notes.read', role, 200, onCase(own, onIt ? NATURAL[role] : null)) === 200;
            if ((res.body.notes !== null) !== notesExpected) failures.push(`${where}: notes ${res.body.notes === null ? 'absent' : 'present'}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  for (const spec of ROUTES) {
    it(`${spec.method} ${spec.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) {
          const id = await spec.make(role, rel);
          const expected = expectedStatus(spec.action, role, spec.ok, CONCERN_RELS[rel]);
          const before = await h.auditCount();
          const res = await actors[role].request(spec.method, spec.path(id), spec.body());
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected 1 audit row, got ${after - before}`);
          const row = (await sql<{ outcome: string; actor_id: string }>('SELECT outcome, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
          if (row.outcome !== (expected >= 400 ? 'denied' : 'ok') || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)}`);
          const history = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM field_history WHERE record_id = $1', [id]))[0]!.n;
          if (history !== (expected >= 400 ? 0 : 1)) failures.push(`${where}: ${history} history rows`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
