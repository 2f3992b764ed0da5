import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, type Tab, type TestServer } from './support.ts';

/**
 * The risk-environment register (docs/domain.md, "Risk environments and networks"): a manager opens "Risikomiljøer",
 * is stopped by the form's own check, registers an environment with entry points and key actors as roles and
 * organisations, and sees it in the list. Every state passes axe; nothing is stored in the browser.
 */
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];
const PASSWORD = 'correct-horse-battery-staple';

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'leder', password: PASSWORD, role: 'manager', displayName: 'Leder Testesen' });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await server?.close();
});

describe('the risk-environment journey', () => {
  it('a manager registers a risk environment and sees it in the register', async () => {
    const tab = await openTab(browser);
    tabs.push(tab);
    await browserSignIn(server, tab.context, 'leder', PASSWORD);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Risikomiljøer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Risikomiljøer og netværk' }).waitFor();
    await page.getByText('Der er endnu ingen risikomiljøer.').waitFor();
    await expectAccessible(page, 'environments page, empty');

    await page.getByRole('button', { name: 'Gem risikomiljø' }).click();
    await page.getByText('Skriv miljøets navn.').first().waitFor();
    await expectAccessible(page, 'environments page, form errors');

    await page.getByLabel('Navn', { exact: true }).fill('Skaterparken');
    await page.getByLabel('Område', { exact: true }).fill('Nordvest');
    await page.getByLabel('Indgange').fill('Klubben\nLektiecafeen');
    await page.getByLabel('Nøgleaktører: roller').fill('Træner i klubben');
    await page.getByLabel('Organisationer', { exact: true }).fill('Boligsocial helhedsplan');
    await page.getByLabel('Startdato').fill('2025-01-15');
    await page.getByRole('button', { name: 'Gem risikomiljø' }).click();
    await page.getByText('Risikomiljøet er gemt.').waitFor();
    const row = page.getByRole('row', { name: /Skaterparken Nordvest Klubben, Lektiecafeen Træner i klubben \(rolle\), Boligsocial helhedsplan \(organisation\)/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('0');
    await expectAccessible(page, 'environments page, one environment');
    await expectNoBrowserStorage(page);
  });
});
