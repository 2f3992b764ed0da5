import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { mayAttempt, type Action } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { allowed, expectedStatus, NATURAL, onCase, type CaseRelation, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The watch routes (snooping alerts and watch flags, the bias watch, consents) × every role × every relation, the
 * expected status computed from the policy table (src/shared/policy.ts, read through tests/helpers/policy.ts). Every
 * request leaves exactly one audit row, by the actor, ok or denied.
 *
 * Relations: an alert, a watch flag or a person to flag belongs to the actor's unit or another; a consent hangs on a
 * case the actor is on (naturally, or as a plain member) or not, in the actor's unit or another, as in
 * tests/matrix-casework.int.test.ts. A role without the action is refused before any record is looked at (403) for the
 * DPO's routes; a consent outside reach answers 404 whatever the role, as its case does.
 */
type UnitRel = 'ownUnit' | 'otherUnit';
const UNIT_RELS: UnitRel[] = ['ownUnit', 'otherUnit'];
type CaseRel = 'ownAssigned' | 'ownMember' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const CASE_RELS: Record<CaseRel, { own: boolean; relation: (role: Role) => CaseRelation | null }> = {
  ownAssigned: { own: true, relation: (role) => NATURAL[role] },
  ownMember: { own: true, relation: () => 'adviser' },
  ownNotAssigned: { own: true, relation: () => null },
  otherAssigned: { own: false, relation: (role) => NATURAL[role] },
  otherNotAssigned: { own: false, relation: () => null },
};
const CASE_REL_NAMES = Object.keys(CASE_RELS) as CaseRel[];
const caseRelation = (role: Role, rel: CaseRel): Relation => onCase(CASE_RELS[rel].own, CASE_RELS[rel].relation(role));

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const cases = {} as Record<CaseRel, { id: string; unit: string; person: string }>;
let author: TestUser;
let authorB: TestUser;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const unitOf = (rel: UnitRel) => (rel === 'ownUnit' ? h.units.a : h.units.b);

async function newPerson(unit: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Watch', 'unknown', $2, $2) RETURNING id`,
    [unit, h.clock.now()]))[0]!.id;
}
async function newAlert(rel: UnitRel): Promise<string> {
  const user = rel === 'ownUnit' ? author : authorB;
  return (await sql<{ id: string }>(
    `INSERT INTO snooping_alerts (alert_key, unit_id, rule, user_id, window_start, window_end, observed, audit_seqs, created_at, updated_at)
     VALUES ($1, $2, 'outside_reach', $3, $4, $4::timestamptz + interval '1 day', 3, '{}', $4, $4) RETURNING id`,
    [`matrix:${crypto.randomUUID()}`, unitOf(rel), user.id, h.clock.now()]))[0]!.id;
}
async function newFlag(rel: UnitRel): Promise<string> {
  const user = rel === 'ownUnit' ? author : authorB;
  return (await sql<{ id: string }>(
    `INSERT INTO person_watch_flags (unit_id, person_id, kind, reason, flagged_by, flagged_at) VALUES ($1, $2, 'flagged', 'Matrix', $3, $4) RETURNING id`,
    [unitOf(rel), await newPerson(unitOf(rel)), user.id, h.clock.now()]))[0]!.id;
}
async function newConsent(rel: CaseRel, withdrawn: boolean): Promise<string> {
  const c = cases[rel];
  const by = c.unit === h.units.a ? author : authorB;
  return (await sql<{ id: string }>(
    `INSERT INTO consents (unit_id, case_id, person_id, consented_to, scope, given_by, given_at, recorded_by, recorded_at, withdrawn_at, withdrawn_recorded_by)
     VALUES ($1, $2, $3, 'Matrix', 'Matrix', 'person', $4, $5, $4, CASE WHEN $6 THEN $4::timestamptz END, CASE WHEN $6 THEN $5::uuid END) RETURNING id`,
    [c.unit, c.id, c.person, h.clock.now(), by.id, withdrawn]))[0]!.id;
}

async function lastAudit() {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

/** One request: the status expected, and exactly one audit row by the actor with the matching outcome. */
async function check(failures: string[], where: string, role: Role, expected: number, send: () => Promise<{ status: number; body: unknown }>, person?: string) {
  const before = await h.auditCount();
  const res = await send();
  const after = await h.auditCount();
  if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
  else {
    const row = await lastAudit();
    const outcome = expected < 400 ? 'ok' : 'denied';
    if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
    if (outcome === 'ok' && person && row.person_id !== person) failures.push(`${where}: audit row names person ${row.person_id}, not ${person}`);
  }
}

/** The DPO's routes on a unit's record: a role without the action gets 403 before any record is looked at. */
const unitStatus = (action: Action, role: Role, ok: number, rel: UnitRel) =>
  !mayAttempt(action, role) ? 403 : allowed(action, role, { own: rel === 'ownUnit' }) ? ok : 404;

interface UnitRoute extends GuardedRoute { ok: number; send: (c: Client, rel: UnitRel) => Promise<{ status: number; body: unknown }> }
const UNIT_ROUTES: UnitRoute[] = [
  { ...route('GET /api/v1/snooping/alerts/:id'), ok: 200, send: async (c, rel) => c.get(`/api/v1/snooping/alerts/${await newAlert(rel)}`) },
  { ...route('POST /api/v1/snooping/alerts/:id/resolve'), ok: 200,
    send: async (c, rel) => c.post(`/api/v1/snooping/alerts/${await newAlert(rel)}/resolve`, { version: 1, note: 'Matrix' }) },
  { ...route('POST /api/v1/snooping/watch-flags'), ok: 201,
    send: async (c, rel) => c.post('/api/v1/snooping/watch-flags', { personId: await newPerson(unitOf(rel)), kind: 'staff', reason: 'Matrix' }) },
  { ...route('POST /api/v1/snooping/watch-flags/:id/lift'), ok: 200, send: async (c, rel) => c.post(`/api/v1/snooping/watch-flags/${await newFlag(rel)}/lift`, { version: 1 }) },
];
interface RoleRoute extends GuardedRoute { ok: number; send: (c: Client) => Promise<{ status: number; body: unknown }> }
const ROLE_ROUTES: RoleRoute[] = [
  { ...route('GET /api/v1/snooping/alerts'), ok: 200, send: (c) => c.get('/api/v1/snooping/alerts') },
  { ...route('GET /api/v1/snooping/watch-flags'), ok: 200, send: (c) => c.get('/api/v1/snooping/watch-flags') },
  { ...route('GET /api/v1/bias-watch'), ok: 200, send: (c) => c.get('/api/v1/bias-watch?year=2026') },
];
interface CaseRoute extends GuardedRoute { ok: number; send: (c: Client, rel: CaseRel) => Promise<{ status: number; body: unknown }> }
const CASE_ROUTES: CaseRoute[] = [
  { ...route('GET /api/v1/cases/:id/consents'), ok: 200, send: (c, rel) => c.get(`/api/v1/cases/${cases[rel].id}/consents`) },
  { ...route('POST /api/v1/cases/:id/consents'), ok: 201,
    send: (c, rel) => c.post(`/api/v1/cases/${cases[rel].id}/consents`, { consentedTo: 'Matrix', scope: 'Matrix', givenBy: 'person', givenAt: h.clock.now().toISOString() }) },
  { ...route('POST /api/v1/consents/:id/withdraw'), ok: 200, send: async (c, rel) => c.post(`/api/v1/consents/${await newConsent(rel, false)}/withdraw`, { version: 1 }) },
  { ...route('POST /api/v1/consents/:id/review'), ok: 200,
    send: async (c, rel) => c.post(`/api/v1/consents/${await newConsent(rel, true)}/review`, { version: 1, note: 'Matrix' }) },
];

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  author = await h.createUser('adviser', 'a');
  authorB = await h.createUser('adviser', 'b');
  for (const rel of CASE_REL_NAMES) {
    const unit = CASE_RELS[rel].own ? h.units.a : h.units.b;
    const person = await newPerson(unit);
    const [c] = await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
      [unit, person, `Watch ${rel}`, h.clock.now()]);
    cases[rel] = { id: c!.id, unit, person };
    for (const role of ROLES) {
      const relation = CASE_RELS[rel].relation(role);
      if (relation) {
        await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, $5)`, [c!.id, actors[role].user.id, unit, relation, h.clock.now()]);
      }
    }
  }
});
afterAll(async () => h?.close());

describe('watch access matrix', () => {
  it('walks exactly the watch routes of the catalogue (tests/matrix/catalogue.ts), which are all the snooping, bias and consent routes', () => {
    const walked = [...UNIT_ROUTES, ...ROLE_ROUTES, ...CASE_ROUTES].map(keyOf).sort();
    expect(walked).toEqual(walkedBy('watch').sort());
    const mine = h.app.routeTable.map((r) => `${r.method} ${r.url}`)
      .filter((k) => /\/(snooping|bias-watch|consents)(\/|$)/.test(k));
    expect(mine.sort()).toEqual(walked);
  });

  for (const r of ROLE_ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) await check(failures, role, role, expectedStatus(r.action, role, r.ok), () => r.send(actors[role]));
      expect(failures).toEqual([]);
    });
  }

  for (const r of UNIT_ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of UNIT_RELS) await check(failures, `${role} × ${rel}`, role, unitStatus(r.action, role, r.ok, rel), () => r.send(actors[role], rel));
      }
      expect(failures).toEqual([]);
    });
  }

  for (const r of CASE_ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of CASE_REL_NAMES) {
          await check(failures, `${role} × ${rel}`, role, expectedStatus(r.action, role, r.ok, caseRelation(role, rel)), () => r.send(actors[role], rel), cases[rel].person);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
