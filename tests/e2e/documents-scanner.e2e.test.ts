import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { PDF } from '../helpers/documents.ts';
import { EICAR, startClamd } from '../helpers/clamd.ts';
import * as kit from './support.ts';
import { expectAccessible, type TestServer } from './support.ts';

/**
 * The malware scanner in the browser (docs/security.md, "Documents"): with clamd configured (a real clamd started by
 * this test, with a local signature file for the EICAR test file), a coordinator's upload of the EICAR file on a
 * concern page is refused with the scanner's finding, nothing is stored and the refusal is audited; a clean PDF is
 * then stored and marked as scanned. axe finds nothing on the page with the refusal shown.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

let server: TestServer;
let browser: Browser;
let clamd: Awaited<ReturnType<typeof startClamd>>;
let concernId: string;

const sql = async (text: string, params: unknown[] = []) => (await systemTransaction(server.ctx.db, (tx) => tx.query<Record<string, unknown>>(text, params))).rows;

beforeAll(async () => {
  clamd = await startClamd();
  server = await startTestServer({ env: { CLAMD_SOCKET: clamd.socket } });
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  await server.createUser({ username: 'svea.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Svea Tovholder' });
  const api = await kit.apiAs(server, 'sara.tovholder', PASSWORD);
  const concern = await api('POST', '/concerns', {
    receivedAt: new Date().toISOString(), channel: 'professional',
    reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
    person: { fullName: 'Viggo Virussen', birthDate: '2001-02-03' }, ideologyArea: 'right_wing', severity: 'medium',
    behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
  });
  expect(concern.status).toBe(201);
  concernId = concern.body.id;
  browser = await kit.launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await clamd?.stop();
});

describe('documents with the malware scanner configured', () => {
  it('refuses the EICAR file (audited, nothing stored) and accepts a clean PDF as scanned', async () => {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    await kit.browserSignIn(server, context, 'svea.tovholder', PASSWORD);
    const page = await context.newPage();
    await page.goto(`${server.url}/henvendelser/${concernId}`);
    await page.getByRole('heading', { level: 2, name: 'Dokumenter' }).waitFor();
    await page.getByText('Ingen dokumenter.').waitFor();

    const denied = async () => Number((await sql(`SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND criterion LIKE 'malware:%'`))[0]!.n);
    expect(await denied()).toBe(0);
    await page.getByLabel('Fil', { exact: true }).setInputFiles({ name: 'eicar.pdf', mimeType: 'application/pdf', buffer: EICAR });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    // clamd names the finding by the signature (an unofficial database adds ".UNOFFICIAL").
    await page.getByText(/^Filen blev afvist af malware-scanneren \(Eicar-Test-Signature[^)]*\)\. Den er ikke gemt\.$/).waitFor();
    expect(await denied()).toBe(1);
    expect(await sql('SELECT count(*)::int AS n FROM documents')).toEqual([{ n: 0 }]);
    expect(await page.getByText('Ingen dokumenter.').count()).toBe(1);
    await kit.screenshot(page, 'documents-eicar-refused');
    await expectAccessible(page, 'concern page with the malware refusal');

    await page.getByLabel('Fil', { exact: true }).setInputFiles({ name: 'ren.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('Dokumentets titel (valgfri)').fill('Rent brev');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Dokumentet er uploadet.').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Rent brev' }).waitFor();
    await page.getByText('Scannet for malware', { exact: false }).waitFor();
    expect(await sql('SELECT count(*)::int AS n FROM documents')).toEqual([{ n: 1 }]);
    await context.close();
  }, 120_000);
});
