import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import type { Queryable } from '../src/server/platform/db.ts';
import { CASELOAD_COUNTS, type CaseloadCount, type CaseloadGroupBy } from '../src/shared/plans.ts';

/**
 * The contract: small-count suppression of the caseload statistics cannot be undone by differencing
 * (docs/security.md, threat model: a signed-in user reading beyond their need to know; docs/domain.md: analysts see
 * aggregates only, with small counts suppressed).
 *
 * An analyst asks for every range of whole years and every breakdown, then plays the attacker with everything
 * published: each published figure is a linear equation over the unknown cells (year × group × count), plus what any
 * analyst knows of the structure (each breakdown of a year adds up to the year's total; a district missing from a
 * year's table had none that year). Gaussian elimination then tells which suppressed figures are determined by the
 * published ones. None may be. The exact values, as the table owner counts them (and as the coordinator sees
 * them), are the check that a "recovered" figure really is the hidden one.
 */

let h: Harness;
let coordinator: Client & { user: TestUser };
let analyst: Client & { user: TestUser };

const YEARS = [2021, 2022, 2023, 2024];
const GROUP_BYS: readonly CaseloadGroupBy[] = ['year', 'ideology', 'ageBand', 'gender', 'channel', 'district'];

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}

/** A small deterministic generator (mulberry32), so the fixture is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function pick<T>(rnd: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [v, w] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

/** A municipality-sized caseload: a few dozen concerns a year, spread so that many cells are small. */
async function seed(): Promise<void> {
  await systemTransaction(h.ctx.db, (tx) => seedInTrx(tx));
}
async function seedInTrx(tx: Queryable): Promise<void> {
  const sql = async (text: string, params: unknown[]) => (await tx.query<{ id: string }>(text, params)).rows;
  const one = async (text: string, params: unknown[]) => (await sql(text, params))[0]!.id;
  const rnd = random(20_240_901);
  const unit = h.units.a;
  const by = coordinator.user.id;
  for (const year of YEARS) {
    const concerns = 18 + Math.floor(rnd() * 14);
    for (let i = 0; i < concerns; i++) {
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      const receivedAt = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00Z`;
      const ideology = pick(rnd, [['right_wing', 5], ['militant_islamism', 3], ['left_wing', 1.5], ['other_unclear', 1]] as const);
      const gender = pick(rnd, [['male', 6], ['female', 3], ['other', 0.3], ['unknown', 0.7]] as const);
      const channel = pick(rnd, [['professional', 5], ['call', 2], ['partner', 1.5], ['web_form', 1]] as const);
      const age = pick(rnd, [[13, 1], [16, 3], [20, 3], [28, 1.5], [45, 1], [null, 0.5]] as const);
      const district = pick(rnd, [['Nørrebro', 4], ['Amager', 3], ['Valby', 1], ['Vesterbro', 0.5], [null, 1]] as const);
      const justified = rnd() < 0.6;
      const personId = await one(
        `INSERT INTO persons (unit_id, full_name, birth_date, gender, district, created_at, updated_at) VALUES ($1, 'Fixture', $2, $3, $4, $5, $5) RETURNING id`,
        [unit, age === null ? null : `${year - age}-01-01`, gender, district, receivedAt],
      );
      const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $3) RETURNING id`, [unit, personId, receivedAt]);
      await sql(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at, registered_by,
           case_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'medium', 'Deler voldsforherligende materiale', $6, $2::timestamptz + interval '48 hours', $7, $8, $2, $2)`,
        [unit, receivedAt, channel, personId, ideology, justified ? 'justified' : 'unfounded', by, caseId],
      );
      if (justified && rnd() < 0.7) {
        const accepted = rnd() < 0.7;
        await sql(
          `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at) VALUES ($1, $2, 'mentor', $3::timestamptz + interval '5 days', $4, $5, $3::timestamptz + interval '6 days')`,
          [caseId, unit, receivedAt, by, accepted ? 'accepted' : 'declined'],
        );
        if (accepted && rnd() < 0.6) {
          await sql(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, 'mentor', $3, 'active', ($4::timestamptz + interval '10 days')::date, now())`, [
            caseId, unit, by, receivedAt,
          ]);
        }
      }
    }
    const calls = 8 + Math.floor(rnd() * 12);
    for (let i = 0; i < calls; i++) {
      const receivedAt = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T09:00:00Z`;
      const ideology = pick(rnd, [['right_wing', 4], ['militant_islamism', 2], ['left_wing', 1], ['other_unclear', 1], ['none', 3]] as const);
      await sql(
        `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
         VALUES ($1, $2, 'vink_line', 'parent', 'Rådgivning', $3, 'advice_only', $4, $2, $2)`,
        [unit, receivedAt, ideology, by],
      );
    }
  }
}

interface Row { group: string; suppressedCells: CaseloadCount[]; [count: string]: unknown }
interface Table { rows: Row[]; total: Row; callsByGroup: boolean }
interface Asked { first: number; last: number; groupBy: CaseloadGroupBy; analyst: Table }

const body = (a: Pick<Asked, 'first' | 'last' | 'groupBy'>) => ({ from: `${a.first}-01-01`, to: `${a.last}-12-31`, groupBy: a.groupBy });

/** Every range of whole years × every breakdown, as the analyst sees it. */
async function askEverything(): Promise<Asked[]> {
  const out: Asked[] = [];
  for (const groupBy of GROUP_BYS) {
    for (let i = 0; i < YEARS.length; i++) {
      for (let j = i; j < YEARS.length; j++) {
        const q = { first: YEARS[i]!, last: YEARS[j]!, groupBy };
        const a = await analyst.post('/api/v1/statistics/caseload', body(q));
        expect(a.status).toBe(200);
        expect(a.body.exactCounts).toBe(false);
        out.push({ ...q, analyst: a.body });
      }
    }
  }
  return out;
}

const exactTables = new Map<string, Table>();
/** The same table with exact counts, as the coordinator sees it. */
async function exactTable(q: Pick<Asked, 'first' | 'last' | 'groupBy'>): Promise<Table> {
  const key = JSON.stringify(body(q));
  if (!exactTables.has(key)) {
    const e = await coordinator.post('/api/v1/statistics/caseload', body(q));
    expect(e.status).toBe(200);
    expect(e.body.exactCounts).toBe(true);
    exactTables.set(key, e.body);
  }
  return exactTables.get(key)!;
}

/**
 * Linear algebra over the reals, enough for the attack: equations in reduced row echelon form, and whether a
 * further linear form is determined by them (and its value).
 */
class Equations {
  private readonly rows: { coeffs: Map<number, number>; rhs: number; pivot: number }[] = [];
  private readonly index = new Map<string, number>();
  private variable(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) this.index.set(name, (i = this.index.size));
    return i;
  }
  private form(terms: Record<string, number>): Map<number, number> {
    const m = new Map<number, number>();
    for (const [name, c] of Object.entries(terms)) m.set(this.variable(name), (m.get(this.variable(name)) ?? 0) + c);
    return m;
  }
  /** Eliminates the pivots already known from a form; returns what is left and the right-hand side picked up. */
  private reduce(coeffs: Map<number, number>, rhs: number): { coeffs: Map<number, number>; rhs: number } {
    const c = new Map(coeffs);
    let r = rhs;
    for (const row of this.rows) {
      const f = c.get(row.pivot);
      if (f === undefined || Math.abs(f) < 1e-9) continue;
      for (const [k, v] of row.coeffs) {
        const n = (c.get(k) ?? 0) - f * v;
        if (Math.abs(n) < 1e-9) c.delete(k);
        else c.set(k, n);
      }
      r -= f * row.rhs;
    }
    return { coeffs: c, rhs: r };
  }
  add(terms: Record<string, number>, value: number): void {
    const { coeffs, rhs } = this.reduce(this.form(terms), value);
    if (coeffs.size === 0) {
      expect(Math.abs(rhs)).toBeLessThan(1e-6); // the published figures are consistent
      return;
    }
    const pivot = [...coeffs.keys()][0]!;
    const p = coeffs.get(pivot)!;
    const row = { coeffs: new Map([...coeffs].map(([k, v]) => [k, v / p])), rhs: rhs / p, pivot };
    // Keep the rows fully reduced: eliminate the new pivot from the earlier rows.
    for (const other of this.rows) {
      const f = other.coeffs.get(pivot);
      if (f === undefined) continue;
      for (const [k, v] of row.coeffs) {
        const n = (other.coeffs.get(k) ?? 0) - f * v;
        if (Math.abs(n) < 1e-9) other.coeffs.delete(k);
        else other.coeffs.set(k, n);
      }
      other.rhs -= f * row.rhs;
    }
    this.rows.push(row);
  }
  /** The value of the form if the equations determine it, else null. */
  determined(terms: Record<string, number>): number | null {
    const { coeffs, rhs } = this.reduce(this.form(terms), 0);
    return coeffs.size === 0 ? -rhs : null;
  }
}

/** The unknown cell of one year: the year's total, or a group of a breakdown. */
const cell = (year: number, col: CaseloadCount, groupBy: CaseloadGroupBy, group: string) =>
  groupBy === 'year' || group === 'total' ? `${year}|${col}|total` : `${year}|${col}|${groupBy}|${group}`;

/** The linear form of a published figure: the sum of its cells over the years of its range. */
function termsOf(a: Asked, col: CaseloadCount, group: string): Record<string, number> {
  const terms: Record<string, number> = {};
  for (let y = a.first; y <= a.last; y++) {
    if (a.groupBy === 'year' && group !== 'total' && Number(group) !== y) continue;
    terms[cell(y, col, a.groupBy, group)] = 1;
  }
  return terms;
}

const applies = (t: Table, col: CaseloadCount, group: string) => col !== 'calls' || group === 'total' || t.callsByGroup;

describe('differencing attack on the caseload statistics', () => {
  let asked: Asked[];

  beforeAll(async () => {
    h = await createHarness();
    coordinator = await h.signIn('coordinator', 'a');
    analyst = await h.signIn('analyst', 'a');
    await seed();
    asked = await askEverything();
  }, 120_000);
  afterAll(async () => h?.close());

  it('the coordinator\'s exact figures are the table owner\'s counts', async () => {
    const owner = await sql<{ y: number; g: string; n: number }>(
      `SELECT extract(year from received_at AT TIME ZONE 'Europe/Copenhagen')::int AS y, ideology_area AS g, count(*)::int AS n
         FROM concerns WHERE unit_id = $1 GROUP BY 1, 2`, [h.units.a],
    );
    for (const y of YEARS) {
      const t = await exactTable({ first: y, last: y, groupBy: 'ideology' });
      for (const r of t.rows) expect(r.concerns).toBe(owner.find((o) => o.y === y && o.g === r.group)?.n ?? 0);
    }
  });

  it('recovers no suppressed cell from everything an analyst may ask for', async () => {
    const eq = new Equations();
    const districts = new Set<string>();
    for (const a of asked) if (a.groupBy === 'district') for (const r of a.analyst.rows) districts.add(r.group);
    for (const col of CASELOAD_COUNTS) {
      // What every analyst knows of the structure: each breakdown of a year adds up to the year's total.
      for (const y of YEARS) {
        for (const groupBy of GROUP_BYS) {
          if (groupBy === 'year' || (col === 'calls' && groupBy !== 'ideology')) continue;
          const single = asked.find((a) => a.groupBy === groupBy && a.first === y && a.last === y)!.analyst;
          const groups = groupBy === 'district' ? [...districts] : single.rows.map((r) => r.group);
          const terms: Record<string, number> = { [cell(y, col, 'year', 'total')]: -1 };
          for (const g of groups) terms[cell(y, col, groupBy, g)] = 1;
          eq.add(terms, 0);
          // A district missing from a year's table had no concerns there that year.
          if (groupBy === 'district') for (const g of groups) if (!single.rows.some((r) => r.group === g)) eq.add({ [cell(y, col, groupBy, g)]: 1 }, 0);
        }
      }
      // Every published figure.
      for (const a of asked) {
        for (const r of [...a.analyst.rows, a.analyst.total]) {
          const v = r[col];
          if (typeof v === 'number' && applies(a.analyst, col, r.group)) eq.add(termsOf(a, col, r.group), v);
        }
      }
    }
    // Every suppressed figure, tried against all of it.
    const suppressed: string[] = [];
    const recovered: string[] = [];
    for (const col of CASELOAD_COUNTS) {
      for (const a of asked) {
        for (const r of [...a.analyst.rows, a.analyst.total]) {
          if (!r.suppressedCells.includes(col)) continue;
          const where = `${a.first}..${a.last} by ${a.groupBy}, ${r.group}, ${col}`;
          suppressed.push(where);
          const value = eq.determined(termsOf(a, col, r.group));
          if (value === null) continue;
          const exact = await exactTable(a);
          const exactValue = [...exact.rows, exact.total].find((e) => e.group === r.group)?.[col] ?? 0;
          // The algebra is sound: whatever it determines is the hidden figure.
          expect(Math.round(value) || 0).toBe(exactValue);
          recovered.push(`${where} = ${exactValue}`);
        }
      }
    }
    // The fixture is meant to hide a lot, so the test means something; ranges of years still show what they can.
    expect(suppressed.length).toBeGreaterThan(100);
    const shownOverYears = asked.filter((a) => a.last > a.first).flatMap((a) => a.analyst.rows).filter((r) => typeof r.concerns === 'number');
    expect(shownOverYears.length).toBeGreaterThan(10);
    expect(recovered, `${recovered.length} of ${suppressed.length} suppressed figures recovered`).toEqual([]);
  });
});
