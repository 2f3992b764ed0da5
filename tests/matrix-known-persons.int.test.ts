import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * The "already known elsewhere" routes × every role (docs/domain.md, "Already known elsewhere"), the expected status
 * from the policy table (known_person.ask, known_person.settings.read, known_person.settings.manage). The question
 * about a person with an open case in unit B: an allowed role gets unit B named and leaves one audit row in its own
 * unit and one in unit B's; a refused role leaves one denied row in its own unit and unit B learns nothing. Reading
 * the setting (no personal data) leaves no row; changing it leaves one.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const ASK = route('POST /api/v1/known-persons/questions');
const READ = route('GET /api/v1/known-persons/settings');
const MANAGE = route('PUT /api/v1/known-persons/settings');
const CPR = '101010-1010';
const maxSeq = async () => (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;
const rowsSince = (role: Role, since: number) =>
  sql<{ outcome: string; unit_id: string }>('SELECT outcome, unit_id FROM audit_log WHERE seq > $1 AND actor_id = $2 ORDER BY seq', [since, actors[role].user.id]);

beforeAll(async () => {
  h = await createHarness();
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, cpr, gender, created_at, updated_at) VALUES ($1, 'Matrix Kendt', $2, 'unknown', $3, $3) RETURNING id`, [h.units.b, CPR, now]);
  await sql(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3)`, [h.units.b, p!.id, now]);
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

describe('already-known access matrix', () => {
  it('walks exactly the known-persons routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect([ASK, READ, MANAGE].map(keyOf).sort()).toEqual(walkedBy('knownPersons').sort());
  });

  it(`${ASK.method} ${ASK.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const since = await maxSeq();
      const res = await actors[role].post('/api/v1/known-persons/questions', { cpr: CPR, purpose: 'Matrix' });
      const rows = await rowsSince(role, since);
      const expected = expectedStatus(ASK.action, role, 200);
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (expected === 200 && JSON.stringify(res.body.knownIn?.map((u: { unitId: string }) => u.unitId)) !== JSON.stringify([h.units.b])) {
        failures.push(`${role}: answer ${JSON.stringify(res.body)}`);
      }
      const want = expected === 200
        ? [{ outcome: 'ok', unit_id: h.units.a }, { outcome: 'ok', unit_id: h.units.b }]
        : [{ outcome: 'denied', unit_id: h.units.a }];
      if (JSON.stringify(rows) !== JSON.stringify(want)) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
    }
    expect(failures).toEqual([]);
  });

  it(`${READ.method} ${READ.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const since = await maxSeq();
      const res = await actors[role].get('/api/v1/known-persons/settings');
      const rows = await rowsSince(role, since);
      const expected = expectedStatus(READ.action, role, 200);
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      if (expected === 200 && res.body.unitId !== h.units.a) failures.push(`${role}: another unit's setting ${JSON.stringify(res.body)}`);
      const want = expected === 200 ? [] : [{ outcome: 'denied', unit_id: h.units.a }];
      if (JSON.stringify(rows) !== JSON.stringify(want)) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
    }
    expect(failures).toEqual([]);
  });

  it(`${MANAGE.method} ${MANAGE.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const version = (await sql<{ version: number }>('SELECT version FROM known_person_settings WHERE unit_id = $1', [h.units.a]))[0]?.version ?? 0;
      const since = await maxSeq();
      const res = await actors[role].request('PUT', '/api/v1/known-persons/settings', { enabled: true, contact: `Matrix ${role}`, version });
      const rows = await rowsSince(role, since);
      const expected = expectedStatus(MANAGE.action, role, 200);
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      const want = [{ outcome: expected === 200 ? 'ok' : 'denied', unit_id: h.units.a }];
      if (JSON.stringify(rows) !== JSON.stringify(want)) failures.push(`${role}: audit rows ${JSON.stringify(rows)}`);
    }
    // Only the actor's own unit's setting was ever written.
    expect(await sql('SELECT unit_id FROM known_person_settings')).toEqual([{ unit_id: h.units.a }]);
    expect(failures).toEqual([]);
  });
});
