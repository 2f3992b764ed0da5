import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase, type CaseRelation, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Casework in depth (closure approval, the support plan, family links) × every role × every relation to the case or
 * person, with the expected status computed from the policy table (src/shared/policy.ts, read through
 * tests/helpers/policy.ts). Each request must leave exactly one audit row (ok or denied, by the actor, and naming the
 * case's person when ok).
 */
type Rel = 'ownAssigned' | 'ownMember' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const RELS: Record<Rel, { own: boolean; relation: (role: Role) => CaseRelation | null }> = {
  ownAssigned: { own: true, relation: (role) => NATURAL[role] },
  ownMember: { own: true, relation: () => 'adviser' },
  ownNotAssigned: { own: true, relation: () => null },
  otherAssigned: { own: false, relation: (role) => NATURAL[role] },
  otherNotAssigned: { own: false, relation: () => null },
};
const REL_NAMES = Object.keys(RELS) as Rel[];
const relationOf = (role: Role, rel: Rel): Relation => onCase(RELS[rel].own, RELS[rel].relation(role));

interface Fixture {
  cases: Record<Rel, string>;
  persons: Record<Rel, string>;
  /** A second person per relation, on a case with the same members: the other end of a family link. */
  relatives: Record<Rel, string>;
  author: string;
  /** A partner who is every case's resource person. */
  resourcePerson: string;
}
let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const relOfCase = (caseId: string) => REL_NAMES.find((r) => f.cases[r] === caseId)!;
const openCase = (id: string) => sql(`UPDATE cases SET status = 'open', closed_at = NULL WHERE id = $1`, [id]);
const insertGoal = async (caseId: string) => (await sql<{ id: string }>(
  `INSERT INTO support_plan_goals (case_id, unit_id, title, owner_kind, owner_name, actions, created_by, created_at, updated_by, updated_at)
   SELECT c.id, c.unit_id, 'Fast skolegang', 'authority', 'Skolen', 'Ugentlig samtale', $2, now(), $2, now() FROM cases c WHERE c.id = $1 RETURNING id`,
  [caseId, f.author]))[0]!.id;
const insertPendingRequest = async (caseId: string) => {
  await sql(`DELETE FROM case_closure_requests WHERE case_id = $1`, [caseId]);
  return (await sql<{ id: string }>(
    `INSERT INTO case_closure_requests (case_id, unit_id, reason, requested_by, requested_at) SELECT c.id, c.unit_id, 'Matrix', $2, now() FROM cases c WHERE c.id = $1 RETURNING id`,
    [caseId, f.author]))[0]!.id;
};

interface RouteSpec extends GuardedRoute {
  ok: number;
  /** The record the request names (a case, a goal, a request, a person), prepared for it. */
  target: (caseId: string) => Promise<string> | string;
  path: (id: string) => string;
  body?: (caseId: string) => unknown;
  /** The relation used for the person routes: the same as the case's (its members are on a case about the person). */
}

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/cases/:id/closure-requests'), ok: 201, path: (id) => `/api/v1/cases/${id}/closure-requests`,
    target: async (id) => { await openCase(id); await sql('DELETE FROM case_closure_requests WHERE case_id = $1', [id]); return id; },
    body: () => ({ reason: 'Forløbet er afsluttet.' }) },
  { ...route('GET /api/v1/cases/:id/closure-requests'), ok: 200, path: (id) => `/api/v1/cases/${id}/closure-requests`, target: (id) => id },
  // Rejected, so the case stays open (an approval also audits the case's closure: tests/casework-depth.int.test.ts).
  { ...route('POST /api/v1/closure-requests/:id/decision'), ok: 200, path: (id) => `/api/v1/closure-requests/${id}/decision`,
    target: async (id) => { await openCase(id); return insertPendingRequest(id); }, body: () => ({ decision: 'rejected', note: 'Ikke endnu.', version: 1 }) },
  { ...route('GET /api/v1/cases/:id/support-plan'), ok: 200, path: (id) => `/api/v1/cases/${id}/support-plan`, target: (id) => id },
  { ...route('POST /api/v1/cases/:id/support-plan/goals'), ok: 201, path: (id) => `/api/v1/cases/${id}/support-plan/goals`,
    target: async (id) => { await openCase(id); return id; },
    body: () => ({ title: 'Tilbage i skole', ownerKind: 'authority', ownerName: 'Skolen', actions: 'Mentor hver uge', dimensions: ['education_employment'], reviewOn: '2026-06-01' }) },
  { ...route('PATCH /api/v1/support-plan-goals/:id'), ok: 200, path: (id) => `/api/v1/support-plan-goals/${id}`,
    target: async (id) => { await openCase(id); return insertGoal(id); }, body: () => ({ version: 1, status: 'achieved' }) },
  { ...route('POST /api/v1/cases/:id/support-plan/reviews'), ok: 201, path: (id) => `/api/v1/cases/${id}/support-plan/reviews`,
    target: async (id) => { await openCase(id); return id; },
    body: () => ({ reviewedOn: '2026-03-01', progress: [{ goalId: lastGoal, progress: 'some' }], nextReviewOn: null }) },
  { ...route('GET /api/v1/persons/:id/links'), ok: 200, path: (id) => `/api/v1/persons/${id}/links`, target: (id) => f.persons[relOfCase(id)] },
  { ...route('POST /api/v1/persons/:id/links'), ok: 201, path: (id) => `/api/v1/persons/${id}/links`,
    target: async (id) => { await sql('DELETE FROM person_links WHERE person_id = $1', [f.persons[relOfCase(id)]]); return f.persons[relOfCase(id)]; },
    body: (id) => ({ linkedPersonId: f.relatives[relOfCase(id)], kind: 'parent', note: 'Mor', legalBasis: 'consent' }) },
  { ...route('GET /api/v1/cases/:id/supervision-sessions'), ok: 200, path: (id) => `/api/v1/cases/${id}/supervision-sessions`, target: (id) => id },
  { ...route('POST /api/v1/cases/:id/supervision-sessions'), ok: 201, path: (id) => `/api/v1/cases/${id}/supervision-sessions`, target: (id) => id,
    body: () => ({ memberId: f.resourcePerson, heldOn: '2026-03-01', durationMinutes: 45, topic: 'Samtaleteknik' }) },
  { ...route('GET /api/v1/cases/:id/summary.pdf'), ok: 200, path: (id) => `/api/v1/cases/${id}/summary.pdf`, target: (id) => id },
];
let lastGoal = '';
const PENDING = route('GET /api/v1/closure-requests/pending');

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const author = await h.createUser('coordinator', 'a');
  const resource = await h.createUser('partner', 'a');
  const now = h.clock.now();
  f = await systemTransaction(h.ctx.db, async (tx) => {
    const cases = {} as Record<Rel, string>;
    const persons = {} as Record<Rel, string>;
    const relatives = {} as Record<Rel, string>;
    for (const rel of REL_NAMES) {
      const unit = RELS[rel].own ? h.units.a : h.units.b;
      for (const which of ['person', 'relative'] as const) {
        const p = await tx.query<{ id: string }>(
          `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $3) RETURNING id`, [unit, `Depth ${which} ${rel}`, now]);
        const c = await tx.query<{ id: string }>(
          `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`, [unit, p.rows[0]!.id, `Depth ${which} ${rel}`, now]);
        if (which === 'person') { persons[rel] = p.rows[0]!.id; cases[rel] = c.rows[0]!.id; } else relatives[rel] = p.rows[0]!.id;
        await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, 'resource_person', 'consent', $4)`,
          [c.rows[0]!.id, resource.id, unit, now]);
        for (const role of ROLES) {
          const relation = RELS[rel].relation(role);
          if (!relation) continue;
          await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`,
            [c.rows[0]!.id, actors[role].user.id, unit, relation, now]);
        }
      }
    }
    return { cases, persons, relatives, author: author.id, resourcePerson: resource.id };
  });
});
afterAll(async () => h?.close());

async function lastAudit() {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

describe('casework in depth: access matrix', () => {
  it('walks exactly the casework-depth routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([...ROUTES, PENDING].map(keyOf).sort()).toEqual(walkedBy('casework-depth').sort());
  });

  for (const spec of ROUTES) {
    it(`${spec.method} ${spec.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          const caseId = f.cases[rel];
          if (spec.url.endsWith('/reviews')) lastGoal = await insertGoal(caseId);
          const target = await spec.target(caseId);
          const expected = expectedStatus(spec.action, role, spec.ok, relationOf(role, rel));
          const before = await h.auditCount();
          const res = await actors[role].request(spec.method, spec.path(target), spec.body ? spec.body(caseId) : undefined);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
            if (outcome === 'ok' && row.person_id !== f.persons[rel]) failures.push(`${where}: audit row names person ${row.person_id}, not the case's person`);
          }
        }
      }
      expect(failures).toEqual([]);
      // The summary prints a PDF per allowed request in Chromium: generous on a shared, loaded machine.
    }, 300_000);
  }

  it('GET /api/v1/closure-requests/pending: the unit\'s pending requests for managers (one audited search), an audited 403 for the rest', async () => {
    const pending = {} as Record<Rel, string>;
    for (const rel of REL_NAMES) pending[rel] = await insertPendingRequest(f.cases[rel]);
    const failures: string[] = [];
    for (const role of ROLES) {
      const expected = expectedStatus(PENDING.action, role, 200);
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/closure-requests/pending');
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (await h.auditCount() - before !== 1) failures.push(`${role}: expected exactly 1 audit row`);
      if (res.status !== 200) continue;
      const ids = (res.body as { id: string }[]).map((r) => r.id).sort();
      const own = REL_NAMES.filter((r) => RELS[r].own).map((r) => pending[r]).sort();
      if (ids.join() !== own.join()) failures.push(`${role}: listed ${ids.length} requests, expected the ${own.length} of the own unit`);
    }
    expect(failures).toEqual([]);
  });
});
