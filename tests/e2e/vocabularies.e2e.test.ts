import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import {
  apiAs, browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, openWithReason, screenshot, type Tab, type TestServer,
} from './support.ts';

/**
 * Vocabularies an administrator keeps (docs/domain.md, "Vocabularies"), in the browser: the administrator retires a
 * behaviour indicator on the vocabularies page; the adviser's intake form no longer offers it, while the concern
 * registered with it before still shows its label, and so do the counts of the values. The new values of the 2020-21
 * plan (category, online platform, returnee) are on the intake form. Every state passes axe (WCAG 2.1 A/AA).
 */
const PASSWORD = 'Vokabular-test-2026';
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];
let concernId = '';

beforeAll(async () => {
  server = await startTestServer();
  for (const [username, role] of [['admin.vok', 'admin'], ['raadgiver.vok', 'adviser'], ['raadgiver2.vok', 'adviser'], ['tovholder.vok', 'coordinator']] as const) {
    await server.createUser({ username, password: PASSWORD, role, displayName: `Test ${role}` });
  }
  // The adviser registers a concern naming the indicator that will be retired (over the API: the form is tested below).
  const api = await apiAs(server, 'raadgiver.vok', PASSWORD);
  const res = await api('POST', '/concerns', {
    receivedAt: new Date(Date.now() - 3_600_000).toISOString(), channel: 'professional',
    reporter: { anonymous: false, name: 'Lærer Lone', sector: 'school' }, person: { fullName: 'Jonas Ækvator', birthDate: '1999-04-04' },
    ideologyArea: 'right_wing', severity: 'medium', behaviourIndicators: ['hate_speech'],
    behaviourDescription: 'Skriver hadefulde opslag om en gruppe i klassens chat.', category: 'hate_crime', onlinePlatform: 'social_media',
  });
  expect(res.status).toBe(201);
  concernId = res.body.id;
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await server?.close();
});

describe('a retired behaviour indicator in the browser', () => {
  it('the administrator finds the vocabularies in the menu and retires the indicator', async () => {
    const tab = await openTab(browser);
    tabs.push(tab);
    await browserSignIn(server, tab.context, 'admin.vok', PASSWORD);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Værdilister', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Værdilister' }).waitFor();
    const row = page.getByRole('row', { name: /Hadefuld tale mod grupper/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Aktiv');
    await expectAccessible(page, 'vocabularies page');
    await page.getByRole('button', { name: 'Deaktiver Hadefuld tale mod grupper' }).click();
    await page.getByText('Ændringen er gemt.').waitFor();
    await page.getByRole('button', { name: 'Genaktiver Hadefuld tale mod grupper' }).waitFor();
    expect(await page.getByRole('row', { name: /Hadefuld tale mod grupper/ }).textContent()).toContain('Deaktiveret');

    // Another list: session forms hold the home visit, and an entry can be added to a list checked at runtime.
    await page.getByLabel('Værdiliste').selectOption({ label: 'Samtaleformer' });
    await page.getByRole('rowheader', { name: 'Hjemmebesøg' }).waitFor();
    await page.getByLabel('Kode').fill('Walk');
    await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
    await page.getByText('Skriv en kode med 2–60 små bogstaver eller understregninger.').first().waitFor();
    await expectAccessible(page, 'vocabularies page, add error');
    await page.getByLabel('Kode').fill('walk_and_talk');
    await page.getByLabel('Dansk betegnelse', { exact: true }).fill('Gåtur');
    await page.getByLabel('Engelsk betegnelse', { exact: true }).fill('Walk and talk');
    await page.getByRole('button', { name: 'Tilføj', exact: true }).click();
    await page.getByRole('rowheader', { name: 'Gåtur' }).waitFor();
    await screenshot(page, 'vocabularies-admin');
    await expectNoBrowserStorage(page);
  });

  it('the adviser\'s intake form no longer offers it, and offers the 2020-21 plan\'s new values', async () => {
    const tab = await openTab(browser);
    tabs.push(tab);
    // A colleague of the adviser who registered the old concern (that one signed in over the API, once).
    await browserSignIn(server, tab.context, 'raadgiver2.vok', PASSWORD);
    const { page } = tab;
    await page.goto(`${server.url}/henvendelser/ny`);
    await page.getByLabel('Fulde navn').fill('Maja Nyperson');
    await page.getByRole('button', { name: 'Søg efter personen' }).click();
    await page.getByRole('checkbox', { name: 'Fremsætter trusler' }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Hadefuld tale/ }).count()).toBe(0);
    await page.getByLabel('Kategori').selectOption({ label: 'Antisemitisme' });
    await page.getByLabel('Handler om aktivitet online').check();
    await page.getByLabel('Platform').selectOption({ label: 'Gamingplatform' });
    await page.getByLabel('Hjemvendt fra konfliktområde').check();
    expect(await page.getByLabel('Anmelders sektor').locator('option', { hasText: 'SSP' }).count()).toBe(1);
    await expectAccessible(page, 'intake with the new values');
  });

  it('the old concern still shows the label, and the counts list it as retired', async () => {
    const tab = await openTab(browser);
    tabs.push(tab);
    await browserSignIn(server, tab.context, 'tovholder.vok', PASSWORD);
    const { page } = tab;
    await openWithReason(page, `${server.url}/henvendelser/${concernId}`);
    await page.getByText('Hadefuld tale mod grupper').first().waitFor();
    await page.getByText('Hadforbrydelse').first().waitFor();
    await page.getByText('Online: Sociale medier').first().waitFor();

    await page.goto(`${server.url}/statistik/vaerdier`);
    await page.getByRole('heading', { level: 1, name: 'Værdier i perioden' }).waitFor();
    const year = new Date().getFullYear();
    await page.getByLabel('Fra').fill(`${year}-01-01`);
    await page.getByLabel('Til').fill(`${year}-12-31`);
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    const row = page.getByRole('table', { name: 'Adfærdsindikatorer' }).getByRole('row', { name: /Hadefuld tale mod grupper/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/deaktiveret\s*1/);
    await expectAccessible(page, 'vocabulary counts');
    await expectNoBrowserStorage(page);
  });
});
