import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Offers, courses, follow-ups and tasks: every route × role × relation, with the expected status computed from the
 * one policy table (src/shared/policy.ts, read through tests/helpers/policy.ts), and exactly one audit row per request (ok or denied, by the actor,
 * naming the person on success).
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
let today: string;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

/** The course's mentor for a relation: the mentor actor on assigned cases, a colleague of the case's unit otherwise. */
const courseMentor = (rel: Rel) => (RELS[rel].member ? actors.mentor.user.id : f.unitMentor[rel]);

async function insertCourse(rel: Rel): Promise<string> {
  const unit = RELS[rel].own ? h.units.a : h.units.b;
  const [c] = await sql<{ id: string }>(
    `INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, 'mentor', $3, 'active', $4, $5) RETURNING id`,
    [f.cases[rel], unit, courseMentor(rel), '2026-01-05', h.clock.now()],
  );
  return c!.id;
}
async function insertOffer(rel: Rel, response: 'pending' | 'accepted'): Promise<string> {
  const unit = RELS[rel].own ? h.units.a : h.units.b;
  const [o] = await sql<{ id: string }>(
    `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at) VALUES ($1, $2, 'mentor', $3, $4, $5, $6) RETURNING id`,
    [f.cases[rel], unit, '2025-01-10T10:00:00Z', actors.coordinator.user.id, response, response === 'pending' ? null : '2025-01-12T10:00:00Z'],
  );
  return o!.id;
}

interface RouteSpec extends GuardedRoute {
  ok: number;
  /** A fresh record for mutating routes (so every attempt starts from the same state); else the case or course. */
  target: (rel: Rel) => Promise<string> | string;
  path: (id: string) => string;
  body?: (rel: Rel) => unknown;
}

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/cases/:id/offers'), ok: 201, target: (rel) => f.cases[rel], path: (id) => `/api/v1/cases/${id}/offers`,
    body: () => ({ type: 'mentor', offeredAt: '2026-03-01T09:00:00Z' }) },
  { ...route('GET /api/v1/cases/:id/offers'), ok: 200, target: (rel) => f.cases[rel], path: (id) => `/api/v1/cases/${id}/offers` },
  { ...route('POST /api/v1/offers/:id/response'), ok: 200, target: (rel) => insertOffer(rel, 'pending'),
    path: (id) => `/api/v1/offers/${id}/response`, body: () => ({ response: 'declined', version: 1 }) },
  { ...route('POST /api/v1/cases/:id/courses'), ok: 201, target: (rel) => f.cases[rel], path: (id) => `/api/v1/cases/${id}/courses`,
    body: (rel) => ({ kind: 'mentor', mentorId: f.unitMentor[rel], startedOn: today }) },
  { ...route('GET /api/v1/courses/:id'), ok: 200, target: (rel) => f.courses[rel], path: (id) => `/api/v1/courses/${id}` },
  { ...route('POST /api/v1/courses/:id/end'), ok: 200, target: (rel) => insertCourse(rel), path: (id) => `/api/v1/courses/${id}/end`,
    body: () => ({ endedOn: today, endReason: 'completed', version: 1 }) },
  { ...route('POST /api/v1/courses/:id/sessions'), ok: 201, target: (rel) => f.courses[rel],
    path: (id) => `/api/v1/courses/${id}/sessions`, body: () => ({ heldOn: today, durationMinutes: 45, form: 'in_person', note: 'Matrix' }) },
  { ...route('GET /api/v1/courses/:id/sessions'), ok: 200, target: (rel) => f.courses[rel], path: (id) => `/api/v1/courses/${id}/sessions` },
  { ...route('GET /api/v1/cases/:id/follow-ups'), ok: 200, target: (rel) => f.cases[rel], path: (id) => `/api/v1/cases/${id}/follow-ups` },
  {
    ...route('POST /api/v1/follow-ups/:id/answer'), ok: 200,
    target: async (rel) => {
      const offerId = await insertOffer(rel, 'accepted');
      const [fu] = await sql<{ id: string }>(
        `INSERT INTO follow_ups (case_id, unit_id, kind, offer_id, due_on) VALUES ($1, $2, 'twelve_months_after_offer', $3, '2026-01-10') RETURNING id`,
        [f.cases[rel], RELS[rel].own ? h.units.a : h.units.b, offerId],
      );
      return fu!.id;
    },
    path: (id) => `/api/v1/follow-ups/${id}/answer`, body: () => ({ occupation: 'education' }),
  },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const mentorA = await h.createUser('mentor', 'a');
  const mentorB = await h.createUser('mentor', 'b');
  const now = h.clock.now();
  today = now.toISOString().slice(0, 10);
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
  for (const rel of REL_NAMES) {
    f.courses[rel] = await insertCourse(rel);
    await sql(`INSERT INTO course_sessions (course_id, unit_id, held_on, duration_minutes, form, logged_by, logged_at) VALUES ($1, $2, '2026-02-01', 30, 'phone', $3, $4)`, [
      f.courses[rel], RELS[rel].own ? h.units.a : h.units.b, courseMentor(rel), h.clock.now(),
    ]);
  }
});
afterAll(async () => h?.close());

async function lastAudit(): Promise<{ outcome: string; actor_id: string; person_id: string | null }> {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

const MY_COURSES = route('GET /api/v1/courses/mine');
const MY_TASKS = route('GET /api/v1/tasks/mine');

describe('support access matrix', () => {
  it('walks exactly the support routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([...ROUTES, MY_COURSES, MY_TASKS].map(keyOf).sort()).toEqual(walkedBy('support').sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          const expected = expectedStatus(route.action, role, route.ok, relationOf(role, rel));
          const id = await route.target(rel);
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(id), route.body ? route.body(rel) : undefined);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
            // Granted or refused, the row names the record's person (a refusal only in the audit trail, for the
            // citizen's access request; the refused actor gets a bare 404).
            if (row.person_id !== f.persons[rel]) failures.push(`${where}: audit row names person ${row.person_id}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("GET /api/v1/courses/mine: a mentor's own courses with first name and age band only; others get none, roles without course.read 403", async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const expected = expectedStatus(MY_COURSES.action, role, 200);
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/courses/mine');
      const after = await h.auditCount();
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (after - before !== 1) failures.push(`${role}: expected exactly 1 audit row, got ${after - before}`);
      else if ((await lastAudit()).outcome !== (expected === 200 ? 'ok' : 'denied')) failures.push(`${role}: wrong audit outcome`);
      if (res.status !== 200) continue;
      const list = res.body as Record<string, unknown>[];
      for (const rel of REL_NAMES) {
        const shouldSee = role === 'mentor' && RELS[rel].member;
        if (list.some((c) => c.id === f.courses[rel]) !== shouldSee) failures.push(`${role}: list ${shouldSee ? 'misses' : 'leaks'} the ${rel} course`);
      }
      for (const c of list) {
        if (Object.keys(c).sort().join() !== 'ageBand,firstName,id,kind,lastSessionOn,startedOn,status') failures.push(`${role}: fields ${Object.keys(c).join()}`);
        if (c.id === f.courses.ownAssigned && (c.firstName !== 'FixtureownAssigned' || c.ageBand !== '15_17')) failures.push(`${role}: ${JSON.stringify(c)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/tasks/mine: own open tasks, plus the unit queue for coordinators; nobody else\'s', async () => {
    const due = new Date(h.clock.now().getTime() + 3_600_000);
    const own = {} as Record<Role, string>;
    for (const role of ROLES) {
      const [t] = await sql<{ id: string }>(
        `INSERT INTO tasks (unit_id, kind, rule_key, assignee_id, case_id, due_at, created_at) VALUES ($1, 'reassessment', $2, $3, $4, $5, $5) RETURNING id`,
        [h.units.a, `matrix:${role}`, actors[role].user.id, f.cases.ownAssigned, due],
      );
      own[role] = t!.id;
    }
    const queue = async (unit: string, key: string) =>
      (await sql<{ id: string }>(`INSERT INTO tasks (unit_id, kind, rule_key, case_id, due_at, created_at) VALUES ($1, 'follow_up_6m', $2, $3, $4, $4) RETURNING id`,
        [unit, key, unit === h.units.a ? f.cases.ownNotAssigned : f.cases.otherNotAssigned, due]))[0]!.id;
    const queueA = await queue(h.units.a, 'matrix:queue-a');
    const queueB = await queue(h.units.b, 'matrix:queue-b');
    const failures: string[] = [];
    for (const role of ROLES) {
      const expected = expectedStatus(MY_TASKS.action, role, 200);
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/tasks/mine');
      const after = await h.auditCount();
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (after - before !== 1) failures.push(`${role}: expected exactly 1 audit row, got ${after - before}`);
      else if ((await lastAudit()).outcome !== (expected === 200 ? 'ok' : 'denied')) failures.push(`${role}: wrong audit outcome`);
      if (res.status !== 200) continue;
      const ids = new Set((res.body as { id: string }[]).map((t) => t.id));
      for (const other of ROLES) if (ids.has(own[other]) !== (other === role)) failures.push(`${role}: ${other === role ? 'misses own task' : `sees ${other}'s task`}`);
      if (ids.has(queueA) !== (role === 'coordinator')) failures.push(`${role}: unit queue ${role === 'coordinator' ? 'missing' : 'leaks'}`);
      if (ids.has(queueB)) failures.push(`${role}: sees the other unit's queue`);
    }
    expect(failures).toEqual([]);
  });
});
