import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runRetention } from '../src/server/modules/retention/index.ts';

/**
 * The person's own retention rule, class person_unreferenced (migration 0311; docs/retention.md, "The schedule"): a
 * person that nothing refers to any more (never used, or every concern and case anonymised) is anonymised after the
 * class period, counted from the person's last change or the anonymisation of their last record; a legal hold, a
 * concern kept with identity, and a link to a person who has one each keep the identity. With a fake clock.
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let coordinator: Signed;
let dpo: Signed;
const DAY = 86_400_000;
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const person = async (id: string) =>
  (await q<{ full_name: string; cpr: string | null; birth_date: string | null; gender: string | null; anonymised_at: Date | null }>(
    `SELECT full_name, cpr, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, gender, anonymised_at FROM persons WHERE id = $1`, [id]))[0]!;

let unused: string;
let held: string;
let withConcern: string;
let concernId: string;
let relative: string;

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  dpo = await h.signIn('dpo', 'a');
  const create = async (fullName: string, cpr: string, gender: string) => {
    const res = await coordinator.post('/api/v1/persons', { fullName, cpr, gender });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  // Created at intake and never used.
  unused = await create('Ubrugt Testesen', '0101901234', 'female');
  // Never used either, but under a legal hold (a complaint).
  held = await create('Holdt Testesen', '0202902345', 'male');
  expect((await dpo.post('/api/v1/legal-holds', { personId: held, reasonKind: 'complaint', reason: 'Klage til Datatilsynet verserer.' })).status).toBe(201);
  // The subject of a concern kept with identity, and a relative linked to them.
  const k = await coordinator.post('/api/v1/concerns', {
    receivedAt: h.clock.now().toISOString(), channel: 'professional', reporter: { anonymous: true },
    person: { fullName: 'Aktiv Testesen', birthDate: '2005-03-04' }, ideologyArea: 'right_wing', severity: 'medium',
    behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler opfordringer til vold mod en navngiven gruppe.',
  });
  expect(k.status).toBe(201);
  withConcern = k.body.person.id;
  concernId = k.body.id;
  relative = await create('Slægtning Testesen', '0303703456', 'female');
  await q(`INSERT INTO person_links (unit_id, person_id, linked_person_id, kind, created_by, created_at) VALUES ($1, $2, $3, 'parent', $4, $5)`,
    [h.units.a, withConcern, relative, coordinator.user.id, h.clock.now()]);
});
afterAll(async () => h?.close());

describe('the person rule (person_unreferenced)', () => {
  it('is in the schedule with its default period and action', async () => {
    expect(await q('SELECT period_months, action FROM retention_classes WHERE class_key = $1', ['person_unreferenced'])).toEqual([{ period_months: 12, action: 'anonymise' }]);
  });

  it('keeps an unused person before the period ends', async () => {
    h.clock.advance(11 * 30 * DAY);
    const run = await runRetention(h.ctx, { trigger: 'cli' });
    expect(run.classes.find((c) => c.classKey === 'person_unreferenced')).toMatchObject({ counts: { person: 0 } });
    expect((await person(unused)).full_name).toBe('Ubrugt Testesen');
  });

  it('anonymises an unused person after the period; the hold, the live concern and the link to it keep the others', async () => {
    h.clock.advance(2 * 30 * DAY);
    const dry = await runRetention(h.ctx, { trigger: 'cli', dryRun: true });
    expect(dry.classes.find((c) => c.classKey === 'person_unreferenced')).toMatchObject({ counts: { person: 1 }, heldBack: 1 });
    const run = await runRetention(h.ctx, { trigger: 'cli' });
    const cls = run.classes.find((c) => c.classKey === 'person_unreferenced')!;
    expect(cls).toMatchObject({ counts: { person: 1 }, heldBack: 1 });
    expect(await person(unused)).toMatchObject({ full_name: 'Anonymiseret', cpr: null, birth_date: null, gender: 'female', anonymised_at: expect.any(Date) });
    expect((await person(held)).full_name).toBe('Holdt Testesen');
    expect((await person(withConcern)).full_name).toBe('Aktiv Testesen');
    expect((await person(relative)).full_name).toBe('Slægtning Testesen');
    // The receipt counts; it names no one.
    const [receipt] = await q<Record<string, unknown>>('SELECT * FROM retention_receipts WHERE id = $1', [cls.receiptId]);
    expect(receipt).toMatchObject({ class_key: 'person_unreferenced', counts: { person: 1 }, held_back: 1 });
    const text = JSON.stringify(receipt);
    for (const s of ['Testesen', unused, held, '0101901234']) expect(text).not.toContain(s);
  });

  it('a person whose last record was anonymised goes a period after that anonymisation; a relative linked only to them goes at once', async () => {
    // The concern's own class ended it while the person was held back (as after a hold since lifted): identity remains.
    await q('UPDATE concerns SET behaviour_description = $2, anonymised_at = $3 WHERE id = $1', [concernId, '[anonymiseret]', h.clock.now()]);
    h.clock.advance(6 * 30 * DAY);
    const first = await runRetention(h.ctx, { trigger: 'cli' });
    // The relative's own period ended long ago; only the live concern of the person they are linked to kept them.
    expect(first.classes.find((c) => c.classKey === 'person_unreferenced')).toMatchObject({ counts: { person: 1 }, heldBack: 1 });
    expect((await person(relative)).full_name).toBe('Anonymiseret');
    expect((await person(withConcern)).full_name).toBe('Aktiv Testesen');
    // The family link went with the relative's identity (migration 0300).
    expect(await q('SELECT 1 FROM person_links WHERE person_id = $1 OR linked_person_id = $1', [relative])).toEqual([]);
    h.clock.advance(7 * 30 * DAY);
    const run = await runRetention(h.ctx, { trigger: 'cli' });
    expect(run.classes.find((c) => c.classKey === 'person_unreferenced')).toMatchObject({ counts: { person: 1 }, heldBack: 1 });
    expect(await person(withConcern)).toMatchObject({ full_name: 'Anonymiseret', cpr: null, birth_date: null });
  });

  it('lifting the hold lets the next run take the held person', async () => {
    dpo = await h.signIn('dpo', 'a'); // signed in anew: the clock has moved two years
    const [hold] = await q<{ id: string; version: number }>('SELECT id, version FROM legal_holds WHERE person_id = $1', [held]);
    expect((await dpo.post(`/api/v1/legal-holds/${hold!.id}/lift`, { version: hold!.version, reason: 'Klagen er afgjort.' })).status).toBe(200);
    const run = await runRetention(h.ctx, { trigger: 'cli' });
    expect(run.classes.find((c) => c.classKey === 'person_unreferenced')).toMatchObject({ counts: { person: 1 }, heldBack: 0 });
    expect((await person(held)).full_name).toBe('Anonymiseret');
  });
});
