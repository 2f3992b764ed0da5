import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { PDF } from '../helpers/documents.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, screenshot, type TestServer } from './support.ts';

/**
 * A coordinator uploads the school's letter to a concern with the file input, downloads it (the download is audited),
 * and the partner the concern was shared with is refused the document until the coordinator marks it shared. axe
 * finds nothing on the page with and without documents, nothing lands in browser storage, and the file name never
 * appears in a URL the browser asked for.
 */

const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const FILE_NAME = 'Skolens brev om Dorthe Dokumentsen.pdf';

let server: TestServer;
let browser: Browser;
let concernId: string;
const urls: string[] = [];
const problems: string[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return page;
}

const sql = async (text: string, params: unknown[] = []) => (await systemTransaction(server.ctx.db, (tx) => tx.query<Record<string, unknown>>(text, params))).rows;

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  await server.createUser({ username: 'tove.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tove Tovholder' });
  const partner = await server.createUser({ username: 'palle.partner', password: PASSWORD, role: 'partner', displayName: 'Palle Partner' });
  const api = await kit.apiAs(server, 'sara.tovholder', PASSWORD);
  const concern = await api('POST', '/concerns', {
    receivedAt: new Date().toISOString(), channel: 'professional',
    reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
    person: { fullName: 'Dorthe Dokumentsen', birthDate: '2001-02-03' }, ideologyArea: 'right_wing', severity: 'medium',
    behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
  });
  expect(concern.status).toBe(201);
  concernId = concern.body.id;
  const share = await api('POST', `/concerns/${concernId}/share`, { version: concern.body.version, userId: partner.id, legalBasis: 'retsplejeloven_115' });
  expect(share.status).toBe(200);
  browser = await kit.launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('documents on a concern', () => {
  it('uploads, downloads (audited) and refuses the partner until shared', async () => {
    const coordinatorContext = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', acceptDownloads: true });
    await kit.browserSignIn(server, coordinatorContext, 'tove.tovholder', PASSWORD);
    const page = await newPage(coordinatorContext);
    await page.goto(`${server.url}/henvendelser/${concernId}`);
    await page.getByRole('heading', { level: 2, name: 'Dokumenter' }).waitFor();
    await page.getByText('Ingen dokumenter.').waitFor();
    await expectAccessible(page, 'concern page without documents');

    // A text file with a .pdf name is refused: the type comes from the content.
    await page.getByLabel('Fil', { exact: true }).setInputFiles({ name: 'falsk.pdf', mimeType: 'application/pdf', buffer: Buffer.from('bare tekst, ikke en PDF') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Filtypen kan ikke modtages.', { exact: false }).waitFor();

    await page.getByLabel('Fil', { exact: true }).setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('Dokumentets titel (valgfri)').fill('Skolens brev');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Dokumentet er uploadet.').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Skolens brev' }).waitFor();
    await page.getByText('Ikke delt').waitFor();
    await expectAccessible(page, 'concern page with a document');
    await screenshot(page, 'documents-concern');

    const before = Number((await sql(`SELECT count(*)::int AS n FROM audit_log WHERE record_type = 'document' AND action = 'read' AND outcome = 'ok'`))[0]!.n);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Hent Skolens brev' }).click()]);
    expect(download.suggestedFilename()).toBe(FILE_NAME);
    expect(readFileSync((await download.path())!).equals(PDF)).toBe(true);
    const after = Number((await sql(`SELECT count(*)::int AS n FROM audit_log WHERE record_type = 'document' AND action = 'read' AND outcome = 'ok'`))[0]!.n);
    expect(after).toBe(before + 1);

    // The partner reaches the concern but not the unshared document.
    const partnerContext = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', acceptDownloads: true });
    await kit.browserSignIn(server, partnerContext, 'palle.partner', PASSWORD);
    const partnerPage = await newPage(partnerContext);
    await partnerPage.goto(`${server.url}/henvendelser/${concernId}`);
    await partnerPage.getByRole('heading', { level: 2, name: 'Dokumenter' }).waitFor();
    await partnerPage.getByText('Ingen dokumenter.').waitFor();
    expect(await partnerPage.getByRole('button', { name: 'Upload', exact: true }).count()).toBe(0);
    const [doc] = await sql('SELECT id FROM documents WHERE concern_id = $1', [concernId]);
    const refused = await partnerContext.request.get(`${server.url}/api/v1/documents/${doc!.id as string}/content`);
    expect(refused.status()).toBe(404);
    await expectAccessible(partnerPage, 'concern page seen by the partner');

    // The coordinator shares it; now the partner sees and downloads it.
    await page.getByRole('button', { name: 'Del Skolens brev med samarbejdspartnere' }).click();
    await page.getByText('Dokumentet er delt med samarbejdspartnere.').waitFor();
    await page.getByRole('button', { name: 'Stop deling af Skolens brev' }).waitFor();
    await partnerPage.reload();
    await partnerPage.getByRole('heading', { level: 3, name: 'Skolens brev' }).waitFor();
    const [partnerDownload] = await Promise.all([partnerPage.waitForEvent('download'), partnerPage.getByRole('link', { name: 'Hent Skolens brev' }).click()]);
    expect(readFileSync((await partnerDownload.path())!).equals(PDF)).toBe(true);
    expect(await partnerPage.getByRole('button', { name: /Del Skolens brev|Stop deling/ }).count()).toBe(0);

    await expectNoBrowserStorage(page);
    await expectNoBrowserStorage(partnerPage);
    const leaks = urls.filter((u) => decodeURIComponent(u).includes('Dorthe') || decodeURIComponent(u).includes('Skolens'));
    expect(leaks).toEqual([]);
    expect(problems).toEqual([]);
    await coordinatorContext.close();
    await partnerContext.close();
  }, 120_000);
});
