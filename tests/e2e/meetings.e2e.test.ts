import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, screenshot, type TestServer } from './support.ts';

/**
 * A coordinator plans an Infohus meeting with participants picked from the directory, the agenda fills from the
 * concerns awaiting assessment, three decisions are made in one sitting (one disclosed to the police on
 * retsplejeloven § 115, one to the Prison and Probation Service on consent, one not at all), and the minutes PDF
 * for the police holds only the police's item, checked from the PDF text. axe finds nothing on either page.
 */

const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const NAMES = ['Anders Agendasen', 'Bente Beslutningsen', 'Carl Casussen'];

let server: TestServer;
let browser: Browser;
const urls: string[] = [];
const problems: string[] = [];

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  await server.createUser({ username: 'tove.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tove Tovholder' });
  const police = await server.createUser({ username: 'pia.politi', password: PASSWORD, role: 'police_liaison', displayName: 'Pia Politi' });
  const partner = await server.createUser({ username: 'palle.partner', password: PASSWORD, role: 'partner', displayName: 'Palle Partner' });
  await systemTransaction(server.ctx.db, async (tx) => {
    await tx.query(`UPDATE users SET organisation = 'Københavns Politi' WHERE id = $1`, [police.id]);
    await tx.query(`UPDATE users SET organisation = 'Kriminalforsorgen' WHERE id = $1`, [partner.id]);
  });
  const api = await kit.apiAs(server, 'sara.tovholder', PASSWORD);
  for (const [i, name] of NAMES.entries()) {
    const c = await api('POST', '/concerns', {
      receivedAt: new Date(Date.now() - (10 - i) * 60_000).toISOString(), channel: 'professional',
      reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
      person: { fullName: name, birthDate: '2001-02-03' }, ideologyArea: 'right_wing', severity: 'medium',
      behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
    });
    expect(c.status).toBe(201);
    const pc = await api('POST', `/concerns/${c.body.id}/police-check`, { version: c.body.version, outcome: 'clear' });
    expect(pc.status).toBe(200);
  }
  browser = await kit.launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function decide(page: Page, n: number, o: { decision: string; reasoning: string; authority: string; discloseTo?: string; basis?: string }) {
  const form = page.getByRole('form', { name: `Afgørelse på punkt ${n}` });
  await form.getByLabel(o.decision, { exact: true }).check();
  await form.getByLabel('Begrundelse').fill(o.reasoning);
  await form.getByLabel('Myndighed med opfølgningen').fill(o.authority);
  if (o.discloseTo) {
    await form.getByLabel('Videregiv til').selectOption(o.discloseTo);
    await form.getByLabel('Hjemmel').selectOption({ label: o.basis! });
    await form.getByLabel('Hvad videregives').fill('Bekymringen og Infohus-vurderingen');
  }
  await form.getByRole('button', { name: `Gem afgørelse på punkt ${n}` }).click();
  await page.getByRole('form', { name: `Afgørelse på punkt ${n}` }).waitFor({ state: 'detached' });
}

describe('the Infohus meeting', () => {
  it('plans a meeting, fills the agenda from the waiting concerns, decides three items in one sitting, and the police minutes hold only the police item', async () => {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', acceptDownloads: true });
    await kit.browserSignIn(server, context, 'tove.tovholder', PASSWORD);
    const page = await context.newPage();
    page.on('request', (r) => urls.push(r.url()));
    page.on('framenavigated', (f) => urls.push(f.url()));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}/infohus`);
    await page.getByRole('heading', { level: 1, name: 'Infohus-møder' }).waitFor();
    await page.getByText('Ingen møder.').waitFor();
    await page.getByLabel(/^Pia Politi/).waitFor();
    await expectAccessible(page, 'Infohus calendar');

    await page.getByLabel('Dato', { exact: true }).fill(today);
    await page.getByLabel('Sted', { exact: true }).fill('Politigården, mødelokale 3');
    for (const who of [/^Tove Tovholder/, /^Pia Politi/, /^Palle Partner/]) await page.getByLabel(who).check();
    await page.getByRole('button', { name: 'Planlæg møde' }).click();
    await page.getByRole('heading', { level: 1, name: /^Infohus-møde / }).waitFor();
    for (const [i, name] of NAMES.entries()) await page.getByRole('heading', { level: 3, name: `Punkt ${i + 1}: bekymring om ${name}` }).waitFor();
    await expectAccessible(page, 'meeting with its agenda');
    await screenshot(page, 'meeting-agenda');

    await decide(page, 1, { decision: 'Begrundet', reasoning: 'Konkrete trusler mod en klassekammerat.', authority: 'Københavns Politi', discloseTo: 'Københavns Politi', basis: 'Retsplejeloven § 115' });
    await decide(page, 2, { decision: 'Ubegrundet', reasoning: 'Ingen konkret risiko.', authority: 'Kommunen' });
    await decide(page, 3, { decision: 'Begrundet', reasoning: 'Mentorforløb anbefales.', authority: 'Kommunen (SSP)', discloseTo: 'Kriminalforsorgen', basis: 'Serviceloven' });
    expect(await page.getByText('Ikke behandlet endnu.').count()).toBe(0);
    await expectAccessible(page, 'meeting after three decisions');

    await page.getByLabel('Modtager').selectOption('Københavns Politi');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent referat (PDF)' }).click()]);
    const text = await pdfText(readFileSync((await download.path())!));
    expect(text).toContain('Referat af Infohus-møde');
    expect(text).toContain(NAMES[0]);
    expect(text).toContain('Konkrete trusler mod en klassekammerat.');
    expect(text).not.toContain(NAMES[1]);
    expect(text).not.toContain(NAMES[2]);
    expect(text).not.toContain('Mentorforløb anbefales.');

    const statuses = await systemTransaction(server.ctx.db, (tx) => tx.query<{ status: string }>(
      `SELECT k.status FROM concerns k JOIN persons p ON p.id = k.person_id ORDER BY k.received_at`));
    expect(statuses.rows.map((r) => r.status)).toEqual(['justified', 'unfounded', 'justified']);

    await expectNoBrowserStorage(page);
    const leaks = urls.filter((u) => NAMES.some((n) => decodeURIComponent(u).includes(n.split(' ')[0]!)) || decodeURIComponent(u).includes('Politi'));
    expect(leaks).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
