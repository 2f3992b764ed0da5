import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createHarness, PASSWORD, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { insertUserInTrx } from '../src/server/modules/users/index.ts';
import { createUnitCommand, createUserCommand, hotlineMemberCommand, UsageError } from '../src/server/cli.ts';
import { CASELOAD_COUNTS, type CaseloadGroupBy, type CaseloadRow } from '../src/shared/plans.ts';
import { NATIONAL_ROLES, type Role } from '../src/shared/roles.ts';
import { mayAttempt } from '../src/shared/policy.ts';
import { CATALOGUED, route, type RouteKey } from './matrix/catalogue.ts';

/**
 * Issue 15, items 5 and 6 (docs/domain.md, "The national view"): the national analyst gets aggregates with the same
 * suppression as each unit's analyst and nothing else: every record route of the catalogue answers 403 or 404; a unit
 * can opt out; the national administrator creates units and hotline memberships (web and CLI), audited, with no
 * case content.
 */
let h: Harness;
let nationalUnit: string;
let analystA: Client;
let analystB: Client;
let managerB: Client;
let adminA: Client;
const national = {} as Record<'national_analyst' | 'national_admin', Client & { user: TestUser }>;
const FIXTURE_NAME = 'Landsfixtur Hemmelig';
const ids = { person: '', case: '', concern: '', call: '' };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const maxSeq = async () => (await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T,>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Concerns, offers, courses and calls in a unit: many small cells, so suppression has work to do. */
async function seed(unit: string, by: string, seedNo: number, perYear: number): Promise<void> {
  const rnd = random(seedNo);
  await systemTransaction(h.ctx.db, async (tx) => {
    const one = async (text: string, params: unknown[]) => (await tx.query<{ id: string }>(text, params)).rows[0]!.id;
    for (const year of [2023, 2024, 2025]) {
      for (let i = 0; i < perYear; i++) {
        const at = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T10:00:00Z`;
        const personId = await one(
          `INSERT INTO persons (unit_id, full_name, birth_date, gender, district, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
          [unit, FIXTURE_NAME, `${year - pick(rnd, [13, 16, 20, 30, 45])}-03-01`, pick(rnd, ['male', 'male', 'female', 'unknown']),
            pick(rnd, ['Nørrebro', 'Amager', 'Valby', null]), at],
        );
        const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
          [unit, personId, FIXTURE_NAME, at]);
        const justified = rnd() < 0.6;
        const concernId = await one(
          `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
             registered_by, case_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'medium', $6, $7, $2::timestamptz + interval '48 hours', $8, $9, $2, $2) RETURNING id`,
          [unit, at, pick(rnd, ['professional', 'professional', 'call', 'partner']), personId, pick(rnd, ['right_wing', 'right_wing', 'militant_islamism', 'left_wing']),
            `${FIXTURE_NAME} deler materiale`, justified ? 'justified' : 'unfounded', by, caseId],
        );
        if (justified && rnd() < 0.7) {
          await tx.query(
            `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at)
             VALUES ($1, $2, 'mentor', $3::timestamptz + interval '5 days', $4, 'accepted', $3::timestamptz + interval '6 days')`, [caseId, unit, at, by]);
          if (rnd() < 0.6) {
            await tx.query(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at)
              VALUES ($1, $2, 'mentor', $3, 'active', ($4::timestamptz + interval '10 days')::date, now())`, [caseId, unit, by, at]);
          }
        }
        const callId = await one(
          `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
           VALUES ($1, $2, 'vink_line', 'parent', 'Rådgivning', $3, 'advice_only', $4, $2, $2) RETURNING id`,
          [unit, at, pick(rnd, ['right_wing', 'none', 'left_wing']), by]);
        if (!ids.person && unit === h.units.a) Object.assign(ids, { person: personId, case: caseId, concern: concernId, call: callId });
      }
    }
  });
}

async function nationalUser(role: 'national_analyst' | 'national_admin'): Promise<Client & { user: TestUser }> {
  const username = `${role.replace('_', '.')}.test`;
  const id = await systemTransaction(h.ctx.db, (tx) =>
    insertUserInTrx(tx, { username, displayName: `Test ${role}`, role, unitId: nationalUnit, password: PASSWORD }, h.clock.now()));
  const user: TestUser = { id, username, role, unitId: nationalUnit };
  return Object.assign(await h.signInAs(user), { user });
}

beforeAll(async () => {
  h = await createHarness();
  nationalUnit = await createUnitCommand(h.ctx, { national: true, name: 'Nationalt Center for Forebyggelse af Ekstremisme' });
  analystA = await h.signIn('analyst', 'a');
  analystB = await h.signIn('analyst', 'b');
  managerB = await h.signIn('manager', 'b');
  adminA = await h.signIn('admin', 'a');
  for (const role of ['national_analyst', 'national_admin'] as const) national[role] = await nationalUser(role);
  const staffA = await h.createUser('coordinator', 'a');
  const staffB = await h.createUser('coordinator', 'b');
  await seed(h.units.a, staffA.id, 15_001, 40);
  await seed(h.units.b, staffB.id, 15_002, 14);
});
afterAll(async () => h?.close());

type Table = { rows: CaseloadRow[]; total: CaseloadRow };
const GROUP_BYS: readonly CaseloadGroupBy[] = ['year', 'ideology', 'ageBand', 'gender', 'channel', 'district'];

/** The cell-wise sum of published tables, withheld where any of them withholds (the rule the national table follows). */
function expectedSum(tables: Table[], cell: (t: Table) => CaseloadRow | undefined, col: (typeof CASELOAD_COUNTS)[number]): number | null {
  let sum: number | null = null;
  for (const t of tables) {
    const c = cell(t);
    if (!c) continue;
    if (c.suppressedCells.includes(col)) return null;
    if (c[col] !== null) sum = (sum ?? 0) + c[col];
  }
  return sum;
}

describe('the national view', () => {
  it('gives each unit the table its own analyst sees, and the national sum of those published cells only', async () => {
    let suppressedSeen = 0;
    for (const groupBy of GROUP_BYS) {
      for (const [from, to] of [['2024-01-01', '2024-12-31'], ['2023-01-01', '2025-12-31']] as const) {
        const q = { from, to, groupBy };
        const n = await national.national_analyst.post('/api/v1/national/statistics', q);
        expect(n.status, JSON.stringify(n.body)).toBe(200);
        expect(n.body.exactCounts).toBe(false);
        const a = await analystA.post('/api/v1/statistics/caseload', q);
        const b = await analystB.post('/api/v1/statistics/caseload', q);
        expect(a.body.exactCounts).toBe(false);
        const byUnit = Object.fromEntries(n.body.units.map((u: Table & { unitId: string }) => [u.unitId, u]));
        expect(Object.keys(byUnit).sort()).toEqual([h.units.a, h.units.b].sort());
        // The same figures, cell by cell, as each unit's analyst gets (the same small-count and complementary suppression).
        expect({ rows: byUnit[h.units.a].rows, total: byUnit[h.units.a].total }).toEqual({ rows: a.body.rows, total: a.body.total });
        expect({ rows: byUnit[h.units.b].rows, total: byUnit[h.units.b].total }).toEqual({ rows: b.body.rows, total: b.body.total });
        const units: Table[] = [a.body, b.body];
        for (const col of CASELOAD_COUNTS) {
          expect(n.body.national.total[col], `${groupBy} total ${col}`).toBe(expectedSum(units, (t) => t.total, col));
          for (const row of n.body.national.rows as CaseloadRow[]) {
            expect(row[col], `${groupBy} ${row.group} ${col}`).toBe(expectedSum(units, (t) => t.rows.find((r) => r.group === row.group), col));
          }
        }
        // By police district (Testkommune A in 11, B in 2): each district's row is its units' published total.
        expect(n.body.byPoliceDistrict.map((r: CaseloadRow) => r.group).sort()).toEqual(['Københavns Politi', 'Østjyllands Politi'].sort());
        const district = (name: string) => (n.body.byPoliceDistrict as CaseloadRow[]).find((r) => r.group === name)!;
        expect({ ...district('Københavns Politi'), group: 'total' }).toEqual(a.body.total);
        expect({ ...district('Østjyllands Politi'), group: 'total' }).toEqual(b.body.total);
        suppressedSeen += (n.body.national.rows as CaseloadRow[]).filter((r) => r.suppressed).length;
      }
    }
    // The fixture is small enough that the rule has cells to withhold, and large enough that some are published.
    expect(suppressedSeen).toBeGreaterThan(0);
    const year = await national.national_analyst.post('/api/v1/national/statistics', { from: '2024-01-01', to: '2024-12-31', groupBy: 'year' });
    expect(year.body.national.total.concerns).toBe(54);
  });

  it('asks for whole calendar years only (400 naming the field), and is audited as one search by the national analyst', async () => {
    const bad = await national.national_analyst.post('/api/v1/national/statistics', { from: '2024-02-01', to: '2024-12-31', groupBy: 'year' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('from');
    const since = await maxSeq();
    await national.national_analyst.post('/api/v1/national/statistics', { from: '2024-01-01', to: '2024-12-31', groupBy: 'gender' });
    const rows = await sql('SELECT action, outcome, record_type, unit_id FROM audit_log WHERE seq > $1 AND actor_id = $2', [since, national.national_analyst.user.id]);
    expect(rows).toEqual([{ action: 'search', outcome: 'ok', record_type: 'national_statistics', unit_id: nationalUnit }]);
  });

  it('the counting functions answer no one but the national analyst, even called directly', async () => {
    // An analyst's transaction calling the SECURITY DEFINER function gets no row (migration 0370).
    const rows = await systemTransaction(h.ctx.db, async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      await tx.query(`SELECT set_config('vink.actor_role', 'analyst', true), set_config('vink.unit_ids', $1, true)`, [`{${h.units.a}}`]);
      return (await tx.query('SELECT * FROM vink_national_concern_counts($1, $2::date, $3::date)', ['year', '2023-01-01', '2025-12-31'])).rows;
    });
    expect(rows).toEqual([]);
  });

  it('a unit that opts out is in no national table; only its manager sets it', async () => {
    expect((await adminA.request('PUT', '/api/v1/national/participation', { takesPart: false })).status).toBe(403);
    expect((await managerB.get('/api/v1/national/participation')).body).toEqual({ takesPart: true });
    const out = await managerB.request('PUT', '/api/v1/national/participation', { takesPart: false });
    expect(out.body).toEqual({ takesPart: false });
    const n = await national.national_analyst.post('/api/v1/national/statistics', { from: '2024-01-01', to: '2024-12-31', groupBy: 'ideology' });
    const a = await analystA.post('/api/v1/statistics/caseload', { from: '2024-01-01', to: '2024-12-31', groupBy: 'ideology' });
    expect(n.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([h.units.a]);
    expect(n.body.optedOut).toBe(1);
    expect(n.body.national).toEqual({ rows: a.body.rows, total: a.body.total });
    const back = await managerB.request('PUT', '/api/v1/national/participation', { takesPart: true });
    expect(back.body).toEqual({ takesPart: true });
    const changes = await sql(`SELECT criterion FROM audit_log WHERE record_type = 'unit' AND record_id = $1 AND action = 'update' ORDER BY seq`, [h.units.b]);
    expect(changes.map((r) => r.criterion)).toEqual(['national statistics: opted out', 'national statistics: takes part']);
  });

  it('downloads the national table as Excel, the same figures as the API', async () => {
    const res = await national.national_analyst.request('GET', '/api/v1/national/statistics.xlsx?from=2024-01-01&to=2024-12-31&groupBy=year');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toBe('attachment; filename="landstal-year-2024-2024.xlsx"');
    const raw = await h.app.inject({ method: 'GET', url: '/api/v1/national/statistics.xlsx?from=2024-01-01&to=2024-12-31&groupBy=year',
      headers: { cookie: `vink_session=${national.national_analyst.cookie}` } });
    expect(raw.statusCode).toBe(200);
    const bytes = raw.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Landstal')!;
    const total = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === 'I alt')!;
    expect(total.getCell(3).value).toBe(54);
    expect(wb.getWorksheet('Kommuner')!.rowCount).toBeGreaterThan(2);
  });
});

describe('the national roles never reach a record', () => {
  it('have no action of the policy table but their own', () => {
    for (const role of NATIONAL_ROLES) {
      for (const key of CATALOGUED) {
        let r;
        try {
          r = route(key as RouteKey);
        } catch {
          continue; // the public survey routes: no actor, no record
        }
        if (r.action.startsWith('national.')) continue;
        expect(mayAttempt(r.action, role), `${role} ${key}`).toBe(false);
      }
    }
  });

  it('answer 403 or 404 on every record route of the route catalogue, and never show what it holds', async () => {
    const idFor = (url: string, param: string): string => {
      if (param === ':id') {
        if (url.startsWith('/api/v1/persons/')) return ids.person;
        if (url.startsWith('/api/v1/cases/')) return ids.case;
        if (url.startsWith('/api/v1/concerns/')) return ids.concern;
        if (url.startsWith('/api/v1/calls/')) return ids.call;
      }
      if (param === ':year') return '2024';
      if (param === ':key') return 'casework';
      if (param === ':token') return 'matrix-token';
      if (param === ':vocabulary') return 'behaviour_indicator';
      return '00000000-0000-4000-8000-000000000001';
    };
    const failures: string[] = [];
    for (const role of NATIONAL_ROLES as ('national_analyst' | 'national_admin')[]) {
      for (const key of CATALOGUED) {
        let r;
        try {
          r = route(key as RouteKey);
        } catch {
          continue; // the public survey routes: no actor, no record
        }
        if (r.action.startsWith('national.')) continue;
        // The queries some GET routes require, so the answer is about reach, not about a missing parameter.
        const query: Record<string, string> = {
          '/api/v1/concerns': `?caseId=${ids.case}`, '/api/v1/plans/:id/indicators/:indicatorId/records': '?year=2024',
          '/api/v1/bias-watch': '?year=2024', '/api/v1/calls/hotline-statistics': '?from=2024-01-01&to=2024-12-31',
          '/api/v1/vocabulary-counts': '?from=2024-01-01&to=2024-12-31',
        };
        const url = r.url.replace(/:[A-Za-z]+/g, (p) => idFor(r.url, p)) + (r.method === 'GET' ? query[r.url] ?? '' : '');
        const res = await national[role].request(r.method, url, r.method === 'GET' ? undefined : {}, { 'x-vink-reason': encodeURIComponent('Landstal') });
        const ok = r.method === 'GET' ? [403, 404] : [400, 403, 404];
        if (!ok.includes(res.status)) failures.push(`${role} ${key}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        if (JSON.stringify(res.body ?? '').includes(FIXTURE_NAME)) failures.push(`${role} ${key}: the answer holds case content`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a unit administrator cannot give a national role; the CLI gives it only in the national unit', async () => {
    const made = await adminA.post('/api/v1/users', { username: 'sneaky.national', displayName: 'Sneaky', role: 'national_analyst' });
    expect(made.status).toBe(400);
    expect(JSON.stringify(made.body)).toContain('role');
    await expect(createUserCommand(h.ctx, { username: 'cli.national', role: 'national_analyst', name: 'CLI', unit: '101' })).rejects.toThrow(UsageError);
    await expect(createUserCommand(h.ctx, { username: 'cli.muni', role: 'analyst', name: 'CLI', unit: 'national' })).rejects.toThrow(UsageError);
    const ok = await createUserCommand(h.ctx, { username: 'cli.ncfe', role: 'national_analyst', name: 'CLI', unit: 'national' });
    expect((await sql('SELECT unit_id FROM users WHERE id = $1', [ok.id]))[0].unit_id).toBe(nationalUnit);
  });
});

describe('national administration', () => {
  it('the national administrator creates a unit with its hotline membership, audited in both trails', async () => {
    const [hl] = await sql<{ id: string }>(`INSERT INTO hotlines (name) VALUES ('Den nationale hotline') RETURNING id`);
    const admin = national.national_admin;
    const since = await maxSeq();
    const made = await admin.post('/api/v1/national/units', {
      name: 'Randers Kommune', municipalityCode: '730', policeDistrictId: 2, hotlines: [{ hotlineId: hl!.id, caseWork: false }],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ name: 'Randers Kommune', kind: 'municipality', municipalityCode: '730', hotlines: [{ hotlineId: hl!.id, caseWork: false }] });
    const rows = await sql('SELECT unit_id, record_type, action FROM audit_log WHERE seq > $1 AND actor_id = $2 ORDER BY seq', [since, admin.user.id]);
    expect(rows).toEqual(expect.arrayContaining([
      { unit_id: nationalUnit, record_type: 'unit', action: 'create' }, { unit_id: made.body.id, record_type: 'unit', action: 'create' },
      { unit_id: nationalUnit, record_type: 'hotline_membership', action: 'update' }, { unit_id: made.body.id, record_type: 'hotline_membership', action: 'update' },
    ]));
    // The hotline can forward to it only once it does case work (vink_hotline_may_forward reads case_work).
    const change = await admin.request('PUT', `/api/v1/national/units/${made.body.id}/hotlines/${hl!.id}`, { member: true, caseWork: true });
    expect(change.body.hotlines).toEqual([{ hotlineId: hl!.id, caseWork: true }]);
    const dup = await admin.post('/api/v1/national/units', { name: 'Randers igen', municipalityCode: '730', policeDistrictId: 2 });
    expect(dup.status).toBe(400);
    const list = await admin.get('/api/v1/national/units');
    expect(list.body.units.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['Randers Kommune', 'Testkommune A']));
    // No case content on the way: the list holds units and memberships only.
    expect(JSON.stringify(list.body)).not.toContain(FIXTURE_NAME);
    // The national unit is not a unit to transfer or forward to: the municipalities' unit list leaves it out.
    const units = await adminA.get('/api/v1/units');
    expect(units.body.map((u: { id: string }) => u.id)).not.toContain(nationalUnit);
  });

  it('the CLI creates a unit in a hotline, and changes or ends a membership, audited as system:cli', async () => {
    const id = await createUnitCommand(h.ctx, { name: 'Silkeborg Kommune', code: '740', district: '3', hotline: 'Den nationale hotline', 'hotline-only': true });
    const member = async () => sql(`SELECT m.case_work FROM hotline_members m JOIN hotlines h ON h.id = m.hotline_id WHERE h.name = 'Den nationale hotline' AND m.unit_id = $1`, [id]);
    expect(await member()).toEqual([{ case_work: false }]);
    expect(await hotlineMemberCommand(h.ctx, { unit: '740', hotline: 'Den nationale hotline' })).toBe(true);
    expect(await member()).toEqual([{ case_work: true }]);
    expect(await hotlineMemberCommand(h.ctx, { unit: '740', hotline: 'Den nationale hotline', leave: true })).toBe(true);
    expect(await member()).toEqual([]);
    const rows = await sql(`SELECT actor_role, purpose FROM audit_log WHERE unit_id = $1 AND record_type IN ('unit', 'hotline_membership') ORDER BY seq`, [id]);
    expect(rows.length).toBe(4);
    expect(new Set(rows.map((r) => `${r.actor_role}/${r.purpose}`))).toEqual(new Set(['system:cli/administration']));
    await expect(hotlineMemberCommand(h.ctx, { unit: '999', hotline: 'Den nationale hotline' })).rejects.toThrow(UsageError);
  });

  it('no one else changes units or memberships, even calling the database functions directly', async () => {
    await expect(systemTransaction(h.ctx.db, async (tx) => {
      await tx.query(`SET LOCAL ROLE vink_app`);
      await tx.query(`SELECT set_config('vink.actor_role', 'admin', true), set_config('vink.unit_ids', $1, true)`, [`{${h.units.a}}`]);
      return tx.query(`SELECT vink_national_create_unit('Falsk', '999', 1::smallint)`);
    })).rejects.toThrow(/national administrator/);
    const role: Role = 'admin';
    expect(mayAttempt('national.units.manage', role)).toBe(false);
  });
});
