import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * Prevention work: every route × role × relation, with the expected status computed from the one policy table
 * (src/shared/policy.ts, read through tests/helpers/policy.ts). Relations: the record belongs to the actor's own unit or to another unit.
 *
 * Audit rule of this module (stated in src/server/modules/prevention/service.ts): nothing here is personal data, so a
 * successful read or list writes no audit row, while every create and update writes exactly one (ok, by the actor),
 * and every refusal writes exactly one (denied, by the actor). The public survey routes are the same for every role
 * and for anonymous callers, write no audit row and set no cookie.
 */
type Rel = 'own' | 'other';
const RELS: Rel[] = ['own', 'other'];

interface Fixture {
  activities: Record<Rel, string>;
  surveys: Record<Rel, { id: string; token: string; questionId: string }>;
}

let h: Harness;
let f: Fixture;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let seq = 0;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
const unitOf = (rel: Rel) => (rel === 'own' ? h.units.a : h.units.b);

/**
 * An answer ticket for a survey, arranged as the table owner (the survey page hands them out; fetching one per call
 * here would spend the page's per-address rate limit on arrangement). Only its hash is stored, as the page stores it.
 */
async function ticketFor(rel: Rel): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await sql('INSERT INTO survey_tickets (ticket_hash, survey_id, unit_id, expires_at) VALUES ($1, $2, $3, $4)', [
    createHash('sha256').update(ticket).digest(), f.surveys[rel].id, unitOf(rel), '2026-04-01T00:00:00Z',
  ]);
  return ticket;
}

async function insertActivity(rel: Rel): Promise<string> {
  const [a] = await sql<{ id: string }>(
    `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, organisations, created_by, created_at, updated_at)
     VALUES ($1, '2026-02-01', 'awareness_talk', $2, 'professionals', 'green', 'school', 20, 1, $3, now(), now()) RETURNING id`,
    [unitOf(rel), `Matrix ${rel}`, actors.coordinator.user.id],
  );
  return a!.id;
}
async function insertForumMember(rel: Rel): Promise<string> {
  const [m] = await sql<{ id: string }>(
    `INSERT INTO forum_members (unit_id, organisation, joined_on) VALUES ($1, $2, '2025-01-01') RETURNING id`, [unitOf(rel), `Matrixforening ${++seq}`],
  );
  return m!.id;
}

type Audited = 'write' | 'read';
interface RouteSpec extends GuardedRoute {
  /** record: relation matters (404 outside); role: no record involved (403 for a role that may not). */
  kind: 'record' | 'role';
  audited: Audited;
  ok: number;
  target?: (rel: Rel) => Promise<string> | string;
  path: (id: string) => string;
  body?: () => unknown;
  /** For lists: the fixture records of each relation the response must contain when allowed (and never otherwise). */
  lists?: (body: unknown) => string[];
  fixtures?: () => Record<Rel, string>;
}

const ROUTES: RouteSpec[] = [
  { ...route('POST /api/v1/activities'), kind: 'role', audited: 'write', ok: 201, path: () => '/api/v1/activities',
    body: () => ({ heldOn: '2026-02-02', kind: 'outreach', title: 'Matrix', targetGroup: 'group_risk_environment', preventionLevel: 'yellow', audienceSector: 'other', participants: 3 }) },
  { ...route('GET /api/v1/activities'), kind: 'role', audited: 'read', ok: 200, path: () => '/api/v1/activities?year=2026',
    lists: (b) => (b as { id: string }[]).map((x) => x.id), fixtures: () => f.activities },
  { ...route('GET /api/v1/activities/:id'), kind: 'record', audited: 'read', ok: 200,
    target: (rel) => f.activities[rel], path: (id) => `/api/v1/activities/${id}` },
  { ...route('PATCH /api/v1/activities/:id'), kind: 'record', audited: 'write', ok: 200,
    target: insertActivity, path: (id) => `/api/v1/activities/${id}`, body: () => ({ version: 1, participants: 21 }) },
  { ...route('POST /api/v1/surveys'), kind: 'role', audited: 'write', ok: 201, path: () => '/api/v1/surveys',
    body: () => ({ title: 'Matrix', opensOn: '2026-03-02', closesOn: '2026-03-09', questions: [{ textDa: 'Spørgsmål' }] }) },
  { ...route('GET /api/v1/surveys/:id/results'), kind: 'record', audited: 'read', ok: 200,
    target: (rel) => f.surveys[rel].id, path: (id) => `/api/v1/surveys/${id}/results` },
  { ...route('GET /api/v1/surveys/:id/qr'), kind: 'record', audited: 'read', ok: 200,
    target: (rel) => f.surveys[rel].id, path: (id) => `/api/v1/surveys/${id}/qr` },
  { ...route('POST /api/v1/forum/members'), kind: 'role', audited: 'write', ok: 201, path: () => '/api/v1/forum/members',
    body: () => ({ organisation: `Matrix ny ${++seq}`, joinedOn: '2026-01-01' }) },
  { ...route('PATCH /api/v1/forum/members/:id'), kind: 'record', audited: 'write', ok: 200,
    target: insertForumMember, path: (id) => `/api/v1/forum/members/${id}`, body: () => ({ version: 1, charterSignedOn: '2026-02-01' }) },
  { ...route('GET /api/v1/forum/members'), kind: 'role', audited: 'read', ok: 200, path: () => '/api/v1/forum/members' },
];

// Every prevention action reaches records by unit only.
const statusFor = (route: RouteSpec, role: Role, rel: Rel): number =>
  expectedStatus(route.action, role, route.ok, route.kind === 'record' ? { own: rel === 'own' } : undefined);

async function lastAudit(): Promise<{ outcome: string; actor_id: string; action: string }> {
  return (await sql<{ outcome: string; actor_id: string; action: string }>('SELECT outcome, actor_id, action FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const activities = { own: await insertActivity('own'), other: await insertActivity('other') };
  const surveys = {} as Fixture['surveys'];
  for (const rel of RELS) {
    const [sv] = await sql<{ id: string }>(
      `INSERT INTO surveys (unit_id, title, public_token, opens_on, closes_on, created_by, created_at)
       VALUES ($1, 'Matrix', $2, '2026-03-01', '2026-03-31', $3, now()) RETURNING id`,
      [unitOf(rel), `matrix-token-${rel}-0123456789abcdef`, actors.coordinator.user.id],
    );
    const [q] = await sql<{ id: string }>(
      `INSERT INTO survey_questions (survey_id, unit_id, position, text_da, kind) VALUES ($1, $2, 1, 'Spørgsmål', 'agreement') RETURNING id`, [sv!.id, unitOf(rel)],
    );
    surveys[rel] = { id: sv!.id, token: `matrix-token-${rel}-0123456789abcdef`, questionId: q!.id };
  }
  f = { activities, surveys };
});
afterAll(async () => h?.close());

describe('access matrix: prevention', () => {
  it('walks exactly the prevention routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    const walked = [...ROUTES.map(keyOf), 'GET /api/v1/public/surveys/:token', 'POST /api/v1/public/surveys/:token/responses'];
    expect(walked.sort()).toEqual(walkedBy('prevention').sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of route.kind === 'record' ? RELS : (['own'] as Rel[])) {
          const where = `${role} × ${rel}`;
          const expected = statusFor(route, role, rel);
          const id = route.target ? await route.target(rel) : '';
          const before = await h.auditCount();
          const res = await actors[role].request(route.method, route.path(id), route.body?.());
          const written = (await h.auditCount()) - before;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          const wantRows = expected >= 400 || route.audited === 'write' ? 1 : 0;
          if (written !== wantRows) failures.push(`${where}: expected ${wantRows} audit row(s), got ${written}`);
          else if (wantRows === 1) {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)}, expected ${outcome}`);
          }
          if (route.lists && route.fixtures && res.status === 200) {
            const ids = new Set(route.lists(res.body));
            const fx = route.fixtures();
            if (!ids.has(fx.own)) failures.push(`${where}: list misses the own-unit record`);
            if (ids.has(fx.other)) failures.push(`${where}: list leaks the other unit's record`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  const callers = (): [string, Client][] => [...ROLES.map((r) => [r, actors[r]] as [string, Client]), ['anonymous', h.client()]];

  it('GET /api/v1/public/surveys/:token: the same answer for every role and anonymous, no audit row, no cookie', async () => {
    const failures: string[] = [];
    for (const [who, client] of callers()) {
      for (const rel of RELS) {
        const before = await h.auditCount();
        const res = await client.get(`/api/v1/public/surveys/${f.surveys[rel].token}`);
        if (res.status !== 200) failures.push(`${who} × ${rel}: expected 200, got ${res.status}`);
        if ((await h.auditCount()) !== before) failures.push(`${who} × ${rel}: wrote an audit row`);
        if (res.headers['set-cookie'] !== undefined) failures.push(`${who} × ${rel}: set a cookie`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('POST /api/v1/public/surveys/:token/responses: the same answer for every role and anonymous, no audit row, no cookie', async () => {
    const failures: string[] = [];
    for (const [who, client] of callers()) {
      for (const rel of RELS) {
        const ticket = await ticketFor(rel);
        const before = await h.auditCount();
        const res = await client.post(`/api/v1/public/surveys/${f.surveys[rel].token}/responses`, { ticket, answers: [{ questionId: f.surveys[rel].questionId, value: 4 }] });
        if (res.status !== 201) failures.push(`${who} × ${rel}: expected 201, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if ((await h.auditCount()) !== before) failures.push(`${who} × ${rel}: wrote an audit row`);
        if (res.headers['set-cookie'] !== undefined) failures.push(`${who} × ${rel}: set a cookie`);
      }
    }
    expect(failures).toEqual([]);
    // Nothing ties a response to who sent it: every role's answer looks the same in the table.
    const rows = await sql<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses');
    expect(rows[0]!.n).toBe(callers().length * RELS.length);
  });
});
