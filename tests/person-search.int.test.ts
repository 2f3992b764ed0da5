import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

// Person search (persons/repo.ts search, migration 0180): spelling-tolerant, paged with a true total, within reach.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const lastAudit = () => systemTransaction(h.ctx.db, (tx) => tx.query<{ action: string; criterion: string; outcome: string }>(
  'SELECT action, criterion, outcome FROM audit_log ORDER BY seq DESC LIMIT 1')).then((r) => r.rows[0]);

type Page = { items: { id: string; fullName: string }[]; total: number; offset: number; limit: number };

describe('person search', () => {
  it('folds æ/ø/å and accents and tolerates spelling: "Provesen" finds "Prøvesen", "Soren" finds "Søren"', async () => {
    const c = await h.signIn('coordinator');
    const mads = (await c.post('/api/v1/persons', { fullName: 'Mads Prøvesen' })).body.id as string;
    const soren = (await c.post('/api/v1/persons', { fullName: 'Søren Åkjær' })).body.id as string;
    const rene = (await c.post('/api/v1/persons', { fullName: 'René Blåbærsen' })).body.id as string;
    const ids = async (q: string) => ((await c.post('/api/v1/persons/search', { q })).body as Page).items.map((p) => p.id);
    expect(await ids('Provesen')).toContain(mads);
    expect(await ids('provesen')).toContain(mads);
    expect(await ids('Prøvesen')).toContain(mads);
    expect(await ids('Soren')).toContain(soren);
    expect(await ids('Akjaer')).toContain(soren);
    expect(await ids('Rene')).toContain(rene);
    // Part of a name.
    expect(await ids('røve')).toContain(mads);
    expect(await ids('Blabaer')).toContain(rene);
    // Not everything: an unrelated name does not match.
    expect(await ids('Provesen')).not.toContain(soren);
    expect(await ids('Zyxwvut')).toEqual([]);
    expect(await lastAudit()).toEqual({ action: 'search', criterion: 'Zyxwvut', outcome: 'ok' });
  });

  it('finds by birth date (dd-mm-yyyy and yyyy-mm-dd) and by CPR number (exact)', async () => {
    const c = await h.signIn('coordinator');
    const a = (await c.post('/api/v1/persons', { fullName: 'Dato Person', cpr: '140391-1235' })).body.id as string;
    const b = (await c.post('/api/v1/persons', { fullName: 'Anden Person', birthDate: '1991-03-15' })).body.id as string;
    const ids = async (q: string) => ((await c.post('/api/v1/persons/search', { q })).body as Page).items.map((p) => p.id);
    expect(await ids('14-03-1991')).toEqual([a]);
    expect(await ids('14.03.1991')).toEqual([a]);
    expect(await ids('1991-03-15')).toEqual([b]);
    expect(await ids('140391-1235')).toEqual([a]);
    expect(await ids('1403911235')).toEqual([a]);
    expect(await ids('140391-1236')).toEqual([]);
    // The audit row keeps the birth-date part only: the log is not a second register of CPR numbers (docs/security.md).
    expect(await lastAudit()).toEqual({ action: 'search', criterion: '140391-XXXX', outcome: 'ok' });
    await c.post('/api/v1/persons/matches', { cpr: '1403911235' });
    const leaked = await systemTransaction(h.ctx.db, (tx) => tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE criterion ~ '(^|[^0-9a-f])[0-9]{6}-?[0-9]{4}([^0-9a-f]|$)'`));
    expect(leaked.rows[0]!.n).toBe(0);
    expect(await lastAudit()).toEqual({ action: 'search', criterion: 'match cpr=140391-XXXX', outcome: 'ok' });
  });

  it('pages return every match once, with the true total', async () => {
    const c = await h.signIn('coordinator');
    const made = new Set<string>();
    for (let i = 0; i < 7; i++) made.add((await c.post('/api/v1/persons', { fullName: `Øvelsesen Pagingtest ${i}` })).body.id);
    const seen: string[] = [];
    for (let offset = 0; offset < 9; offset += 3) {
      const page = (await c.post('/api/v1/persons/search', { q: 'Ovelsesen Pagingtest', offset, limit: 3 })).body as Page;
      expect(page.total).toBe(7);
      seen.push(...page.items.map((p) => p.id));
    }
    expect(seen.length).toBe(7);
    expect(new Set(seen)).toEqual(made);
    // Past the end: no rows, the total still true.
    const past = (await c.post('/api/v1/persons/search', { q: 'Ovelsesen Pagingtest', offset: 20, limit: 3 })).body as Page;
    expect(past).toMatchObject({ items: [], total: 7 });
  });

  it("an adviser's search neither lists nor counts a person outside reach", async () => {
    const mine = await h.signIn('adviser');
    const other = await h.signIn('adviser');
    const coordinator = await h.signIn('coordinator');
    const own = (await mine.post('/api/v1/persons', { fullName: 'Reachtest Hansen' })).body.id as string;
    await other.post('/api/v1/persons', { fullName: 'Reachtest Hansen' });
    await coordinator.post('/api/v1/persons', { fullName: 'Reachtest Hansén', cpr: '010190-1237' });
    const page = (await mine.post('/api/v1/persons/search', { q: 'Reachtest Hansen' })).body as Page;
    expect(page.items.map((p) => p.id)).toEqual([own]);
    expect(page.total).toBe(1);
    const byCpr = (await mine.post('/api/v1/persons/search', { q: '010190-1237' })).body as Page;
    expect(byCpr).toMatchObject({ items: [], total: 0 });
    // The coordinator (unit reach) sees all three.
    expect(((await coordinator.post('/api/v1/persons/search', { q: 'Reachtest Hansen' })).body as Page).total).toBe(3);
  });

  it('refuses a query with nothing to search for, naming q', async () => {
    const c = await h.signIn('coordinator');
    const res = await c.post('/api/v1/persons/search', { q: '--' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('q');
  });
});
