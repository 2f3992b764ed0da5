import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';

/**
 * The Infohus meeting routes × every role × every relation to a meeting (its unit, and whether the actor takes part:
 * the 'shared' reach of police and partners), with the expected status computed from the policy table
 * (src/shared/policy.ts, through tests/helpers/policy.ts). Each request leaves exactly one audit row (ok or denied, by
 * the actor); a decision's row names the concern's person.
 */
type Rel = 'ownParticipant' | 'ownNone' | 'otherParticipant' | 'otherNone';
const RELS: Record<Rel, Relation> = {
  ownParticipant: { own: true, shared: true },
  ownNone: { own: true, shared: false },
  otherParticipant: { own: false, shared: true },
  otherNone: { own: false, shared: false },
};
const REL_NAMES = Object.keys(RELS) as Rel[];

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const meetings = {} as Record<Rel, { id: string; item: string; concern: string; person: string }>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

interface RouteSpec extends GuardedRoute {
  ok: number;
  path: (m: Rel) => string;
  prepare?: (m: Rel) => Promise<unknown>;
  body?: (m: Rel) => Promise<unknown> | unknown;
  /** Whether the ok audit row names the item's person (a decision) or no one (the meeting as a whole). */
  names: boolean;
}

/** Puts the item and its concern back before the decision, so every allowed actor can make it. */
async function undecide(rel: Rel) {
  const m = meetings[rel];
  await sql(`UPDATE infohus_meeting_items SET decision = NULL, reasoning = NULL, assessment_id = NULL, decided_by = NULL, decided_at = NULL, shared_with = '{}' WHERE id = $1`, [m.item]);
  await sql(`DELETE FROM infohus_assessments WHERE concern_id = $1`, [m.concern]);
  await sql(`UPDATE concerns SET status = 'infohus', triaged_at = NULL, handled_in_time = NULL WHERE id = $1`, [m.concern]);
}
const versions = async (rel: Rel) => (await sql<{ item: number; concern: number }>(
  `SELECT i.version AS item, k.version AS concern FROM infohus_meeting_items i JOIN concerns k ON k.id = i.concern_id WHERE i.id = $1`, [meetings[rel].item]))[0]!;

const ROUTES: RouteSpec[] = [
  { ...route('GET /api/v1/meetings/:id'), ok: 200, names: false, path: (r) => `/api/v1/meetings/${meetings[r].id}` },
  { ...route('POST /api/v1/meetings/:id/items/:itemId/decision'), ok: 200, names: true,
    path: (r) => `/api/v1/meetings/${meetings[r].id}/items/${meetings[r].item}/decision`, prepare: undecide,
    body: async (r) => {
      const v = await versions(r);
      return { version: v.item, concernVersion: v.concern, decision: 'unfounded', reasoning: 'Matrix: ingen konkret risiko.', followUpAuthority: 'Kommunen' };
    } },
  { ...route('POST /api/v1/meetings/:id/minutes'), ok: 200, names: false, path: (r) => `/api/v1/meetings/${meetings[r].id}/minutes`, body: () => ({}) },
];
const LIST = route('GET /api/v1/meetings');
const CREATE = route('POST /api/v1/meetings');

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const author = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
  const now = h.clock.now();
  for (const rel of REL_NAMES) {
    const own = RELS[rel].own;
    const unit = own ? h.units.a : h.units.b;
    const by = (own ? author.a : author.b).id;
    const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Møde', 'unknown', $2, $2) RETURNING id`, [unit, now]);
    const [k] = await sql<{ id: string }>(
      `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
         registered_by, created_at, updated_at, minor_stated)
       VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'infohus', $4, $5, $2, $2, 'no') RETURNING id`,
      [unit, now, p!.id, new Date(now.getTime() + 48 * 3_600_000), by]);
    await sql(`INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) VALUES ($1, $2, 'threats')`, [k!.id, unit]);
    const [m] = await sql<{ id: string }>(
      `INSERT INTO infohus_meetings (unit_id, meeting_on, place, created_by, created_at, updated_at) VALUES ($1, '2026-03-02', 'Matrix', $2, $3, $3) RETURNING id`, [unit, by, now]);
    const [i] = await sql<{ id: string }>(`INSERT INTO infohus_meeting_items (meeting_id, unit_id, position, concern_id) VALUES ($1, $2, 1, $3) RETURNING id`, [m!.id, unit, k!.id]);
    if (RELS[rel].shared) {
      for (const role of ROLES) {
        await sql(`INSERT INTO infohus_meeting_participants (meeting_id, user_id, unit_id) VALUES ($1, $2, $3)`, [m!.id, actors[role].user.id, unit]);
      }
    }
    meetings[rel] = { id: m!.id, item: i!.id, concern: k!.id, person: p!.id };
  }
}, 120_000);
afterAll(async () => h?.close());

async function lastAudit() {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

describe('Infohus meetings access matrix', () => {
  it('walks exactly the meetings routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([...ROUTES, LIST, CREATE].map(keyOf).sort()).toEqual(walkedBy('meetings').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of REL_NAMES) {
          await r.prepare?.(rel);
          const expected = expectedStatus(r.action, role, r.ok, RELS[rel]);
          const before = await h.auditCount();
          const res = await actors[role].request(r.method, r.path(rel), r.body ? await r.body(rel) : undefined);
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
            if (outcome === 'ok' && r.names && row.person_id !== meetings[rel].person) failures.push(`${where}: audit row names ${row.person_id}, not the item's person`);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 180_000);
  }

  it('GET /api/v1/meetings (the calendar: dates and places, no audit row when allowed, an audited 403 when the role may not)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const expected = expectedStatus(LIST.action, role, 200);
      const before = await h.auditCount();
      const res = await actors[role].get('/api/v1/meetings');
      const rows = await h.auditCount() - before;
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (rows !== (expected === 200 ? 0 : 1)) failures.push(`${role}: expected ${expected === 200 ? 0 : 1} audit rows, got ${rows}`);
      // Only meetings within reach: the unit's, or (police and partners) those they take part in.
      if (res.status === 200) {
        const ids = (res.body as { id: string }[]).map((m) => m.id).sort();
        const want = REL_NAMES.filter((rel) => expectedStatus('meeting.read', role, 200, RELS[rel]) === 200).map((rel) => meetings[rel].id).sort();
        if (JSON.stringify(ids) !== JSON.stringify(want)) failures.push(`${role}: lists ${ids.length} meetings, expected ${want.length}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('POST /api/v1/meetings (planning: exactly one audit row, created or refused)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const expected = expectedStatus(CREATE.action, role, 201);
      const before = await h.auditCount();
      const res = await actors[role].post('/api/v1/meetings', { meetingOn: '2026-03-16', place: 'Matrix', participantIds: [actors[role].user.id] });
      const rows = await h.auditCount() - before;
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      if (rows !== 1) failures.push(`${role}: expected 1 audit row, got ${rows}`);
    }
    expect(failures).toEqual([]);
  });
});
