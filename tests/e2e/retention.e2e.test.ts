import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemoData } from '../../src/server/demo/demo.ts';
import { runRetention } from '../../src/server/modules/retention/index.ts';
import { startTestServer } from '../helpers/server.ts';
import {
  browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, screenshot, type Tab, type TestServer,
} from './support.ts';

/**
 * The DPO's retention page (/sletning, docs/retention.md) in the browser, on the demo data after one run of the job:
 * the DPO finds it in the menu, reads the schedule, the upcoming deletions and the receipts (counts only), and changes
 * a period; a manager sees the page without the change. Every state passes axe (WCAG 2.1 A/AA), nothing is stored in
 * the browser.
 */
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(server.ctx);
  await runRetention(server.ctx, { trigger: 'cli' });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await server?.close();
});

describe('the retention page', () => {
  it('shows the DPO the schedule, upcoming deletions and receipts, and lets them change a period', async () => {
    await server.createUser({ username: 'dpo.sletning', password: DEMO_PASSWORD, role: 'dpo', displayName: 'Test DPO' });
    const tab = await openTab(browser);
    tabs.push(tab);
    await browserSignIn(server, tab.context, 'dpo.sletning', DEMO_PASSWORD);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Sletning', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sletning og anonymisering' }).waitFor();
    await page.getByRole('rowheader', { name: 'Afsluttet sag med alt under den' }).first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kvitteringer' }).waitFor();
    // The receipts of the run: one per class it ran, with counts.
    await expect.poll(() => page.getByRole('table', { name: 'Kvitteringer' }).getByRole('row').count()).toBeGreaterThan(4);
    await expect.poll(async () => (await page.getByRole('table', { name: 'Kvitteringer' }).textContent()) ?? '').toMatch(/Sager: \d+/);
    await expectAccessible(page, 'retention page');
    await screenshot(page, 'retention-dpo');

    await page.getByRole('button', { name: 'Ændr periode Log ind-oplysninger' }).click();
    const field = page.getByLabel('Periode i måneder');
    await field.fill('0');
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Angiv perioden som et helt antal måneder fra 1 til 1200.').first().waitFor();
    await expectAccessible(page, 'retention page, period error');
    await field.fill('9');
    await field.press('Enter');
    await page.getByText('Perioden for Log ind-oplysninger er nu 9 måneder.', { exact: false }).waitFor();
    await page.getByRole('row', { name: /Log ind-oplysninger 9 måneder/ }).first().waitFor();
    await expectAccessible(page, 'retention page after a change');
    await expectNoBrowserStorage(page);
  });

  it('shows a manager the page without the change', async () => {
    const tab = await openTab(browser);
    tabs.push(tab);
    await server.createUser({ username: 'leder.sletning', password: DEMO_PASSWORD, role: 'manager', displayName: 'Test leder' });
    await browserSignIn(server, tab.context, 'leder.sletning', DEMO_PASSWORD);
    await tab.page.goto(`${server.url}/sletning`);
    await tab.page.getByRole('heading', { level: 2, name: 'Slettefrister' }).waitFor();
    await tab.page.getByRole('rowheader', { name: 'Log ind-oplysninger' }).first().waitFor();
    expect(await tab.page.getByRole('button', { name: /Ændr periode/ }).count()).toBe(0);
    await expectAccessible(tab.page, 'retention page (manager)');
  });
});
