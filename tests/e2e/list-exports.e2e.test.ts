import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemTransaction } from '../helpers/sql.ts';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, useJourney } from './support.ts';

/**
 * Exports of a list (docs/architecture.md, "Exports of a list"): Tina, a coordinator, filters the concern queue and
 * presses "Eksportér til Excel". The file holds every row of the filtered list (more than the page shows), the page
 * says how many of how many, one export audit row is written, nothing lands in the browser's storage and axe reports 0
 * violations. The case list has the same button.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

const j = useJourney();

describe('exports of a list', () => {
  it('the coordinator exports the filtered concern queue, all pages, and the case list', async () => {
    const tina = await j.server.createUser({ username: 'tina.eksport', password: PASSWORD, role: 'coordinator', displayName: 'Tina Holm' });
    const now = j.server.ctx.clock.now();
    await systemTransaction(j.server.ctx.db, async (tx) => {
      const p = (await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Eksport Person', 'unknown', $2, $2) RETURNING id`, [j.server.unitId, now])).rows[0]!.id;
      // 60 high (more than the page of 50 shows) and 10 low.
      await tx.query(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
           registered_by, created_at, updated_at, minor_stated)
         SELECT $1, $2::timestamptz - g * interval '1 hour', 'professional', $3, 'right_wing', CASE WHEN g <= 60 THEN 'high' ELSE 'low' END,
           'Beskrevet adfærd til eksport.', 'received', $2::timestamptz + interval '2 days' - g * interval '1 hour', $4, $2, $2, 'no'
           FROM generate_series(1, 70) g`,
        [j.server.unitId, now, p, tina.id]);
      await tx.query(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Eksportsag', $3, $4, $4)`, [j.server.unitId, p, tina.id, now]);
    });
    const t = await j.tab();
    await browserSignIn(j.server, t.context, 'tina.eksport', PASSWORD);
    await t.page.goto(`${j.server.url}/henvendelser`);
    await t.page.getByRole('heading', { level: 1, name: 'Henvendelser' }).waitFor();
    await t.page.getByLabel('Vis alvorlighed').selectOption('high');
    await expect.poll(() => t.page.getByText('Viser 50 af 60 henvendelser.').count()).toBe(1);

    const before = (await systemTransaction(j.server.ctx.db, (tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'export'"))).rows[0]!.n;
    const [download] = await Promise.all([t.page.waitForEvent('download'), t.page.getByRole('button', { name: 'Eksportér til Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('henvendelser.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as any);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount - 2).toBe(60);
    expect(ws.getCell('A1').value).toBe('60 af 60 rækker: hele listen.');
    await expect.poll(() => t.page.getByText('Excel-filen med 60 af 60 rækker er hentet.').count()).toBe(1);
    const audit = (await systemTransaction(j.server.ctx.db, (tx) => tx.query<{ criterion: string; actor_id: string }>(
      "SELECT criterion, actor_id FROM audit_log WHERE action = 'export' ORDER BY seq DESC"))).rows;
    expect(audit.length).toBe(before + 1);
    expect(audit[0]).toEqual({ criterion: 'list export: severity=high; sort=triage; rows=60 of 60', actor_id: tina.id });
    await expectAccessible(t.page, 'concern list after an export');

    await t.page.goto(`${j.server.url}/sager`);
    await t.page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
    await expect.poll(() => t.page.getByText(/^Viser 1 af 1 sag/).count()).toBe(1);
    const [cases] = await Promise.all([t.page.waitForEvent('download'), t.page.getByRole('button', { name: 'Eksportér til Excel' }).click()]);
    expect(cases.suggestedFilename()).toBe('sager.xlsx');
    await expect.poll(() => t.page.getByText('Excel-filen med 1 af 1 rækker er hentet.').count()).toBe(1);
    await expectAccessible(t.page, 'case list after an export');
    await expectNoBrowserStorage(t.page);
  });
});
