import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, type Tab, type TestServer } from './support.ts';

/**
 * The national view and national administration in the browser (issue 15, items 5 and 6). Nanna, the national
 * analyst, asks for the national figures by year, sees small counts withheld as "<5" and downloads the Excel file.
 * Lars, the national administrator, creates Randers' unit on the shared hotline without case work, then lets it do
 * case work. Lene, Copenhagen's manager, takes her unit out of the national figures. Every page passes axe.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  await systemTransaction(server.ctx.db, (tx) => tx.query(`INSERT INTO hotlines (name) VALUES ('Den nationale hotline')`));
});
afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
  await server?.close();
});

async function signedIn(username: string, role: string, displayName: string): Promise<Tab> {
  await server.createUser({ username, password: PASSWORD, role, displayName });
  const tab = await openTab(browser);
  tabs.push(tab);
  await browserSignIn(server, tab.context, username, PASSWORD);
  return tab;
}

describe('the national view', () => {
  it('the national analyst reads suppressed national figures and downloads them as Excel', async () => {
    const n = await signedIn('nanna.ncfe', 'national_analyst', 'Nanna Nationalanalytiker');
    await n.page.goto(`${server.url}/`);
    await n.page.getByRole('heading', { level: 1, name: 'Landstal for sagsforløb' }).waitFor();
    await expectAccessible(n.page, 'national figures, empty');
    await n.page.getByRole('button', { name: 'Vis landstal' }).click();
    await n.page.getByRole('heading', { level: 2, name: 'Hele landet' }).waitFor();
    expect(await n.page.getByRole('main').innerText()).toContain('<5');
    await expectAccessible(n.page, 'national figures');
    const [download] = await Promise.all([n.page.waitForEvent('download'), n.page.getByRole('button', { name: 'Hent som Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^landstal-year-\d{4}-\d{4}\.xlsx$/);
    expect((await readFile(await download.path())).subarray(0, 2).toString('latin1')).toBe('PK');
    await expectNoBrowserStorage(n.page);
    // No record page is offered to the national analyst.
    expect(await n.page.getByRole('link', { name: 'Sager' }).count()).toBe(0);
  });

  it('the national administrator creates a unit on the hotline and changes its membership', async () => {
    const l = await signedIn('lars.land', 'national_admin', 'Lars Landsadministrator');
    await l.page.goto(`${server.url}/landsadministration`);
    await l.page.getByRole('heading', { level: 1, name: 'Enheder og hotline' }).waitFor();
    await l.page.getByRole('table').waitFor();
    await expectAccessible(l.page, 'national administration');
    await l.page.getByLabel('Navn').fill('Randers Kommune');
    await l.page.getByLabel('Kommunekode').fill('730');
    await l.page.getByLabel('Politikreds').selectOption('2');
    await l.page.getByLabel('Deltagelse i Den nationale hotline').selectOption('hotline_only');
    await l.page.getByRole('button', { name: 'Opret enhed' }).click();
    await expect.poll(() => l.page.getByText('Enheden Randers Kommune er oprettet.').count()).toBe(1);
    const select = l.page.getByLabel('Randers Kommune i Den nationale hotline');
    expect(await select.inputValue()).toBe('hotline_only');
    await select.selectOption('case_work');
    await expect.poll(() => l.page.getByText('Deltagelsen for Randers Kommune i Den nationale hotline er ændret.').count()).toBe(1);
    await expectAccessible(l.page, 'national administration after changes');
    const [row] = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ case_work: boolean }>(
      `SELECT m.case_work FROM hotline_members m JOIN units u ON u.id = m.unit_id WHERE u.municipality_code = '730'`))).rows;
    expect(row).toEqual({ case_work: true });
  });

  it('a manager takes the unit out of the national figures', async () => {
    const m = await signedIn('lene.leder', 'manager', 'Lene Leder');
    await m.page.goto(`${server.url}/landstal/deltagelse`);
    await m.page.getByRole('heading', { level: 1, name: 'Deltagelse i landstal' }).waitFor();
    const box = m.page.getByLabel('Vores tal indgår i landstal');
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => m.page.getByText('Enhedens tal indgår ikke længere i landstal.').count()).toBe(1);
    await expectAccessible(m.page, 'national participation');
    const [unit] = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ national_statistics: boolean }>(
      'SELECT national_statistics FROM units WHERE id = $1', [server.unitId]))).rows;
    expect(unit).toEqual({ national_statistics: false });
  });
});
