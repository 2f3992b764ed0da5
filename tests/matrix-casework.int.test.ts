import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import type { Action } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { allowed, expectedStatus, NATURAL, onCase, type CaseRelation, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The casework routes × every role × every relation to the case, with the expected status computed from the policy
 * table (src/shared/policy.ts, read through tests/helpers/policy.ts) as in tests/access-matrix.int.test.ts. Each request must leave exactly one
 * audit row (ok or denied, by the actor, and for the case's person when ok).
 */
/** A reason never widens reach (break the glass, docs/security.md); the matrix is about reach. */
const REASON = { 'x-vink-reason': encodeURIComponent('Adgangsmatrix') };
type Rel = 'ownAssigned' | 'ownMember' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
/**
 * How the actor is on the case (its natural relation when assigned). ownMember: on the case as a plain 'adviser'
 * member (not owner), which separates 'member' from 'owner' reaches.
 */
const RELS: Record<Rel, { own: boolean; relation: (role: Role) => CaseRelation | null }> = {
  ownAssigned: { own: true, relation: (role) => NATURAL[role] },
  ownMember: { own: true, relation: () => 'adviser' },
  ownNotAssigned: { own: true, relation: () => null },
  otherAssigned: { own: false, relation: (role) => NATURAL[role] },
  otherNotAssigned: { own: false, relation: () => null },
};
const REL_NAMES = Object.keys(RELS) as Rel[];

const relationOf = (role: Role, rel: Rel): Relation => onCase(RELS[rel].own, RELS[rel].relation(role));
const may = (action: Action, role: Role, rel: Rel) => allowed(action, role, relationOf(role, rel));

interface Fixture { cases: Record<Rel, string>; persons: Record<Rel, string>; dimensions: string[] }
let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const caseVersion = async (id: string) => (await sql<{ version: number }>('SELECT version FROM cases WHERE id = $1', [id]))[0]!.version;
const setStatus = (id: string, status: 'open' | 'closed') =>
  sql(`UPDATE cases SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() END WHERE id = $1`, [id, status]);

interface RouteSpec extends GuardedRoute {
  ok: number;
  path: (caseId: string) => string;
  /** Puts the case into the state the request needs (system context, not audited). */
  prepare?: (caseId: string) => Promise<unknown>;
  body?: (caseId: string) => Promise<unknown> | unknown;
}

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/cases/:id/transition'), ok: 200, path: (id) => `/api/v1/cases/${id}/transition`,
    prepare: (id) => setStatus(id, 'open'), body: async (id) => ({ to: 'offer', version: await caseVersion(id) }) },
  { ...route('POST /api/v1/cases/:id/reopen'), ok: 200, path: (id) => `/api/v1/cases/${id}/reopen`,
    prepare: (id) => setStatus(id, 'closed'), body: async (id) => ({ version: await caseVersion(id), note: 'Genåbnet i matrixtesten.' }) },
  { ...route('POST /api/v1/cases/:id/disclosures'), ok: 201, path: (id) => `/api/v1/cases/${id}/disclosures`,
    body: () => ({ partnerOrganisation: 'Kriminalforsorgen', legalBasis: 'retsplejeloven_115', contentSummary: 'Matrix' }) },
  { ...route('GET /api/v1/cases/:id/disclosures'), ok: 200, path: (id) => `/api/v1/cases/${id}/disclosures` },
  { ...route('POST /api/v1/cases/:id/assessments'), ok: 201, path: (id) => `/api/v1/cases/${id}/assessments`,
    body: () => ({ kind: 'other', assessedOn: '2026-03-01', instrumentId: 'national-v1', ratings: f.dimensions.map((d) => ({ dimension: d, risk: 1, resources: null })) }) },
  { ...route('GET /api/v1/cases/:id/assessments'), ok: 200, path: (id) => `/api/v1/cases/${id}/assessments` },
  { ...route('GET /api/v1/cases/:id/assessments/progression'), ok: 200, path: (id) => `/api/v1/cases/${id}/assessments/progression` },
];
/** Reference data: a role-level route (no record of a case involved). */
const INSTRUMENT = route('GET /api/v1/assessment-instruments/:id');

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
  it('walks exactly the casework routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([...ROUTES, INSTRUMENT].map(keyOf).sort()).toEqual(walkedBy('casework').sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          const caseId = f.cases[rel];
          await route.prepare?.(caseId);
          const expected = expectedStatus(route.action, role, route.ok, relationOf(role, rel));
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(caseId), route.body ? await route.body(caseId) : undefined, REASON);
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
      const expected = expectedStatus(INSTRUMENT.action, role, 200);
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/assessment-instruments/national-v1');
      const rows = await h.auditCount() - before;
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (rows !== (expected === 200 ? 0 : 1)) failures.push(`${role}: expected ${expected === 200 ? 0 : 1} audit rows, got ${rows}`);
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
        const res = await actors[role].request('GET', `/api/v1/cases/${caseId}`, undefined, REASON);
        if (!may('case.read', role, rel)) {
          if (res.status !== 404) failures.push(`${role} × ${rel}: expected 404, got ${res.status}`);
          continue;
        }
        const steps = may('case.transition', role, rel) ? ['offer', 'closed'] : [];
        if (JSON.stringify(res.body.allowedTransitions) !== JSON.stringify(steps)) failures.push(`${role} × ${rel}: allowedTransitions ${JSON.stringify(res.body.allowedTransitions)}`);
        const due = may('assessment.read', role, rel) ? '2026-07-15' : null;
        if (res.body.nextReassessmentDue !== due) failures.push(`${role} × ${rel}: nextReassessmentDue ${res.body.nextReassessmentDue}, expected ${due}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
