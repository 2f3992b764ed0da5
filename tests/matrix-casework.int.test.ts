import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { reachesFor, type Action } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { COVERED } from './matrix/casework.ts';

/**
 * The casework routes × every role × every relation to the case, with the expected status computed from the policy
 * table (src/server/access/policy.ts) as in tests/access-matrix.int.test.ts. Each request must leave exactly one
 * audit row (ok or denied, by the actor, and for the case's person when ok).
 */
type Rel = 'ownAssigned' | 'ownMember' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
type Relation = 'owner' | 'adviser' | 'police' | 'partner' | 'mentor';
/** How each role is attached to the cases it is "assigned" to (its natural relation). */
const NATURAL: Record<Role, Relation> = {
  adviser: 'owner', coordinator: 'adviser', police_liaison: 'police', partner: 'partner', mentor: 'mentor',
  manager: 'adviser', analyst: 'adviser', dpo: 'adviser', admin: 'adviser',
};
/** ownMember: on the case as a plain 'adviser' member (not owner), which separates 'member' from 'owner' reaches. */
const RELS: Record<Rel, { own: boolean; relation: (role: Role) => Relation | null }> = {
  ownAssigned: { own: true, relation: (role) => NATURAL[role] },
  ownMember: { own: true, relation: () => 'adviser' },
  ownNotAssigned: { own: true, relation: () => null },
  otherAssigned: { own: false, relation: (role) => NATURAL[role] },
  otherNotAssigned: { own: false, relation: () => null },
};
const REL_NAMES = Object.keys(RELS) as Rel[];

function allowed(action: Action, role: Role, rel: Rel): boolean {
  const relation = RELS[rel].relation(role);
  return reachesFor(action, role).some(
    (r) => r === 'any' || (r === 'unit' && RELS[rel].own) || (r === 'member' && relation !== null) || (r === 'owner' && relation === 'owner'),
  );
}

interface Fixture { cases: Record<Rel, string>; persons: Record<Rel, string>; dimensions: string[] }
let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const caseVersion = async (id: string) => (await sql<{ version: number }>('SELECT version FROM cases WHERE id = $1', [id]))[0]!.version;
const setStatus = (id: string, status: 'open' | 'closed') =>
  sql(`UPDATE cases SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() END WHERE id = $1`, [id, status]);

interface RouteSpec {
  method: 'GET' | 'POST';
  url: string;
  action: Action;
  ok: number;
  path: (caseId: string) => string;
  /** Puts the case into the state the request needs (system context, not audited). */
  prepare?: (caseId: string) => Promise<unknown>;
  body?: (caseId: string) => Promise<unknown> | unknown;
}

const ROUTES: RouteSpec[] = [
  { method: 'POST', url: '/api/v1/cases/:id/transition', action: 'case.transition', ok: 200, path: (id) => `/api/v1/cases/${id}/transition`,
    prepare: (id) => setStatus(id, 'open'), body: async (id) => ({ to: 'offer', version: await caseVersion(id) }) },
  { method: 'POST', url: '/api/v1/cases/:id/reopen', action: 'case.transition', ok: 200, path: (id) => `/api/v1/cases/${id}/reopen`,
    prepare: (id) => setStatus(id, 'closed'), body: async (id) => ({ version: await caseVersion(id), note: 'Genåbnet i matrixtesten.' }) },
  { method: 'POST', url: '/api/v1/cases/:id/disclosures', action: 'case.disclose', ok: 201, path: (id) => `/api/v1/cases/${id}/disclosures`,
    body: () => ({ partnerOrganisation: 'Kriminalforsorgen', legalBasis: 'retsplejeloven_115', contentSummary: 'Matrix' }) },
  { method: 'GET', url: '/api/v1/cases/:id/disclosures', action: 'case.disclosures.read', ok: 200, path: (id) => `/api/v1/cases/${id}/disclosures` },
  { method: 'POST', url: '/api/v1/cases/:id/assessments', action: 'assessment.create', ok: 201, path: (id) => `/api/v1/cases/${id}/assessments`,
    body: () => ({ kind: 'other', assessedOn: '2026-03-01', instrumentId: 'national-v1', ratings: f.dimensions.map((d) => ({ dimension: d, risk: 1, resources: null })) }) },
  { method: 'GET', url: '/api/v1/cases/:id/assessments', action: 'assessment.read', ok: 200, path: (id) => `/api/v1/cases/${id}/assessments` },
  { method: 'GET', url: '/api/v1/cases/:id/assessments/progression', action: 'assessment.read', ok: 200, path: (id) => `/api/v1/cases/${id}/assessments/progression` },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const author = await h.createUser('coordinator', 'a');
  const now = h.clock.now();
  f = await systemTransaction(h.ctx.db, async (tx) => {
    const dimensions = (await tx.query<{ code: string }>(`SELECT code FROM assessment_dimensions WHERE instrument_id = 'national-v1' ORDER BY position`)).rows.map((r) => r.code);
    const cases = {} as Record<Rel, string>;
    const persons = {} as Record<Rel, string>;
    for (const rel of REL_NAMES) {
      const unit = RELS[rel].own ? h.units.a : h.units.b;
      const p = await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $3) RETURNING id`, [unit, `Casework ${rel}`, now]);
      persons[rel] = p.rows[0]!.id;
      const c = await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`, [unit, persons[rel], `Casework ${rel}`, now]);
      cases[rel] = c.rows[0]!.id;
      for (const role of ROLES) {
        const relation = RELS[rel].relation(role);
        if (!relation) continue;
        await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`,
          [cases[rel], actors[role].user.id, unit, relation, now]);
      }
      // A start assessment, so reads have content and the reassessment date exists.
      const a = await tx.query<{ id: string }>(
        `INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at) VALUES ($1, $2, 'national-v1', 'start', '2026-01-15', $3, $4) RETURNING id`,
        [cases[rel], unit, author.id, now]);
      for (const d of dimensions) {
        await tx.query(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk, resources) VALUES ($1, 'national-v1', $2, 2, 1)`, [a.rows[0]!.id, d]);
      }
    }
    return { cases, persons, dimensions };
  });
});
afterAll(async () => h?.close());

async function lastAudit() {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

describe('casework access matrix', () => {
  it('lists every walked route in tests/matrix/casework.ts', () => {
    expect([...ROUTES.map((r) => `${r.method} ${r.url}`), 'GET /api/v1/assessment-instruments/:id'].sort()).toEqual([...COVERED].sort());
    const registered = new Set(h.app.routeTable.map((r) => `${r.method} ${r.url}`));
    expect(COVERED.filter((k) => !registered.has(k))).toEqual([]);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          const caseId = f.cases[rel];
          await route.prepare?.(caseId);
          const expected = allowed(route.action, role, rel) ? route.ok : 404;
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(caseId), route.body ? await route.body(caseId) : undefined);
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
    });
  }

  it('GET /api/v1/assessment-instruments/:id (reference data: no audit row when allowed, an audited 403 when the role may not)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const may = reachesFor('assessment.read', role).length > 0;
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/assessment-instruments/national-v1');
      const rows = await h.auditCount() - before;
      if (res.status !== (may ? 200 : 403)) failures.push(`${role}: expected ${may ? 200 : 403}, got ${res.status}`);
      if (rows !== (may ? 0 : 1)) failures.push(`${role}: expected ${may ? 0 : 1} audit rows, got ${rows}`);
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/cases/:id offers workflow steps only to those who may take them, and the reassessment date only to assessment readers', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of REL_NAMES) {
        const caseId = f.cases[rel];
        await setStatus(caseId, 'open');
        await sql(`DELETE FROM assessments WHERE case_id = $1 AND kind <> 'start'`, [caseId]);
        const res = await actors[role].get(`/api/v1/cases/${caseId}`);
        if (!allowed('case.read', role, rel)) {
          if (res.status !== 404) failures.push(`${role} × ${rel}: expected 404, got ${res.status}`);
          continue;
        }
        const steps = allowed('case.transition', role, rel) ? ['offer', 'closed'] : [];
        if (JSON.stringify(res.body.allowedTransitions) !== JSON.stringify(steps)) failures.push(`${role} × ${rel}: allowedTransitions ${JSON.stringify(res.body.allowedTransitions)}`);
        const due = allowed('assessment.read', role, rel) ? '2026-07-15' : null;
        if (res.body.nextReassessmentDue !== due) failures.push(`${role} × ${rel}: nextReassessmentDue ${res.body.nextReassessmentDue}, expected ${due}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
