import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Exports of a list to Excel (docs/architecture.md, "Exports of a list"): the concern queue and the case list with
 * their filters, every page at once, under the list's reach and a stated ceiling (here 5 rows, set for the test). The
 * workbook is read back: its rows are the list's rows (rows == the paged list's total), a record outside reach is not
 * in it, a cut is stated on the sheet, and each export writes one 'export' audit row naming the filters.
 */
const CEILING = 5;
let h: Harness;
let coordinator: Client & { user: TestUser };
let coordinatorB: Client & { user: TestUser };
let adviser: Client & { user: TestUser };
const high: string[] = [];
let otherUnitHigh = '';
let adviserOwn = '';

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function download(c: Client, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${c.cookie}` } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, body: res.body };
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as any);
  return wb;
}

/** The data rows of the first sheet (below the count row and the header row), as arrays of cell values. */
function dataRows(wb: ExcelJS.Workbook): unknown[][] {
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row, n) => { if (n > 2) out.push((row.values as unknown[]).slice(1)); });
  return out;
}

/** Every item of a paged list, walked with its cursor. */
async function walk(c: Client, path: string): Promise<{ items: { number: string }[]; total: number }> {
  const items: { number: string }[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const res = await c.get(`${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    total = res.body.total;
    cursor = res.body.nextCursor;
  } while (cursor);
  return { items, total };
}

async function lastAudit() {
  return (await sql<{ action: string; outcome: string; actor_id: string; record_type: string; criterion: string; person_id: string | null }>(
    'SELECT action, outcome, actor_id, record_type, criterion, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

const concernBody = (severity: string, i: number) => ({
  receivedAt: new Date(h.clock.now().getTime() - i * 3_600_000).toISOString(), channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: `Eksportbarn Nummer${i}` }, ideologyArea: 'right_wing', severity, behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler propaganda i klassens chat.', minor: 'no',
});

beforeAll(async () => {
  h = await createHarness({ LIST_EXPORT_MAX_ROWS: String(CEILING), SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  coordinator = await h.signIn('coordinator', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
  adviser = await h.signIn('adviser', 'a');
  // Unit A: 3 high, 5 medium (one registered by the adviser); unit B: one high, outside A's reach.
  for (let i = 0; i < 8; i++) {
    const res = await (i === 7 ? adviser : coordinator).post('/api/v1/concerns', concernBody(i < 3 ? 'high' : 'medium', i));
    expect(res.status).toBe(201);
    if (i < 3) high.push(res.body.number);
    if (i === 7) adviserOwn = res.body.number;
  }
  const b = await coordinatorB.post('/api/v1/concerns', concernBody('high', 9));
  expect(b.status).toBe(201);
  otherUnitHigh = b.body.number;
});
afterAll(async () => h?.close());

describe('exports of a list to Excel', () => {
  it('exports the filtered concern queue whole: rows == total, in the list\'s order, nothing out of reach, one export audit row', async () => {
    const list = await walk(coordinator, '/api/v1/concerns/page?severity=high&sort=newest');
    expect(list.total).toBe(3);
    const before = await h.auditCount();
    const res = await download(coordinator, '/api/v1/concerns/export.xlsx?severity=high&sort=newest');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="henvendelser.xlsx"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect([res.headers['x-vink-export-rows'], res.headers['x-vink-export-total']]).toEqual(['3', '3']);
    expect(await h.auditCount()).toBe(before + 1);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'export', outcome: 'ok', actor_id: coordinator.user.id, record_type: 'concern', person_id: null });
    expect(audit.criterion).toBe('list export: severity=high; sort=newest; rows=3 of 3');

    const wb = await workbook(res.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Henvendelser', 'Om udtrækket']);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('3 af 3 rækker: hele listen.');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Nummer', 'Modtaget', 'Kanal', 'Alvorlighed', 'Område', 'Status', 'Frist for visitation', 'Frist overskredet', 'Visiteret', 'Visiteret til tiden',
    ]);
    const rows = dataRows(wb);
    expect(rows.length).toBe(list.total);
    expect(rows.map((r) => r[0])).toEqual(list.items.map((i) => i.number));
    expect(rows.map((r) => r[0])).toEqual(high);
    expect(rows.map((r) => r[0])).not.toContain(otherUnitHigh);
    expect(rows[0]!.slice(2, 6)).toEqual(['Fagperson', 'Høj', 'Højreekstremisme', 'Modtaget']);
    // A Danish wall-clock time as an Excel date (08:00Z in March is 09:00 in Copenhagen).
    expect(rows[0]![1]).toEqual(new Date('2026-03-02T09:00:00Z'));
    expect(ws.getCell('B3').numFmt).toBe('dd-mm-yyyy hh:mm');
    // No person, reporter or description leaves with the list.
    const text = JSON.stringify(rows);
    for (const personal of ['Eksportbarn', 'Lone', 'Valby', 'propaganda']) expect(text).not.toContain(personal);

    const about = wb.getWorksheet('Om udtrækket')!;
    const facts = Object.fromEntries(about.getRows(1, 6)!.map((r) => [r.getCell(1).value, r.getCell(2).value]));
    expect(facts).toMatchObject({ Liste: 'Henvendelser', Filtre: 'Alvorlighed: Høj', Sortering: 'Nyeste først', 'Rækker i arket': 3, 'Rækker i listen i alt': 3, 'Loft for en eksport': CEILING });
  });

  it('states a cut at the ceiling on the sheet and in the audit row, never silently', async () => {
    const list = await walk(coordinator, '/api/v1/concerns/page');
    expect(list.total).toBe(8);
    const res = await download(coordinator, '/api/v1/concerns/export.xlsx');
    expect(res.status).toBe(200);
    expect([res.headers['x-vink-export-rows'], res.headers['x-vink-export-total']]).toEqual(['5', '8']);
    const wb = await workbook(res.bytes);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe(
      '5 af 8 rækker: loftet for en eksport er 5 rækker, så 3 rækker er ikke med. Indsnævr filtrene for at få resten.');
    // The first five of the list in its default (triage) order.
    expect(dataRows(wb).map((r) => r[0])).toEqual(list.items.slice(0, CEILING).map((i) => i.number));
    expect((await lastAudit()).criterion).toBe('list export: sort=triage; rows=5 of 8');
  });

  it("an adviser's export holds only the concerns they registered", async () => {
    const res = await download(adviser, '/api/v1/concerns/export.xlsx');
    expect(res.status).toBe(200);
    expect(dataRows(await workbook(res.bytes)).map((r) => r[0])).toEqual([adviserOwn]);
  });

  it('a police liaison may not export (403), and the refusal is audited', async () => {
    const police = await h.signIn('police_liaison', 'a');
    const before = await h.auditCount();
    const res = await download(police, '/api/v1/concerns/export.xlsx');
    expect(res.status).toBe(403);
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'denied', actor_id: police.user.id, record_type: 'concern' });
  });

  it('a filter value the list refuses is refused by the export too (400 naming the field)', async () => {
    const res = await download(coordinator, '/api/v1/concerns/export.xlsx?severity=extreme');
    expect(res.status).toBe(400);
    expect(res.body).toContain('severity');
  });

  it('exports the filtered case list with the owner, within reach', async () => {
    const now = h.clock.now();
    const personA = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Sagsbarn Eksport', 'unknown', $2, $2) RETURNING id`, [h.units.a, now]))[0]!.id;
    const personB = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Sagsbarn Andet', 'unknown', $2, $2) RETURNING id`, [h.units.b, now]))[0]!.id;
    const made: string[] = [];
    for (const [i, level] of (['red', 'red', 'green'] as const).entries()) {
      const c = (await sql<{ number: string }>(`INSERT INTO cases (unit_id, person_id, title, prevention_level, owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING number`, [
        h.units.a, personA, `Eksportsag ${i}`, level, coordinator.user.id, new Date(now.getTime() - i * 60_000)]))[0]!;
      made.push(c.number);
    }
    const other = (await sql<{ number: string }>(`INSERT INTO cases (unit_id, person_id, title, prevention_level, created_at, updated_at) VALUES ($1, $2, 'Anden enhed', 'red', $3, $3) RETURNING number`, [
      h.units.b, personB, now]))[0]!.number;
    const list = await walk(coordinator, '/api/v1/cases/page?level=red');
    expect(list.total).toBe(2);
    const before = await h.auditCount();
    const res = await download(coordinator, '/api/v1/cases/export.xlsx?level=red');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="sager.xlsx"');
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'ok', record_type: 'case', criterion: 'list export: level=red; sort=updated; rows=2 of 2' });
    const wb = await workbook(res.bytes);
    expect(wb.worksheets[0]!.name).toBe('Sager');
    const rows = dataRows(wb);
    expect(rows.length).toBe(list.total);
    expect(rows.map((r) => r[0])).toEqual(made.slice(0, 2));
    expect(rows.map((r) => r[0])).not.toContain(other);
    expect(rows[0]!.slice(1, 6)).toEqual(['Eksportsag 0', 'Åben', 'Rød (indgribende)', '', expect.stringContaining('Test coordinator')]);
  });
});
