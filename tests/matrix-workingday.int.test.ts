import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';
import { mayAttempt } from '../src/server/access/policy.ts';

/**
 * Delegation, notifications, handover and workload: every route × role × relation, the expected status from the
 * policy table (src/shared/policy.ts), and the audit rows each request leaves (a refusal always leaves one).
 *
 * Relations: the record is in the actor's own unit or another unit; a task is the actor's own or a colleague's; a
 * notification is the actor's own or another user's.
 */
type Rel = 'own' | 'colleague' | 'other';
const RELS: Rel[] = ['own', 'colleague', 'other'];

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let adviserA: TestUser;
let adviserB: TestUser;
let person: { a: string; b: string };

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
const unitOf = (rel: Rel) => (rel === 'other' ? h.units.b : h.units.a);

async function newCase(rel: Rel): Promise<string> {
  const unit = unitOf(rel);
  return (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id`,
    [unit, rel === 'other' ? person.b : person.a, h.clock.now()]))[0]!.id;
}
async function newConcern(rel: Rel): Promise<string> {
  const unit = unitOf(rel);
  return (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, triage_deadline_at, registered_by, created_at, updated_at)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'low', 'Deler propaganda i klassens chat.', $2, $4, $2, $2) RETURNING id`,
    [unit, h.clock.now(), rel === 'other' ? person.b : person.a, rel === 'other' ? adviserB.id : adviserA.id]))[0]!.id;
}
let taskSeq = 0;
/** An open task: the actor's own (own unit), a colleague's (own unit), or in another unit. */
async function newTask(rel: Rel, actor: TestUser): Promise<string> {
  const caseId = await newCase(rel);
  const assignee = rel === 'own' ? actor.id : rel === 'colleague' ? adviserA.id : adviserB.id;
  return (await sql<{ id: string }>(
    `INSERT INTO tasks (unit_id, kind, rule_key, assignee_id, case_id, due_at, created_at) VALUES ($1, 'reassessment', $2, $3, $4, $5, $5) RETURNING id`,
    [unitOf(rel), `matrix:${++taskSeq}`, assignee, caseId, h.clock.now()]))[0]!.id;
}
async function newNotification(rel: Rel, actor: TestUser): Promise<string> {
  const user = rel === 'own' ? actor.id : rel === 'colleague' ? adviserA.id : adviserB.id;
  return (await sql<{ id: string }>(
    `INSERT INTO notifications (user_id, unit_id, kind, dedupe_key, created_at) VALUES ($1, $2, 'assigned', $3, $4) RETURNING id`,
    [user, unitOf(rel), `matrix:${++taskSeq}`, h.clock.now()]))[0]!.id;
}

interface RouteSpec extends GuardedRoute {
  method: 'GET' | 'POST' | 'PUT';
  target?: (rel: Rel, actor: TestUser) => Promise<string>;
  path: (id: string) => string;
  body?: (rel: Rel, actor: TestUser) => unknown;
  expected: (role: Role, rel: Rel) => number;
  /** Audit rows a successful request leaves (a refusal leaves one). */
  auditedOk: number;
}

const plain = (action: GuardedRoute['action'], ok: number) => (role: Role) => expectedStatus(action as never, role, ok);
const ROUTES: RouteSpec[] = [
  {
    ...route('POST /api/v1/tasks/:id/delegate'), method: 'POST', target: newTask, path: (id) => `/api/v1/tasks/${id}/delegate`,
    body: () => ({ userId: adviserA.id }), auditedOk: 1,
    // An adviser hands on their own task; a coordinator any task of the unit; nobody a task of another unit.
    expected: (role, rel) => {
      if (!mayAttempt('tasks.delegate', role)) return 403;
      if (rel === 'other') return 404;
      if (rel === 'colleague') return role === 'coordinator' ? 204 : 404;
      return 204;
    },
  },
  { ...route('GET /api/v1/notifications'), method: 'GET', path: () => '/api/v1/notifications', auditedOk: 1, expected: plain('notifications.read', 200) },
  { ...route('GET /api/v1/notifications/unread'), method: 'GET', path: () => '/api/v1/notifications/unread', auditedOk: 0, expected: plain('notifications.read', 200) },
  { ...route('POST /api/v1/notifications/read-all'), method: 'POST', path: () => '/api/v1/notifications/read-all', body: () => ({}), auditedOk: 1,
    expected: plain('notifications.read', 204) },
  {
    ...route('POST /api/v1/notifications/:id/read'), method: 'POST', target: newNotification, path: (id) => `/api/v1/notifications/${id}/read`, body: () => ({}),
    auditedOk: 1, expected: (role, rel) => (!mayAttempt('notifications.read', role) ? 403 : rel === 'own' ? 204 : 404),
  },
  { ...route('GET /api/v1/notifications/settings'), method: 'GET', path: () => '/api/v1/notifications/settings', auditedOk: 0,
    expected: plain('notifications.settings', 200) },
  { ...route('PUT /api/v1/notifications/settings'), method: 'PUT', path: () => '/api/v1/notifications/settings', auditedOk: 1,
    // Each role saves once per relation: the first save creates (version 0), later ones need the stored version.
    body: () => ({ email: null, emailEnabled: false, version: 0 }), expected: plain('notifications.settings', 200) },
  {
    ...route('POST /api/v1/cases/:id/handover'), method: 'POST', target: (rel) => newCase(rel), path: (id) => `/api/v1/cases/${id}/handover`,
    body: (rel) => ({ version: 1, ownerId: rel === 'other' ? adviserB.id : adviserA.id }), auditedOk: 1,
    expected: (role, rel) => expectedStatus('handover.manage', role, 200, { own: rel !== 'other' }),
  },
  {
    ...route('POST /api/v1/concerns/:id/handover'), method: 'POST', target: (rel) => newConcern(rel), path: (id) => `/api/v1/concerns/${id}/handover`,
    body: () => ({ version: 1, coordinatorId: actors.coordinator.user.id }), auditedOk: 1,
    expected: (role, rel) => expectedStatus('handover.manage', role, 200, { own: rel !== 'other' }),
  },
  {
    ...route('POST /api/v1/covers'), method: 'POST', path: () => '/api/v1/covers', auditedOk: 1,
    body: () => ({ absentUserId: adviserA.id, coverUserId: actors.adviser.user.id, startsOn: '2026-07-01', endsOn: '2026-07-14' }),
    expected: plain('cover.manage', 201),
  },
  { ...route('GET /api/v1/covers'), method: 'GET', path: () => '/api/v1/covers', auditedOk: 1, expected: plain('cover.manage', 200) },
  { ...route('GET /api/v1/workload'), method: 'GET', path: () => '/api/v1/workload', auditedOk: 1, expected: plain('workload.read', 200) },
  { ...route('GET /api/v1/workload/suppressed'), method: 'GET', path: () => '/api/v1/workload/suppressed', auditedOk: 1,
    expected: plain('workload.read_suppressed', 200) },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  adviserA = await h.createUser('adviser', 'a');
  adviserB = await h.createUser('adviser', 'b');
  const mk = async (unit: string) => (await sql<{ id: string }>(
    `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Person', 'unknown', $2, $2) RETURNING id`, [unit, h.clock.now()]))[0]!.id;
  person = { a: await mk(h.units.a), b: await mk(h.units.b) };
});
afterAll(async () => h?.close());

describe('working-day access matrix', () => {
  it('walks exactly the workingday routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('workingday').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const actor = actors[role];
        const rels = r.target ? RELS : (['own'] as Rel[]);
        for (const rel of rels) {
          // The settings route creates once per user: later walks send the stored version.
          let body = r.body?.(rel, actor.user);
          if (r.url === '/api/v1/notifications/settings' && r.method === 'PUT') {
            const [v] = await sql<{ version: number }>('SELECT version FROM notification_settings WHERE user_id = $1', [actor.user.id]);
            body = { email: null, emailEnabled: false, version: v?.version ?? 0 };
          }
          const id = r.target ? await r.target(rel, actor.user) : '';
          const expected = r.expected(role, rel);
          const before = await h.auditCount();
          const res = await actor.request(r.method, r.path(id), body);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          const rows = expected < 400 ? r.auditedOk : 1;
          if (after - before !== rows) failures.push(`${where}: expected ${rows} audit rows, got ${after - before}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
