import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * An activity's surveys, to show a QR code and link again for the next class (D30) × every role × an activity of the
 * actor's unit or another, with the expected status from the one policy table (survey.manage, unit reach). A success
 * lists the activity's surveys newest first and is not audited (no personal data); a refusal is one denied audit row.
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const activity = { own: '', other: '' };
const surveys: string[] = [];
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const LIST = route('GET /api/v1/activities/:id/surveys');

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const staffB = await h.createUser('coordinator', 'b');
  for (const own of [true, false]) {
    const unit = own ? h.units.a : h.units.b;
    const by = own ? actors.coordinator.user.id : staffB.id;
    const id = (await sql<{ id: string }>(
      `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, organisations, created_by, created_at, updated_at)
       VALUES ($1, '2026-02-01', 'awareness_talk', 'Temadag', 'professionals', 'green', 'school', 20, 1, $2, now(), now()) RETURNING id`, [unit, by]))[0]!.id;
    activity[own ? 'own' : 'other'] = id;
    for (const [i, day] of ['2026-02-01', '2026-02-15'].entries()) {
      const sv = (await sql<{ id: string }>(
        `INSERT INTO surveys (unit_id, activity_id, title, public_token, opens_on, closes_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5::date, '2026-04-01', $6, $5::date::timestamptz) RETURNING id`,
        [unit, id, `Klasse ${i + 1}`, `tok-reprint-${own ? 'a' : 'b'}-${i}`, day, by]))[0]!.id;
      if (own) surveys.push(sv);
    }
  }
});
afterAll(async () => h?.close());

describe('access matrix: an activity\'s surveys (D30)', () => {
  it('walks exactly the survey-reprint routes of the catalogue', () => {
    expect([LIST].map(keyOf)).toEqual(walkedBy('survey-reprint'));
    expect(h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('survey-reprint').includes(k))).toEqual(walkedBy('survey-reprint'));
  });

  it(`${LIST.method} ${LIST.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const own of [true, false]) {
        const expected = expectedStatus(LIST.action, role, 200, { own });
        const before = await h.auditCount();
        const res = await actors[role].get(`/api/v1/activities/${activity[own ? 'own' : 'other']}/surveys`);
        const rows = (await h.auditCount()) - before;
        const where = `${role} × ${own ? 'own' : 'other'} unit`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status}`);
        if (rows !== (expected === 200 ? 0 : 1)) failures.push(`${where}: ${rows} audit rows`);
        if (res.status === 200 && JSON.stringify(res.body.map((x: { id: string }) => x.id)) !== JSON.stringify([...surveys].reverse())) {
          failures.push(`${where}: listed ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists title and period only, and the QR code and link can be fetched again', async () => {
    const res = await actors.adviser.get(`/api/v1/activities/${activity.own}/surveys`);
    expect(res.body[0]).toEqual({ id: surveys[1], title: 'Klasse 2', opensOn: '2026-02-15', closesOn: '2026-04-01', createdAt: expect.any(String) });
    const qr = await actors.adviser.get(`/api/v1/surveys/${surveys[1]}/qr`);
    expect(qr.status).toBe(200);
    expect(qr.body.url).toContain('tok-reprint-a-1');
  });
});
