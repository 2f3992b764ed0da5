import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { docxText, xlsxCells } from './helpers/office-text.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { buildYearReport } from '../src/server/modules/plans/index.ts';
import { renderYearReportHtml } from '../src/server/modules/reports/html.ts';
import { buildWorkbook } from '../src/server/modules/reports/xlsx.ts';
import { buildWordDocument } from '../src/server/modules/reports/docx.ts';
import { fixtureReport } from './reports-fixture.ts';

/**
 * Issue 14, item 3: the yearly report's section on prevention work by kind and target group. Collected from the
 * unit's activities of the year (another unit's and another year's never count) and shown in the HTML (so the PDF),
 * the workbook and the Word version, with the year's total; read back from each file's text.
 */

let h: Harness;
let manager: Client & { user: TestUser };

async function activity(unit: string, on: string, kind: string, targetGroup: string, participants: number): Promise<void> {
  await systemTransaction(h.ctx.db, (tx) => tx.query(
    `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, 'Fixture', $4, 'green', 'school', $5, $6, $2::date, $2::date)`, [unit, on, kind, targetGroup, participants, manager.user.id]));
}

beforeAll(async () => {
  h = await createHarness();
  manager = await h.signIn('manager', 'a');
});
afterAll(async () => h?.close());

describe("the yearly report's prevention work", () => {
  it("is collected by kind and target group from the unit's activities of the year", async () => {
    await activity(h.units.a, '2025-03-01', 'awareness_talk', 'professionals', 40);
    await activity(h.units.a, '2025-09-01', 'awareness_talk', 'professionals', 25);
    await activity(h.units.a, '2025-05-01', 'parent_course', 'individual', 12);
    await activity(h.units.a, '2024-12-31', 'parent_course', 'individual', 99);
    await activity(h.units.b, '2025-05-01', 'parent_course', 'individual', 77);
    const plan = await manager.post('/api/v1/plans', { name: 'Forebyggelse', firstYear: 2025, lastYear: 2025 });
    expect(plan.status).toBe(201);
    const actor = { id: manager.user.id, role: 'manager' as const, username: 'm', displayName: 'Leder', unitId: h.units.a, unitName: 'A', unitIds: [h.units.a], sessionId: 'test' };
    const report = await runScoped(h.ctx, actor, 'supervision', (s) => buildYearReport(s, plan.body.id, 2025));
    expect(report.prevention).toEqual([
      { kind: 'awareness_talk', targetGroup: 'professionals', activities: 2, attendances: 65 },
      { kind: 'parent_course', targetGroup: 'individual', activities: 1, attendances: 12 },
    ]);
  });

  it('is a section of the PDF\'s HTML, a sheet of the workbook and a section of the Word file, with the total', async () => {
    const report = fixtureReport({ prevention: [
      { kind: 'awareness_talk', targetGroup: 'professionals', activities: 31, attendances: 1590 },
      { kind: 'parent_course', targetGroup: 'individual', activities: 6, attendances: 84 },
      { kind: 'new_kind_from_vocabulary', targetGroup: 'society', activities: 2, attendances: 226 },
    ] });
    const { html, tables } = renderYearReportHtml(report, { lang: 'da', unitName: 'Testkommune A' });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const s of ['4. Forebyggende arbejde', 'Tabel 9. Forebyggende aktiviteter og fremmøder 2017 efter type og målgruppe', 'Oplysningsoplæg for frontpersonale Fagfolk 31 1.590',
      'Forældrekursus Enkeltpersoner 6 84', 'new_kind_from_vocabulary Samfundet bredt 2 226', 'I alt 39 1.900']) expect(text, s).toContain(s);
    expect(html).toMatch(/<thead><tr><th scope="col">Type<\/th>/);

    const cells = await xlsxCells(await buildWorkbook(report, tables, 'da', new Date('2018-01-15T09:30:00Z')));
    expect(cells.get('Forebyggelse')).toEqual(['Type', 'Målgruppe', 'Aktiviteter', 'Fremmøder',
      'Oplysningsoplæg for frontpersonale', 'Fagfolk', '31', '1590', 'Forældrekursus', 'Enkeltpersoner', '6', '84',
      'new_kind_from_vocabulary', 'Samfundet bredt', '2', '226', 'I alt', '', '39', '1900']);

    const words = docxText(await buildWordDocument(report, tables, 'en', 'Testkommune A'));
    for (const s of ['4. Prevention work', 'Awareness talk for front-line staff', 'Professionals', 'Total']) expect(words, s).toContain(s);
    expect(words).toMatch(/1,590/);
  });
});
