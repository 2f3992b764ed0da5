import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { allowed, expectedStatus, NATURAL, onCase, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * Exports of a list (docs/architecture.md, "Exports of a list") × every role × every relation of a record to the
 * actor, with the expected status computed from the one policy table (src/shared/policy.ts). A role that may export
 * gets a workbook holding exactly the records its export reach covers (never one its list would not show), a role
 * that may not gets 403; either way exactly one audit row ('export' ok, or a denial) by the acting user.
 */
type ConcernRel = 'ownCreator' | 'ownShared' | 'ownNone' | 'otherShared' | 'otherNone';
const CONCERN_RELS: Record<ConcernRel, Relation> = {
  ownCreator: { own: true, creator: true, shared: false },
  ownShared: { own: true, creator: false, shared: true },
  ownNone: { own: true, creator: false, shared: false },
  otherShared: { own: false, creator: false, shared: true },
  otherNone: { own: false, creator: false, shared: false },
};
type CaseRel = 'ownOn' | 'ownOff' | 'otherOn' | 'otherOff';
const CASE_RELS: Record<CaseRel, { own: boolean; on: boolean }> = {
  ownOn: { own: true, on: true }, ownOff: { own: true, on: false }, otherOn: { own: false, on: true }, otherOff: { own: false, on: false },
};

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };
/** For each role, the number of the concern (case) in each relation to it. */
const concernNumbers = {} as Record<Role, Record<ConcernRel, string>>;
const caseNumbers = {} as Record<Role, Record<CaseRel, string>>;

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function person(unit: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Eksport', 'unknown', $2, $2) RETURNING id`, [
    unit, h.clock.now(),
  ]))[0]!.id;
}

async function makeConcern(role: Role, rel: ConcernRel): Promise<string> {
  const r = CONCERN_RELS[rel];
  const unit = r.own ? h.units.a : h.units.b;
  const now = h.clock.now();
  const registrar = r.creator ? actors[role].user.id : (r.own ? staff.a : staff.b).id;
  const k = (await sql<{ id: string; number: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'received', $4, $5, $2, $2, 'unknown') RETURNING id, number`,
    [unit, now, await person(unit), new Date(now.getTime() + 48 * 3_600_000), registrar],
  ))[0]!;
  if (r.shared) {
    await sql(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at) VALUES ($1, $2, $3, 'retsplejeloven_115', $4)`, [
      k.id, actors[role].user.id, unit, now,
    ]);
  }
  return k.number;
}

async function makeCase(role: Role, rel: CaseRel): Promise<string> {
  const { own, on } = CASE_RELS[rel];
  const unit = own ? h.units.a : h.units.b;
  const now = h.clock.now();
  const c = (await sql<{ id: string; number: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id, number`, [
    unit, await person(unit), now,
  ]))[0]!;
  if (on) {
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, $5)`, [c.id, actors[role].user.id, unit, NATURAL[role], now]);
  }
  return c.number;
}

/** The record numbers in the first column of the workbook's first sheet (row 1: the count, row 2: the header). */
async function numbersIn(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as any);
  const ws = wb.worksheets[0]!;
  const out: string[] = [];
  ws.eachRow((row, n) => { if (n > 2) out.push(String(row.getCell(1).value)); });
  return out;
}

async function download(role: Role, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${actors[role].cookie}` } });
  return { status: res.statusCode, bytes: res.rawPayload };
}

const EXPORT_CONCERNS = route('GET /api/v1/concerns/export.xlsx');
const EXPORT_CASES = route('GET /api/v1/cases/export.xlsx');

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  staff = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
  for (const role of ROLES) {
    concernNumbers[role] = {} as Record<ConcernRel, string>;
    for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) concernNumbers[role][rel] = await makeConcern(role, rel);
    caseNumbers[role] = {} as Record<CaseRel, string>;
    for (const rel of Object.keys(CASE_RELS) as CaseRel[]) caseNumbers[role][rel] = await makeCase(role, rel);
  }
});
afterAll(async () => h?.close());

describe('access matrix: exports of a list', () => {
  it('walks exactly the list-export routes of the catalogue', () => {
    expect([EXPORT_CONCERNS, EXPORT_CASES].map(keyOf).sort()).toEqual(walkedBy('list-exports').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('list-exports').includes(k));
    expect(registered.sort()).toEqual(walkedBy('list-exports').sort());
  });

  it('an export reaches no record its list would not show', () => {
    for (const role of ROLES) {
      for (const rel of Object.values(CONCERN_RELS)) if (allowed('concern.list.export', role, rel)) expect(allowed('concern.read', role, rel)).toBe(true);
      for (const { own, on } of Object.values(CASE_RELS)) {
        const rel = onCase(own, on ? NATURAL[role] : null);
        if (allowed('case.list.export', role, rel)) expect(allowed('case.read', role, rel)).toBe(true);
      }
    }
  });

  const walks = [
    { spec: EXPORT_CONCERNS, url: '/api/v1/concerns/export.xlsx?sort=newest', recordType: 'concern',
      expectIn: (role: Role) => (Object.keys(CONCERN_RELS) as ConcernRel[]).map((rel) => ({ rel, number: concernNumbers[role][rel], should: allowed(EXPORT_CONCERNS.action, role, CONCERN_RELS[rel]) })) },
    { spec: EXPORT_CASES, url: '/api/v1/cases/export.xlsx', recordType: 'case',
      expectIn: (role: Role) => (Object.keys(CASE_RELS) as CaseRel[]).map((rel) => ({
        rel, number: caseNumbers[role][rel], should: allowed(EXPORT_CASES.action, role, onCase(CASE_RELS[rel].own, CASE_RELS[rel].on ? NATURAL[role] : null)),
      })) },
  ];
  for (const w of walks) {
    it(`${w.spec.method} ${w.spec.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const expected = expectedStatus(w.spec.action, role, 200);
        const before = await h.auditCount();
        const res = await download(role, w.url);
        const after = await h.auditCount();
        if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
        if (after - before !== 1) failures.push(`${role}: expected 1 audit row, got ${after - before}`);
        const row = (await sql<{ action: string; outcome: string; actor_id: string; record_type: string }>(
          'SELECT action, outcome, actor_id, record_type FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
        if (row.action !== 'export' || row.outcome !== (expected >= 400 ? 'denied' : 'ok') || row.actor_id !== actors[role].user.id || row.record_type !== w.recordType) {
          failures.push(`${role}: audit row ${JSON.stringify(row)}`);
        }
        if (res.status !== 200) continue;
        const listed = new Set(await numbersIn(res.bytes));
        for (const e of w.expectIn(role)) {
          if (listed.has(e.number) !== e.should) failures.push(`${role}: ${e.should ? 'misses' : 'leaks'} the ${e.rel} record`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
