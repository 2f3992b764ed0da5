import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { insertUserInTrx } from '../src/server/modules/users/index.ts';

/**
 * The police district's Infohus (docs/domain.md, "The police district's Infohus"): a police liaison serves several
 * units of their district. Units A and C are in one district; the liaison belongs to A and serves C too. Their
 * "I dag" (tasks), concern list and notifications cover the shares of both units, and nothing unshared.
 */
let h: Harness;
let unitC: string;
let liaison: Client & { user: TestUser };
let coordinatorA: Client & { user: TestUser };
let coordinatorC: Client;
const shared: Record<'a' | 'c', string> = { a: '', c: '' };
let unsharedC: string;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function concern(unit: string, registeredBy: string, name: string): Promise<string> {
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $3) RETURNING id`, [unit, name, now]);
  return (await sql<{ id: string }>(`INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status,
      triage_deadline_at, registered_by, created_at, updated_at)
    VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Deler voldsforherligende materiale', 'received', $2::timestamptz + interval '48 hours', $4, $2, $2) RETURNING id`,
  [unit, now, p!.id, registeredBy]))[0]!.id;
}

beforeAll(async () => {
  h = await createHarness();
  [{ id: unitC }] = await sql<{ id: string }>(`INSERT INTO units (name, municipality_code, police_district_id) VALUES ('Testkommune C', '147', 11) RETURNING id`) as [{ id: string }];
  liaison = await h.signIn('police_liaison', 'a');
  coordinatorA = await h.signIn('coordinator', 'a');
  const cUser = await systemTransaction(h.ctx.db, (tx) => insertUserInTrx(tx, { username: 'koord.c', displayName: 'Koordinator C', role: 'coordinator', unitId: unitC, password: 'correct-horse-battery-staple' }, h.clock.now()));
  coordinatorC = await h.signInAs({ id: cUser, username: 'koord.c', role: 'coordinator', unitId: unitC });
  shared.a = await concern(h.units.a, coordinatorA.user.id, 'Delt Fra A');
  const [cu] = await sql<{ id: string }>('SELECT id FROM users WHERE username = $1', ['koord.c']);
  shared.c = await concern(unitC, cu!.id, 'Delt Fra C');
  unsharedC = await concern(unitC, cu!.id, 'Ikke Delt C');
});
afterAll(async () => h?.close());

describe('a police liaison serving two units of the district', () => {
  it('is in the directory of the other unit, which shares with them', async () => {
    const otherDistrict = await h.createUser('police_liaison', 'b');
    const dir = await coordinatorC.get('/api/v1/directory?role=police_liaison');
    expect(dir.body.map((u: { id: string }) => u.id)).toContain(liaison.user.id);
    // A liaison of another police district is not offered.
    expect(dir.body.map((u: { id: string }) => u.id)).not.toContain(otherDistrict.id);
    for (const [c, id] of [[coordinatorA, shared.a], [coordinatorC, shared.c]] as const) {
      const res = await c.post(`/api/v1/concerns/${id}/share`, { version: 1, userId: liaison.user.id, legalBasis: 'retsplejeloven_115' });
      expect(res.status).toBe(200);
    }
  });

  it('sees the shares of both units in the concern list, and nothing unshared', async () => {
    const res = await liaison.get('/api/v1/concerns/page');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((k: { id: string }) => k.id);
    expect(ids.sort()).toEqual([shared.a, shared.c].sort());
    expect(res.body.total).toBe(2);
    expect((await liaison.get(`/api/v1/concerns/${shared.c}`)).status).toBe(200);
    expect((await liaison.get(`/api/v1/concerns/${unsharedC}`)).status).toBe(404);
    // Serving unit C gives no unit reach there: the person of an unshared concern stays closed too.
    const [{ person_id }] = await sql<{ person_id: string }>('SELECT person_id FROM concerns WHERE id = $1', [unsharedC]) as [{ person_id: string }];
    expect((await liaison.request('GET', `/api/v1/persons/${person_id}`, undefined, { 'x-vink-reason': 'Infohus' })).status).toBe(404);
  });

  it('has the police checks of both units on "I dag" (tasks), and the notifications of both', async () => {
    const tasks = await liaison.get('/api/v1/tasks/mine');
    expect(tasks.status).toBe(200);
    const about = tasks.body.map((t: { concernId?: string | null; recordId?: string | null }) => t.concernId ?? t.recordId);
    expect(about).toEqual(expect.arrayContaining([shared.a, shared.c]));
    expect(about).not.toContain(unsharedC);
    const inbox = await liaison.get('/api/v1/notifications');
    expect(inbox.status).toBe(200);
    const text = JSON.stringify(inbox.body);
    expect(text).toContain(shared.c);
    expect(text).not.toContain(unsharedC);
  });
});
