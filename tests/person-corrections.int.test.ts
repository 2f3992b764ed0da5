import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Correcting a person (docs/domain.md, "Corrections"): fixing a name and adding a CPR number later leave a field history
 * (old -> new, the CPR masked: never the full number in the history) that the person overview shows; a stale version
 * is 409; a CPR number cannot be replaced by a correction, and one that contradicts the birth date is a 400.
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function makePerson(birthDate: string | null): Promise<string> {
  const now = h.clock.now();
  return (await sql<{ id: string }>(
    `INSERT INTO persons (unit_id, full_name, gender, birth_date, created_at, updated_at) VALUES ($1, 'Jonas Prøvesen', 'unknown', $2, $3, $3) RETURNING id`,
    [h.units.a, birthDate, now]))[0]!.id;
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
});
afterAll(async () => h?.close());

describe('correcting a person', () => {
  it('fixes a name and adds a CPR number later, with a history that masks the CPR', async () => {
    const id = await makePerson(null);
    const res = await coordinator.request('PATCH', `/api/v1/persons/${id}`, { version: 1, fullName: 'Jonas Prøvesen Berg', cpr: '010110-4234' });
    expect(res.status).toBe(200);
    expect(res.body.birthDate).toBe('2010-01-01');
    expect(res.body.cprMasked).not.toContain('4234');
    const stored = (await sql<{ cpr: string; version: number }>('SELECT cpr, version FROM persons WHERE id = $1', [id]))[0]!;
    expect(stored).toEqual({ cpr: '010110-4234', version: 2 });
    const history = await sql<{ field: string; old_value: string | null; new_value: string | null }>(
      'SELECT field, old_value, new_value FROM field_history WHERE record_id = $1 ORDER BY field', [id]);
    expect(history.map((x) => x.field)).toEqual(['birthDate', 'cpr', 'fullName']);
    expect(history.find((x) => x.field === 'fullName')).toMatchObject({ old_value: 'Jonas Prøvesen', new_value: 'Jonas Prøvesen Berg' });
    // The removal of the masking would store the full number: the history must never hold it.
    for (const x of history) expect(`${x.old_value} ${x.new_value}`).not.toMatch(/4234/);

    // The coordinator is on no concern or case of the person, so the overview asks for a reason (break the glass).
    coordinator.reason = 'Rettelse af stamdata';
    const overview = await coordinator.get(`/api/v1/persons/${id}/overview`);
    coordinator.reason = undefined;
    expect(overview.status).toBe(200);
    expect(overview.body.person.corrections.map((c: { field: string }) => c.field).sort()).toEqual(['birthDate', 'cpr', 'fullName']);
    expect(overview.body.person.corrections[0].changedBy.id).toBe(coordinator.user.id);

    const stale = await coordinator.request('PATCH', `/api/v1/persons/${id}`, { version: 1, fullName: 'For sent' });
    expect(stale.status).toBe(409);
    const replace = await coordinator.request('PATCH', `/api/v1/persons/${id}`, { version: 2, cpr: '020210-4234' });
    expect(replace.status).toBe(400);
    expect(JSON.stringify(replace.body)).toContain('cpr');
  });

  it('refuses a CPR number that contradicts the recorded birth date, naming the field', async () => {
    const id = await makePerson('2011-05-05');
    const res = await coordinator.request('PATCH', `/api/v1/persons/${id}`, { version: 1, cpr: '010110-4234' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('cpr');
    expect((await sql<{ n: number }>('SELECT count(*)::int AS n FROM field_history WHERE record_id = $1', [id]))[0]!.n).toBe(0);
  });
});
