import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsSystem } from '../../src/server/access/scope.ts';
import { DEMO_PASSWORD, DEMO_STAFF, loadDemoData } from '../../src/server/demo/demo.ts';
import { installReferencePlansInTrx } from '../../src/server/modules/plans/index.ts';
import { startTestServer } from '../helpers/server.ts';
import {
  expectAccessible, expectNoBrowserStorage, expectNoPersonalDataInUrls, launchChromium, openTab, screenshot, type Tab, type TestServer,
} from './support.ts';

/**
 * Action plans, statistics and prevention work in the browser, on the demo data with the two reference plans.
 * First, the manager opens the dashboard of the 2016-17 plan for 2016 and 2017, sees each target against its actual,
 * opens the records behind a figure, and downloads the yearly report as PDF and Excel. Then the analyst asks for the
 * caseload by district and sees small counts withheld as "<5". Last, a coordinator registers a theme day, creates a
 * survey for it, and an anonymous participant answers it on the public page without signing in; the answer is counted.
 * Every page passes axe (WCAG 2.1 A/AA), nothing is stored in the browser and no URL carries personal data.
 */

let server: TestServer;
let browser: Browser;
const PLAN_2016 = /Handleplan 2016-17/;
const tabs: Tab[] = [];

/** Signs a browser context in through the same API the sign-in page uses (first sign-in: enrolment with a TOTP). */
async function browserSignIn(context: BrowserContext, username: string): Promise<void> {
  const headers = { origin: server.url };
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD }, headers });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const setup = await context.request.post(`${server.url}/api/v1/auth/second-factor/enrolment`, { data: {}, headers: { ...headers, 'x-csrf-token': csrfToken } });
  const { secret } = (await setup.json()) as { secret: string };
  const confirm = await context.request.post(`${server.url}/api/v1/auth/second-factor/enrolment/confirm`, {
    data: { code: await server.totpCode(secret) },
    headers: { ...headers, 'x-csrf-token': csrfToken },
  });
  expect(confirm.status()).toBe(200);
}

async function signedInTab(username: string): Promise<Tab> {
  const tab = await openTab(browser);
  await browserSignIn(tab.context, username);
  tabs.push(tab);
  return tab;
}

/** The first bytes of a file the page downloads when `click` runs. */
async function downloadHead(page: Page, click: () => Promise<void>): Promise<{ name: string; head: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  const bytes = await readFile(path);
  return { name: download.suggestedFilename(), head: bytes.subarray(0, 4).toString('latin1') };
}

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(server.ctx);
  await runAsSystem(server.ctx, 'cli', (s) => installReferencePlansInTrx(s, server.unitId));
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the action-plan dashboard', () => {
  it('shows a manager every target against its actual for 2016 and 2017, the records behind a figure, and the yearly report', async () => {
    const tab = await signedInTab('demo.leder');
    const { page } = tab;
    await page.goto(`${server.url}/handleplaner`);
    await page.getByLabel('Handleplan', { exact: true }).waitFor();
    const planOption = page.getByLabel('Handleplan', { exact: true }).locator('option', { hasText: PLAN_2016 });
    await page.getByLabel('Handleplan', { exact: true }).selectOption(await planOption.getAttribute('value'));
    await page.getByLabel('År', { exact: true }).selectOption('2016');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Mål og resultater 2016' }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe('?aar=2016');
    await page.getByRole('heading', { level: 1, name: PLAN_2016 }).waitFor();

    // Each indicator row has a target and a status in words.
    const rows = page.locator('.vink-target-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);
    const statuses = await page.locator('.vink-target-table .vink-target-status').allInnerTexts();
    expect(statuses.every((s) => ['Nået', 'Ikke nået', 'Ingen data', 'Intet mål'].includes(s.trim()))).toBe(true);
    expect(statuses.some((s) => s.trim() === 'Nået' || s.trim() === 'Ikke nået')).toBe(true);
    await expect.poll(() => page.getByText(/Mindst 60\s%/).first().isVisible()).toBe(true);
    // The budget in Danish kroner.
    await page.getByRole('heading', { level: 2, name: 'Budget og forbrug 2016' }).waitFor();
    const budgetTotal = await page.locator('.vink-budget-table tfoot tr').first().innerText();
    expect(budgetTotal).toMatch(/I alt 2016/);
    expect(budgetTotal).toMatch(/4\.100\.000(,00)?\skr\./);
    // The trend of the first indicator: chart and table.
    await page.locator('details.vink-trend summary').first().click();
    await page.locator('details.vink-trend[open] svg[role="img"]').waitFor();
    await page.locator('details.vink-trend[open] table').waitFor();
    await expectAccessible(page, 'dashboard 2016');
    await screenshot(page, 'plans-dashboard-2016');

    await page.getByLabel('År', { exact: true }).selectOption('2017');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Mål og resultater 2017' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Budget og forbrug 2017' }).waitFor();
    expect(await page.locator('.vink-budget-table tfoot tr').first().innerText()).toMatch(/6\.200\.000/);
    await expectAccessible(page, 'dashboard 2017');
    await screenshot(page, 'plans-dashboard-2017');

    // The records behind the offer-acceptance figure; case records link to their case.
    const acceptanceRow = page.locator('.vink-target-table tbody tr', { hasText: /Min\.\s60\s%\saf de unge/ });
    const drill = acceptanceRow.getByRole('link');
    expect(await drill.getAttribute('href')).toMatch(/^\/handleplaner\/[0-9a-f-]{36}\/indikatorer\/[0-9a-f-]{36}\?aar=2017$/);
    await drill.click();
    await page.getByRole('heading', { level: 1, name: 'Registreringer bag tallet for 2017' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.getByRole('link', { name: 'Åbn sagen' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'drill-down');
    await screenshot(page, 'plans-records');
    await page.getByRole('link', { name: 'Tilbage til handleplanen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mål og resultater 2017' }).waitFor();

    // The yearly report: progress, then both files.
    await page.getByRole('button', { name: 'Hent årsrapport' }).click();
    await page.getByRole('progressbar').waitFor();
    const pdfButton = page.getByRole('button', { name: 'Download PDF (2017)' });
    await pdfButton.waitFor({ timeout: 45_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await page.locator('.vink-report-step').innerText()).toMatch(/100 %: Færdig/);
    await expectAccessible(page, 'report done');
    await screenshot(page, 'plans-report');
    const pdf = await downloadHead(page, () => pdfButton.click());
    expect(pdf).toEqual({ name: 'aarsrapport-2017.pdf', head: '%PDF' });
    const xlsx = await downloadHead(page, () => page.getByRole('button', { name: 'Download Excel (2017)' }).click());
    expect(xlsx.name).toBe('aarsrapport-2017.xlsx');
    expect(xlsx.head.slice(0, 2)).toBe('PK');

    await expectNoBrowserStorage(page);
    expect(tab.problems).toEqual([]);
  }, 180_000);
});

describe('statistics for the analyst', () => {
  it('withholds small counts as "<5" with the reason', async () => {
    const tab = await signedInTab('demo.analytiker');
    const { page } = tab;
    await page.goto(`${server.url}/statistik`);
    await page.getByRole('heading', { level: 1, name: 'Statistik over sagsforløb' }).waitFor();
    await page.getByLabel('Fra dato').fill('2016-01-01');
    await page.getByLabel('Til dato').fill('2016-12-31');
    await page.getByLabel('Opdel efter').selectOption('gender');
    await page.getByRole('button', { name: 'Vis statistik' }).click();
    await page.getByRole('table', { name: 'Sagsforløb opdelt efter Køn' }).waitFor();
    expect(await page.locator('abbr.vink-suppressed').count()).toBeGreaterThan(0);
    await page.getByText(/Tal under 5 vises som »<5«/).waitFor();
    await page.getByText(/Opkald er anonyme/).waitFor();
    await expectAccessible(page, 'statistics');
    await screenshot(page, 'statistics-analyst');

    // The analyst's dashboard: figures from case records under 5 are withheld, and so is whether they met the target.
    await page.goto(`${server.url}/handleplaner`);
    await page.getByRole('heading', { level: 2, name: /Mål og resultater/ }).waitFor();
    await page.getByText(/Små tal \(under 5\) fra borgersager vises ikke/).waitFor();
    expect(await page.getByRole('link', { name: /Se registreringerne/ }).count()).toBe(0);
    await expectAccessible(page, 'analyst dashboard');
    await screenshot(page, 'plans-dashboard-analyst');
    await expectNoBrowserStorage(page);
    expect(tab.problems).toEqual([]);
  }, 120_000);
});

describe('prevention work and the public survey', () => {
  it('lets a coordinator register an activity and a survey, which an anonymous visitor answers', async () => {
    const tab = await signedInTab('demo.tovholder');
    const { page } = tab;
    await page.goto(`${server.url}/forebyggelse`);
    await page.getByRole('heading', { level: 1, name: 'Forebyggende arbejde' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Medborgerforum' }).waitFor();
    await expectAccessible(page, 'prevention');

    await page.getByRole('link', { name: 'Registrér aktivitet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registrér en afholdt aktivitet' }).waitFor();
    // Submitting empty shows the error summary.
    await page.getByRole('button', { name: 'Gem aktivitet' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    await expectAccessible(page, 'activity form with errors');
    await page.getByLabel('Type', { exact: true }).selectOption('theme_day');
    await page.getByLabel('Titel').fill('Temadag for skolelærere');
    await page.getByLabel('Fagfolk').check();
    await page.getByLabel('Deltagernes sektor').selectOption('school');
    await page.getByLabel('Antal deltagere').fill('42');
    await page.getByLabel('Antal organisationer').fill('6');
    await page.getByRole('button', { name: 'Gem aktivitet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Temadag for skolelærere' }).waitFor();
    await expectAccessible(page, 'activity');
    await page.getByRole('button', { name: 'Opret spørgeskema' }).click();
    await page.getByRole('heading', { level: 2, name: 'Spørgeskemaet er klar' }).waitFor();
    await page.getByRole('img', { name: /QR-kode til spørgeskemaet/ }).waitFor();
    const link = await page.getByTestId('survey-link').getAttribute('href');
    expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{20,}$/);
    await expectAccessible(page, 'survey created');
    await screenshot(page, 'prevention-survey-created');

    // An anonymous participant, in a browser that has never signed in.
    const visitor = await openTab(browser);
    await visitor.page.goto(link!);
    await visitor.page.getByRole('heading', { level: 1, name: 'Evaluering: Temadag for skolelærere' }).waitFor();
    const question = visitor.page.getByRole('group', { name: /Jeg føler mig i stand til at hjælpe unge/ });
    expect(await question.getByRole('radio').count()).toBe(5);
    await expectAccessible(visitor.page, 'public survey');
    await screenshot(visitor.page, 'survey-public');
    await question.getByLabel('5 – Helt enig').check();
    await visitor.page.getByRole('button', { name: 'Send svar' }).click();
    await visitor.page.getByRole('heading', { level: 1, name: 'Tak for dit svar' }).waitFor();
    await expectAccessible(visitor.page, 'survey thanks');
    await expectNoBrowserStorage(visitor.page);
    expect(await visitor.context.cookies()).toEqual([]);
    // The visitor never asked who is signed in, nor for anything beyond the survey.
    expect(visitor.urls.filter((u) => u.includes('/api/') && !u.includes('/api/v1/public/surveys/'))).toEqual([]);
    expect(visitor.problems).toEqual([]);
    await visitor.context.close();

    // Counted in the results.
    await page.getByRole('button', { name: 'Vis svar' }).click();
    await page.getByText('Besvarelser: 1.').waitFor();
    const row = page.getByRole('row', { name: /Jeg føler mig i stand til at hjælpe unge/ });
    expect(await row.innerText()).toMatch(/1\s+1\s+100\s?%/);
    await expectNoBrowserStorage(page);
    expect(tab.problems).toEqual([]);
  }, 120_000);

  it('puts no personal data in any URL', () => {
    const personal = DEMO_STAFF.flatMap((s) => [s.username, s.displayName]);
    for (const tab of tabs) expectNoPersonalDataInUrls(tab, personal);
  });
});
