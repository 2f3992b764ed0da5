import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * What the plans measure a course by (issue 14): the dimensions it addresses ("relevante" factors) and the coached
 * relative's own instrument. Every route × every role × relation, with the
 * expected status computed from the one policy table (src/shared/policy.ts, read through tests/helpers/policy.ts), and
 * exactly one audit row per request (ok or denied, by the actor, naming the case's person).
 *
 * Relations: the case is in the actor's own unit or another unit, and the actor is assigned to it (a case member
 * with their natural relation; for the mentor role, also the mentor of the fixture courses) or not.
 */
type Rel = 'ownAssigned' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const RELS: Record<Rel, { own: boolean; member: boolean }> = {
  ownAssigned: { own: true, member: true },
  ownNotAssigned: { own: true, member: false },
  otherAssigned: { own: false, member: true },
  otherNotAssigned: { own: false, member: false },
};
const REL_NAMES = Object.keys(RELS) as Rel[];
const relationOf = (role: Role, rel: Rel): Relation => ({
  ...onCase(RELS[rel].own, RELS[rel].member ? NATURAL[role] : null),
  // The fixture courses of assigned cases are run by the mentor actor.
  mentor: RELS[rel].member && role === 'mentor',
});

interface Fixture {
  cases: Record<Rel, string>;
  persons: Record<Rel, string>;
  courses: Record<Rel, string>;
  unitMentor: Record<Rel, string>;
}

let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

/** The course's mentor for a relation: the mentor actor on assigned cases, a colleague of the case's unit otherwise. */
const courseMentor = (rel: Rel) => (RELS[rel].member ? actors.mentor.user.id : f.unitMentor[rel]);

async function insertCourse(rel: Rel): Promise<string> {
  const unit = RELS[rel].own ? h.units.a : h.units.b;
  const [c] = await sql<{ id: string }>(
    `INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, 'relative_coach', $3, 'active', $4, $5) RETURNING id`,
    [f.cases[rel], unit, courseMentor(rel), '2026-01-05', h.clock.now()],
  );
  return c!.id;
}

interface RouteSpec extends GuardedRoute {
  ok: number;
  path: (id: string) => string;
  body?: (id: string) => Promise<unknown>;
}

/** The course's current marking version, read just before each save so every allowed actor saves the next one. */
async function marksVersion(courseId: string): Promise<number> {
  return (await sql<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM course_dimension_marks WHERE course_id = $1', [courseId]))[0]!.v;
}

const ROUTES: RouteSpec[] = [
  { ...route('GET /api/v1/courses/:id/dimensions'), ok: 200, path: (id) => `/api/v1/courses/${id}/dimensions` },
  { ...route('PUT /api/v1/courses/:id/dimensions'), ok: 200, path: (id) => `/api/v1/courses/${id}/dimensions`,
    body: async (id) => ({ version: await marksVersion(id), dimensions: ['violence', 'family'] }) },
  { ...route('GET /api/v1/courses/:id/relative-assessments'), ok: 200, path: (id) => `/api/v1/courses/${id}/relative-assessments` },
  { ...route('POST /api/v1/courses/:id/relative-assessments'), ok: 201, path: (id) => `/api/v1/courses/${id}/relative-assessments`,
    body: async () => ({ kind: 'other', assessedOn: '2026-02-01', ratings: ['relation_young_person', 'conflict_handling', 'support_young_person', 'knows_where_help']
      .map((dimension) => ({ dimension, rating: 2 })) }) },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const mentorA = await h.createUser('mentor', 'a');
  const mentorB = await h.createUser('mentor', 'b');
  const now = h.clock.now();
  f = await systemTransaction(h.ctx.db, async (tx) => {
    const cases = {} as Record<Rel, string>;
    const persons = {} as Record<Rel, string>;
    const unitMentor = {} as Record<Rel, string>;
    for (const rel of REL_NAMES) {
      const unit = RELS[rel].own ? h.units.a : h.units.b;
      unitMentor[rel] = RELS[rel].own ? mentorA.id : mentorB.id;
      const p = await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, birth_date, gender, created_at, updated_at) VALUES ($1, $2, '2009-06-01', 'unknown', $3, $3) RETURNING id`,
        [unit, `Fixture${rel} Matrixsen`, now],
      );
      persons[rel] = p.rows[0]!.id;
      const c = await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
        [unit, persons[rel], `Matrix ${rel}`, now],
      );
      cases[rel] = c.rows[0]!.id;
      if (RELS[rel].member) {
        for (const role of ROLES) {
          await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`, [
            cases[rel], actors[role].user.id, unit, NATURAL[role], now,
          ]);
        }
      }
    }
    return { cases, persons, unitMentor, courses: {} as Record<Rel, string> };
  });
  for (const rel of REL_NAMES) f.courses[rel] = await insertCourse(rel);
});
afterAll(async () => h?.close());

async function lastAudit(): Promise<{ outcome: string; actor_id: string; person_id: string | null }> {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

describe('course measures access matrix', () => {
  it('walks exactly the course-measure routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('courseMeasures').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`);
    for (const k of walkedBy('courseMeasures')) expect(registered).toContain(k);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          const expected = expectedStatus(route.action, role, route.ok, relationOf(role, rel));
          const id = f.courses[rel];
          const body = route.body ? await route.body(id) : undefined;
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(id), body);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
            if (row.person_id !== f.persons[rel]) failures.push(`${where}: audit row names person ${row.person_id}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
