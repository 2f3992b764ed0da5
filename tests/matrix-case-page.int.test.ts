import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { reachesFor, type Reach } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { allowed, expectedStatus, NATURAL, onCase, reachedThrough, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The staff directory, a case's courses and its history, and the case page's concern filter: every route × role ×
 * relation, with the expected status computed from the one policy table (src/shared/policy.ts, read through
 * tests/helpers/policy.ts), and exactly
 * one audit row per request on personal data (ok or denied, by the actor, naming the case's person).
 *
 * Relations: the case is in the actor's own unit or another unit, and the actor is assigned to it (a case member with
 * their natural relation) or not.
 */
type Rel = 'ownAssigned' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const RELS: Record<Rel, { own: boolean; member: boolean }> = {
  ownAssigned: { own: true, member: true },
  ownNotAssigned: { own: true, member: false },
  otherAssigned: { own: false, member: true },
  otherNotAssigned: { own: false, member: false },
};
const REL_NAMES = Object.keys(RELS) as Rel[];
const relationOf = (role: Role, rel: Rel): Relation => onCase(RELS[rel].own, RELS[rel].member ? NATURAL[role] : null);

interface RouteSpec extends GuardedRoute {
  /**
   * The reaches the route grants: a case's course list is course.read at case level, so the mentor reach (their own
   * course only) does not count there.
   */
  reaches: (role: Role) => readonly Reach[];
  path: (caseId: string) => string;
  /** The fixture record the answer must carry for the relation. */
  check: (body: any, rel: Rel) => string | null;
}

interface Fixture {
  cases: Record<Rel, string>;
  persons: Record<Rel, string>;
  courses: Record<Rel, string>;
}

let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

const ROUTES: RouteSpec[] = [
  {
    ...route('GET /api/v1/cases/:id/courses'), reaches: (role) => reachesFor('course.read', role).filter((r) => r !== 'mentor'),
    path: (id) => `/api/v1/cases/${id}/courses`,
    check: (body, rel) => (Array.isArray(body) && body.length === 1 && body[0].id === f.courses[rel] && body[0].sessionsCount >= 0 ? null : 'wrong course list'),
  },
  {
    ...route('GET /api/v1/cases/:id/history'), reaches: (role) => reachesFor('case.read', role),
    path: (id) => `/api/v1/cases/${id}/history`,
    check: (body, rel) => (body.caseId === f.cases[rel] && body.changes.length === 1 && body.changes[0].to === 'offer' ? null : 'wrong history'),
  },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const mentorA = await h.createUser('mentor', 'a');
  const mentorB = await h.createUser('mentor', 'b');
  const coordinatorB = await h.createUser('coordinator', 'b');
  const now = h.clock.now();
  f = await systemTransaction(h.ctx.db, async (tx) => {
    const cases = {} as Record<Rel, string>;
    const persons = {} as Record<Rel, string>;
    const courses = {} as Record<Rel, string>;
    for (const rel of REL_NAMES) {
      const unit = RELS[rel].own ? h.units.a : h.units.b;
      const p = await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $3) RETURNING id`,
        [unit, `Case page ${rel}`, now],
      );
      persons[rel] = p.rows[0]!.id;
      const c = await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, status, created_at, updated_at) VALUES ($1, $2, $3, 'offer', $4, $4) RETURNING id`,
        [unit, persons[rel], `Case page ${rel}`, now],
      );
      cases[rel] = c.rows[0]!.id;
      await tx.query(
        `INSERT INTO case_status_changes (case_id, unit_id, from_status, to_status, changed_at, changed_by) VALUES ($1, $2, 'open', 'offer', $3, $4)`,
        [cases[rel], unit, now, RELS[rel].own ? actors.coordinator.user.id : coordinatorB.id],
      );
      // The course is run by a mentor of the case's unit who is not the mentor actor: the mentor actor, even when on
      // the case, reaches only their own courses.
      const co = await tx.query<{ id: string }>(
        `INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, 'mentor', $3, 'active', '2026-01-05', $4) RETURNING id`,
        [cases[rel], unit, RELS[rel].own ? mentorA.id : mentorB.id, now],
      );
      courses[rel] = co.rows[0]!.id;
      if (RELS[rel].member) {
        for (const role of ROLES) {
          await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`, [
            cases[rel], actors[role].user.id, unit, NATURAL[role], now,
          ]);
        }
      }
    }
    return { cases, persons, courses };
  });
});
afterAll(async () => h?.close());

async function lastAudit(): Promise<{ outcome: string; actor_id: string; person_id: string | null }> {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

const DIRECTORY = route('GET /api/v1/directory');

describe('case page and staff directory access matrix', () => {
  it('walks exactly the case-page routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([...ROUTES, DIRECTORY].map(keyOf).sort()).toEqual(walkedBy('case-page').sort());
  });

  for (const route of ROUTES) {
    it(`GET ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          const expected = reachedThrough(route.reaches(role), relationOf(role, rel)) ? 200 : 404;
          const before = await h.auditCount();
          const res = await actors[role].get(route.path(f.cases[rel]));
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (res.status === 200) {
            const wrong = route.check(res.body, rel);
            if (wrong) failures.push(`${where}: ${wrong}: ${JSON.stringify(res.body).slice(0, 160)}`);
          }
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

  it('GET /api/v1/directory: 200 unaudited for roles with directory.read, an audited 403 for the rest; entries carry no account fields', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const expected = expectedStatus(DIRECTORY.action, role, 200);
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/directory');
      const after = await h.auditCount();
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      const rows = expected === 200 ? 0 : 1;
      if (after - before !== rows) failures.push(`${role}: expected ${rows} audit rows, got ${after - before}`);
      else if (rows === 1) {
        const row = await lastAudit();
        if (row.outcome !== 'denied' || row.actor_id !== actors[role].user.id) failures.push(`${role}: audit row ${JSON.stringify(row)}`);
      }
      if (res.status !== 200) continue;
      const ids = new Set((res.body as { id: string }[]).map((u) => u.id));
      for (const other of ROLES) if (!ids.has(actors[other].user.id)) failures.push(`${role}: misses the unit's ${other}`);
      for (const e of res.body as Record<string, unknown>[]) {
        if (Object.keys(e).sort().join() !== 'displayName,id,organisation,role,unitName') failures.push(`${role}: fields ${Object.keys(e).join()}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/concerns?personId= and ?caseId=: exactly the concerns about the person the role reaches (unit, creator, shared)', async () => {
    const person = f.persons.ownAssigned;
    const now = h.clock.now();
    const insertConcern = async (registeredBy: string) => (await sql<{ id: string }>(
      `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, triage_deadline_at, registered_by,
         created_at, updated_at)
       VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Deler propaganda i klassens chat.', $2, $4, $2, $2) RETURNING id`,
      [h.units.a, now, person, registeredBy]))[0]!.id;
    const createdBy = {} as Record<Role, string>;
    for (const role of ROLES) createdBy[role] = await insertConcern(actors[role].user.id);
    const sharedOne = await insertConcern(actors.coordinator.user.id);
    for (const role of ROLES) {
      await sql(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at, shared_by) VALUES ($1, $2, $3, 'retsplejeloven_115', $4, $5)`,
        [sharedOne, actors[role].user.id, h.units.a, now, actors.coordinator.user.id]);
    }
    const failures: string[] = [];
    for (const query of [`personId=${person}`, `caseId=${f.cases.ownAssigned}`]) {
      for (const role of ROLES) {
        const status = expectedStatus('concern.read', role, 200);
        const before = await h.auditCount();
        const res = await actors[role].get(`/api/v1/concerns?${query}`);
        const after = await h.auditCount();
        const where = `${role} × ${query.split('=')[0]}`;
        if (res.status !== status) failures.push(`${where}: expected ${status}, got ${res.status}`);
        if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
        else {
          const row = await lastAudit();
          if (row.outcome !== (status === 200 ? 'ok' : 'denied') || row.person_id !== person) failures.push(`${where}: audit row ${JSON.stringify(row)}`);
        }
        if (res.status !== 200) continue;
        // All the concerns are in unit A (the actor's); each was registered by one role's actor, one is shared with all.
        const expected = new Set<string>();
        for (const other of ROLES) {
          if (allowed('concern.read', role, { own: true, creator: other === role })) expected.add(createdBy[other]);
        }
        if (allowed('concern.read', role, { own: true, creator: role === 'coordinator', shared: true })) expected.add(sharedOne);
        const got = (res.body as { id: string }[]).map((k) => k.id).sort();
        if (got.join() !== [...expected].sort().join()) failures.push(`${where}: listed ${got.length}, expected ${expected.size}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
