import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxText, xlsxCells } from '../helpers/office-text.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { startTestServer } from '../helpers/server.ts';
import { expectAccessible, expectNoBrowserStorage, launchChromium, openTab, screenshot, type Tab, type TestServer } from './support.ts';

/**
 * Issue 14: a plan made in the browser. A manager creates a plan with two tracks, three indicators and budget lines
 * (one of them staffing in FTE), records spending, approves it, and sees its dashboard with each target's actual and
 * one line on how it is counted. Then, for the committee, they write the foreword and a comment on each missed target,
 * download the yearly report as PDF, Excel and Word, and the comment is read back from each file's text (the PDF's
 * text layer, the workbook's cells, the Word body). Every new page passes axe (WCAG 2.1 A/AA) and nothing is stored in
 * the browser.
 */

let server: TestServer;
let browser: Browser;
let tab: Tab;
const PASSWORD = 'Leder-e2e-kodeord-2026';

/** The bytes of a file the page downloads when `click` runs, and the name it is saved under. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

async function browserSignIn(context: BrowserContext, username: string): Promise<void> {
  const headers = { origin: server.url };
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: PASSWORD }, headers });
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

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'leder.e2e', password: PASSWORD, role: 'manager', displayName: 'Lea Leder' });
  browser = await launchChromium();
  tab = await openTab(browser);
  await browserSignIn(tab.context, 'leder.e2e');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a plan made in the web app', () => {
  it('a manager creates a plan with two tracks, three indicators and budget lines, approves it and sees its dashboard', async () => {
    const { page } = tab;
    const year = new Date().getUTCFullYear();
    await page.goto(`${server.url}/handleplaner`);
    await page.getByRole('link', { name: 'Ny handleplan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny handleplan' }).waitFor();
    await expectAccessible(page, 'new plan');
    // The browser checks first: an empty form names its fields.
    await page.getByRole('button', { name: 'Opret handleplan' }).click();
    await page.getByText('Skriv planens navn.').first().waitFor();
    await page.getByLabel('Planens navn').fill('Handleplan for forebyggelse (e2e)');
    await page.getByLabel('Første år').fill(String(year));
    await page.getByLabel('Sidste år').fill(String(year + 1));
    await page.getByRole('button', { name: 'Opret handleplan' }).click();
    await page.getByRole('heading', { level: 1, name: /Redigér: Handleplan for forebyggelse/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/handleplaner\/[0-9a-f-]{36}\/rediger$/);

    // Two tracks, one a target group, each with its purpose.
    for (const [name, kind, purpose] of [
      ['Fagpersoner', 'Målgruppe', 'At styrke fagpersoners opmærksomhed på bekymringstegn'],
      ['Opsøgende arbejde', 'Spor', 'At mindske modstanden mod samarbejde med myndigheder'],
    ] as const) {
      await page.getByLabel('Navn', { exact: true }).fill(name);
      await page.getByRole('radio', { name: kind, exact: true }).check();
      await page.getByLabel('Formål eller ønsket effekt').fill(purpose);
      await page.getByRole('button', { name: 'Tilføj spor eller målgruppe' }).click();
      await page.getByText(`${name} er tilføjet.`).waitFor();
    }

    // Three indicators from the catalogue with parameters and yearly targets.
    const measure = page.getByLabel('Mål fra kataloget');
    await measure.selectOption({ label: 'Antal fremmøder (deltagelser)' });
    await page.getByText(/Sådan tælles: Summen af deltagere/).waitFor();
    await page.getByLabel('Spor eller målgruppe', { exact: true }).selectOption({ label: 'Fagpersoner' });
    await page.getByLabel('Planens formulering').fill('Min. 500 fagpersoner deltager i oplæg');
    await page.getByLabel('Målgruppe (valgfri)', { exact: true }).selectOption({ label: 'Fagfolk' });
    await page.getByLabel(`Mål ${year}`, { exact: true }).fill('500');
    await page.getByRole('button', { name: 'Tilføj indikator' }).click();
    await page.getByText('Indikatoren "Min. 500 fagpersoner deltager i oplæg" er tilføjet.').waitFor();

    await measure.selectOption({ label: 'Antal faggrupper nået' });
    await page.getByLabel('Spor eller målgruppe', { exact: true }).selectOption({ label: 'Fagpersoner' });
    await page.getByLabel('Planens formulering').fill('Oplæg for SSP lokaludvalg og behandlingspsykiatrien');
    await page.getByRole('checkbox', { name: 'SSP (lokaludvalg)' }).check();
    await page.getByRole('checkbox', { name: 'Psykiatri' }).check();
    await page.getByLabel(`Mål ${year}`, { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Tilføj indikator' }).click();
    await page.getByText('Indikatoren "Oplæg for SSP lokaludvalg og behandlingspsykiatrien" er tilføjet.').waitFor();

    await measure.selectOption({ label: 'Milepæl nået' });
    await page.getByLabel('Spor eller målgruppe', { exact: true }).selectOption({ label: 'Opsøgende arbejde' });
    await page.getByLabel('Planens formulering').fill('Koncept for opsøgende dialog udviklet');
    await page.getByLabel('Milepælens nøgle (små bogstaver og _)').fill('outreach_concept');
    await page.getByLabel(`Milepæl i ${year} (1 = skal nås)`).fill('1');
    await page.getByRole('button', { name: 'Tilføj indikator' }).click();
    await page.getByText('Indikatoren "Koncept for opsøgende dialog udviklet" er tilføjet.').waitFor();
    expect(await page.locator('.vink-plan-list').nth(1).locator('li').count()).toBe(3);

    // Budget lines: funds for a track, and staffing in FTE.
    await page.locator('#budget-year').selectOption(String(year));
    await page.locator('#budget-track').selectOption({ label: 'Fagpersoner' });
    await page.getByLabel('Finansieringskilde').fill(`Budget ${year}`);
    await page.locator('#budget-amount').fill('200000');
    await page.getByRole('button', { name: 'Tilføj budgetlinje' }).click();
    await page.getByText('Budgetlinjen er tilføjet.').waitFor();
    await page.locator('#budget-track').selectOption({ label: 'Intet spor (hele planen)' });
    await page.getByRole('radio', { name: 'Bemanding (årsværk)' }).check();
    await page.locator('#budget-fte').fill('3');
    await page.locator('#budget-amount').fill('1800000');
    await page.getByRole('button', { name: 'Tilføj budgetlinje' }).click();
    await page.getByText('Bemanding: 3 årsværk').waitFor();
    // Spending on the first line, more than its budget: the dashboard marks it.
    await page.locator('#spending-line').selectOption({ index: 1 });
    await page.locator('#spending-on').fill(`${year}-02-01`);
    await page.locator('#spending-amount').fill('210000');
    await page.getByLabel('Hvad pengene gik til').fill('Oplægsholdere og lokaler');
    await page.getByRole('button', { name: 'Registrér forbrug' }).click();
    await page.getByText('Forbruget er registreret.').waitFor();

    // Approve: the committee and the date are asked for.
    await page.getByRole('radio', { name: 'Godkendt', exact: true }).check();
    await page.getByRole('button', { name: 'Gem oplysninger' }).click();
    await page.getByText('Skriv det udvalg, der godkendte planen.').first().waitFor();
    await page.getByLabel('Godkendt af udvalg').fill('Beskæftigelses- og Integrationsudvalget');
    await page.getByLabel('Godkendelsesdato').fill(`${year}-01-15`);
    await page.getByRole('button', { name: 'Gem oplysninger' }).click();
    await page.getByText('Planens oplysninger er gemt.').waitFor();
    await page.getByText(/Godkendt – Beskæftigelses- og Integrationsudvalget/).waitFor();
    await expectAccessible(page, 'edit plan');
    await screenshot(page, 'plan-edit');

    // The dashboard: every target against its actual, with how it is counted.
    await page.getByRole('link', { name: 'Tilbage til planens resultater' }).click();
    await page.getByRole('heading', { level: 2, name: `Mål og resultater ${year}` }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Handleplan for forebyggelse (e2e)' }).waitFor();
    const rows = page.locator('.vink-target-table tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await page.locator('.vink-indicator-how').count()).toBe(3);
    const statuses = await page.locator('.vink-target-table .vink-target-status').allInnerTexts();
    expect(statuses.map((s) => s.trim())).toEqual(['Ikke nået', 'Ikke nået', 'Ikke nået']);
    expect(await page.locator('.vink-budget-table').innerText()).toMatch(/overskredet/);
    await expectAccessible(page, 'dashboard of the new plan');
    await screenshot(page, 'plan-new-dashboard');
    await expectNoBrowserStorage(page);
    expect(tab.problems).toEqual([]);
  }, 240_000);

  it('the manager writes the foreword and a comment on each missed target, and finds the comment in the PDF, the workbook and the Word file', async () => {
    const { page } = tab;
    const year = new Date().getUTCFullYear();
    await page.getByRole('heading', { level: 2, name: `Årsrapportens tekster ${year}` }).waitFor();
    expect(await page.getByLabel('Modtager (udvalg)').inputValue()).toBe('Beskæftigelses- og Integrationsudvalget');
    await page.getByLabel('Modtager (udvalg)').fill('Økonomiudvalget');
    const foreword = 'Planens første år: fagpersoner og opsøgende arbejde blev sat i gang.';
    await page.getByLabel('Forord').fill(foreword);
    // One missed target's comment only: the form names the two still without one, and nothing is saved.
    const missed = 'Oplæggene for fagpersonerne blev flyttet til efteråret, da skolerne havde eksamen.';
    await page.getByLabel('Kommentar (målet er ikke nået): Min. 500 fagpersoner deltager i oplæg').fill(missed);
    await page.getByRole('button', { name: 'Gem teksterne' }).click();
    await page.getByText('Skriv en kommentar til det mål, der ikke blev nået: Koncept for opsøgende dialog udviklet').first().waitFor();
    await page.getByText('Skriv en kommentar til det mål, der ikke blev nået: Oplæg for SSP lokaludvalg og behandlingspsykiatrien').first().waitFor();
    await expectAccessible(page, 'report texts with errors');
    await page.getByLabel('Kommentar (målet er ikke nået): Oplæg for SSP lokaludvalg og behandlingspsykiatrien')
      .fill('Behandlingspsykiatrien har endnu ikke haft plads i sin mødeplan.');
    await page.getByLabel('Kommentar (målet er ikke nået): Koncept for opsøgende dialog udviklet').fill('Konceptet forelægges udvalget i foråret.');
    await page.getByRole('button', { name: 'Gem teksterne' }).click();
    await page.getByText('Teksterne er gemt som version 1.').waitFor();
    await page.getByText('Version 1 (1 gemt version).').waitFor();

    // The report: generated on the server, then all three files.
    await page.getByRole('button', { name: 'Hent årsrapport' }).click();
    const pdfButton = page.getByRole('button', { name: `Download PDF (${year})` });
    await pdfButton.waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'report of the new plan');
    const pdf = await downloaded(page, () => pdfButton.click());
    const xlsx = await downloaded(page, () => page.getByRole('button', { name: `Download Excel (${year})` }).click());
    const docx = await downloaded(page, () => page.getByRole('button', { name: `Download Word (${year})` }).click());
    expect([pdf.name, xlsx.name, docx.name]).toEqual([`aarsrapport-${year}.pdf`, `aarsrapport-${year}.xlsx`, `aarsrapport-${year}.docx`]);

    const pdfWords = await pdfText(pdf.bytes);
    for (const s of [missed, foreword, 'Økonomiudvalget', 'Handleplan for forebyggelse (e2e)']) expect(pdfWords, s).toContain(s);
    const cells = await xlsxCells(xlsx.bytes);
    // The comment sits in the indicator sheet beside its target; the foreword on the texts sheet.
    expect(cells.get('Indikatorer'), 'indicator sheet').toContain(missed);
    expect([...cells.values()].flat()).toEqual(expect.arrayContaining([foreword, 'Økonomiudvalget']));
    const words = docxText(docx.bytes);
    for (const s of [missed, foreword, 'Til: Økonomiudvalget']) expect(words, s).toContain(s);

    await expectNoBrowserStorage(page);
    expect(tab.problems).toEqual([]);
  }, 180_000);
});
