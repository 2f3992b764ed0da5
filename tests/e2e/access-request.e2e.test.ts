import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, openTab, screenshot, type TestServer } from './support.ts';

/**
 * The DPO answers a citizen's access request (GDPR Art. 15; docs/security.md, "Access requests"): she registers the
 * request, finds the citizen by name (sent by POST, never in a URL), sees what is held and who looked, and downloads
 * the PDF for the citizen. The test reads the PDF's text: it lists the look-ups with date, role and purpose, and it
 * names none of the staff who looked the citizen up (CJEU C-579/21). Every page passes axe (WCAG 2.1 AA).
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const PERSON = { fullName: 'Mads Prøvesen', birthDate: '2001-02-03' };
const STAFF = ['Karin Koordinatorsen', 'Anton Andersen', 'Dorthe Databeskytter'];

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'karin.k', password: PASSWORD, role: 'coordinator', displayName: STAFF[0] });
  await server.createUser({ username: 'anton.a', password: PASSWORD, role: 'adviser', displayName: STAFF[1] });
  await server.createUser({ username: 'dorthe.d', password: PASSWORD, role: 'dpo', displayName: STAFF[2] });
  const coordinator = await kit.apiAs(server, 'karin.k', PASSWORD);
  const adviser = await kit.apiAs(server, 'anton.a', PASSWORD);
  const me = await adviser('GET', '/auth/me');
  const person = await coordinator('POST', '/persons', PERSON);
  expect(person.status).toBe(201);
  const created = await coordinator('POST', '/cases', { personId: person.body.id, title: 'Borgersag 2026-201', ownerId: me.body.user.id });
  expect(created.status).toBe(201);
  // The look-ups the citizen will learn about: the adviser (the case owner) reads the person and the case.
  expect((await adviser('GET', `/persons/${person.body.id}`)).status).toBe(200);
  expect((await adviser('GET', `/cases/${created.body.id}`)).status).toBe(200);
  browser = await kit.launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an access request', () => {
  it('the DPO registers it, finds the person by name and downloads a PDF with the look-ups and no staff names', async () => {
    const tab = await openTab(browser);
    const { page } = tab;
    await kit.browserSignIn(server, tab.context, 'dorthe.d', PASSWORD);
    await page.goto(`${server.url}/dpo/indsigt`);
    await page.getByRole('heading', { level: 1, name: 'Indsigtsanmodninger' }).waitFor();
    await expectAccessible(page, 'access requests');

    await page.getByLabel('Sådan er identiteten kontrolleret').fill('MitID ved personligt fremmøde');
    await page.getByRole('button', { name: 'Registrér anmodningen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Indsigtsanmodning' }).waitFor();
    await expect.poll(() => page.getByText('Registreret').count()).toBeGreaterThan(0);

    await page.getByLabel('Navn').fill(PERSON.fullName);
    await page.getByRole('button', { name: 'Søg efter borgeren' }).click();
    await expect.poll(() => page.getByText('1 borger fundet.').count()).toBe(1);
    await expectAccessible(page, 'access request, person found');
    await page.getByRole('button', { name: `Vælg ${PERSON.fullName}` }).click();
    await expect.poll(() => page.getByText('Borgeren er valgt, og der er lagt retslig tilbageholdelse på oplysningerne.').count()).toBe(1);
    const lookups = page.getByRole('table', { name: /Opslag og afviste forsøg/ });
    await expect.poll(() => lookups.getByRole('row').count()).toBeGreaterThan(2);
    await expect.poll(async () => (await lookups.innerText()).includes('Rådgiver')).toBe(true);
    await screenshot(page, 'access-request');
    await expectAccessible(page, 'access request, compiled');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('indsigt.pdf');
    const pdf = await readFile((await download.path())!);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf) }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text += content.items.map((x) => ('str' in x ? x.str : '')).join(' ') + '\n';
    }
    await doc.cleanup();
    expect(text).toContain('Indsigt i dine oplysninger');
    expect(text).toContain(PERSON.fullName);
    // The look-ups: with date, role and purpose.
    expect(text).toContain('Hvem har slået dine oplysninger op');
    expect(text).toContain('Rådgiver');
    expect(text).toContain('Sagsbehandling');
    expect(text).toMatch(new RegExp(`\\d{1,2}\\. \\p{L}+ ${new Date().getFullYear()}`, 'u'));
    // No staff name, not even in part.
    for (const name of STAFF) {
      expect(text).not.toContain(name);
      expect(text).not.toContain(name.split(' ')[1]!);
    }

    await expectNoBrowserStorage(page);
    kit.expectNoPersonalDataInUrls(tab, [PERSON.fullName, 'Prøvesen', encodeURIComponent('Prøvesen'), PERSON.birthDate]);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  }, 180_000);
});
