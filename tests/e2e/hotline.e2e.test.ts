import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { ensureUnitInTrx, insertUserInTrx } from '../../src/server/modules/users/index.ts';
import { runTaskRulesOnce } from '../../src/server/modules/tasks/index.ts';
import {
  browserSignIn, expectAccessible, expectNoBrowserStorage, expectNoPersonalDataInUrls, launchChromium, openTab, openWithReason, type Tab, type TestServer,
} from './support.ts';

/**
 * Municipalities together, through the browser (docs/domain.md, "The shared hotline", "Already known elsewhere",
 * "Transfers"). An Aarhus adviser records a call on the shared hotline about a citizen of Copenhagen, asks whether the
 * person is known elsewhere (not yet) and forwards the call: the concern is registered in Copenhagen, whose
 * coordinator finds it with a task; asked again, the person is now "known in Copenhagen" and nothing more. Then the
 * Copenhagen coordinator requests the transfer of a case to Aarhus from the case page, and the Aarhus coordinator
 * accepts it: Copenhagen no longer reaches the case. Every state passes axe; nothing is stored in the browser and no
 * personal data travels in a URL.
 */
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];
const PASSWORD = 'correct-horse-battery-staple';
let aarhus: string;
let caseId: string;
const CITIZEN = { name: 'Hotline Borgersen', cpr: '140305-1236' };

beforeAll(async () => {
  server = await startTestServer();
  const db = server.ctx.db;
  const now = server.ctx.clock.now();
  aarhus = await systemTransaction(db, (tx) => ensureUnitInTrx(tx, { name: 'Aarhus Kommune', municipalityCode: '751', policeDistrictId: 2 }));
  await systemTransaction(db, async (tx) => {
    const hl = await tx.query<{ id: string }>(`INSERT INTO hotlines (name) VALUES ('Den nationale hotline') RETURNING id`);
    await tx.query('INSERT INTO hotline_members (hotline_id, unit_id) VALUES ($1, $2), ($1, $3)', [hl.rows[0]!.id, server.unitId, aarhus]);
    await insertUserInTrx(tx, { username: 'aarhus.raad', password: PASSWORD, role: 'adviser', displayName: 'Aarhus Rådgiver', unitId: aarhus }, now);
    await insertUserInTrx(tx, { username: 'aarhus.koord', password: PASSWORD, role: 'coordinator', displayName: 'Aarhus Koordinator', unitId: aarhus }, now);
    await insertUserInTrx(tx, { username: 'aarhus.leder', password: PASSWORD, role: 'manager', displayName: 'Aarhus Leder', unitId: aarhus }, now);
  });
  await server.createUser({ username: 'kbh.koord', password: PASSWORD, role: 'coordinator', displayName: 'KBH Koordinator' });
  caseId = await systemTransaction(db, async (tx) => {
    const p = await tx.query<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Flytter Testesen', 'unknown', $2, $2) RETURNING id`, [server.unitId, now]);
    const c = await tx.query<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Flyttesag', $3, $3) RETURNING id`, [server.unitId, p.rows[0]!.id, now]);
    return c.rows[0]!.id;
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await server?.close();
});

const signedIn = new Map<string, Tab>();
/** One signed-in tab per user (browserSignIn enrols the second factor, which happens once per user). */
async function tabFor(username: string): Promise<Tab> {
  const known = signedIn.get(username);
  if (known) return known;
  const tab = await openTab(browser);
  tabs.push(tab);
  await browserSignIn(server, tab.context, username, PASSWORD);
  signedIn.set(username, tab);
  return tab;
}

describe('the shared hotline, the already-known question and the transfer', () => {
  it('an Aarhus adviser forwards a hotline call about a Copenhagen citizen; Copenhagen gets the concern and a task', async () => {
    const a = await tabFor('aarhus.raad');
    const page = a.page;
    await page.goto(`${server.url}/opkald/ny`);
    await page.getByRole('heading', { level: 1, name: 'Nyt opkald' }).waitFor();
    await page.getByLabel('Kanal').selectOption('national_hotline');
    await page.locator('#call-topic').fill('Lærer i København bekymret for en elev');
    await page.locator('#call-citizen-municipality').fill('101');
    await page.getByLabel('Videresendt som bekymringshenvendelse').check();
    await expectAccessible(page, 'hotline call form');
    await page.getByRole('button', { name: 'Gem og videresend som henvendelse' }).click();

    await page.getByRole('heading', { level: 1, name: 'Videresend opkald som henvendelse' }).waitFor();
    await page.locator('#search-name').fill(CITIZEN.name);
    await page.locator('#search-cpr').fill(CITIZEN.cpr);
    await page.getByRole('button', { name: 'Søg efter personen' }).click();
    await page.getByRole('heading', { level: 2, name: '2. Henvendelsen' }).waitFor();

    // Is the person known in another unit? Not yet.
    await page.getByRole('heading', { name: 'Er personen kendt i en anden enhed?' }).waitFor();
    await page.getByRole('button', { name: 'Spørg om personen er kendt andetsteds' }).click();
    await page.getByText('Personen er ikke kendt med en åben sag eller henvendelse i en anden enhed').waitFor();
    await expectAccessible(page, 'intake, not known elsewhere');

    // The concern goes to the citizen's municipality, with the legal basis.
    await page.getByLabel('I borgerens kommune (kommunekode 101)').check();
    await page.locator('#behaviour-threats').check();
    await page.locator('#behaviour-description').fill('Har truet en klassekammerat og vist billeder af våben i frikvarteret.');
    await page.locator('#reporter-sector').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Registrér henvendelsen' }).click();
    await page.getByText('Skriv hjemlen for at sende opkaldet videre').first().waitFor();
    await page.locator('#hotline-legal-basis').fill('serviceloven § 11, stk. 2');
    await expectAccessible(page, 'intake, forward to the citizen\'s municipality');
    await page.getByRole('button', { name: 'Registrér henvendelsen' }).click();
    await page.getByText('Henvendelsen er sendt til borgerens kommune.').waitFor();
    await expectAccessible(page, 'forwarded across');

    // Aarhus keeps the call, marked as sent to another unit; it cannot open the concern.
    await page.getByRole('link', { name: 'Til opkaldene' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('main').innerText()).toContain('Sendt til en anden enhed');
    await expectAccessible(page, 'calls list with the forwarded call');
    await expectNoBrowserStorage(page);

    // The Copenhagen coordinator finds the task and the concern.
    await runTaskRulesOnce(server.ctx);
    const k = await tabFor('kbh.koord');
    await k.page.goto(`${server.url}/opgaver`);
    await k.page.getByRole('link', { name: /Ny bekymring videresendt fra den fælles hotline/ }).first().waitFor();
    await expectAccessible(k.page, 'copenhagen today with the hotline task');
    await k.page.goto(`${server.url}/henvendelser`);
    await k.page.getByRole('table').getByRole('link').first().waitFor();
    await k.page.getByRole('table').getByRole('link').first().click();
    await expect.poll(() => k.page.getByRole('main').innerText()).toContain(CITIZEN.name);
    await expectAccessible(k.page, 'the forwarded concern in copenhagen');

    // Asked again from Aarhus, the person is known in Copenhagen: the unit and whom to contact, nothing more.
    await page.goto(`${server.url}/henvendelser/ny`);
    await page.locator('#search-cpr').fill(CITIZEN.cpr);
    await page.getByRole('button', { name: 'Søg efter personen' }).click();
    await page.getByRole('button', { name: 'Spørg om personen er kendt andetsteds' }).click();
    await page.getByText('Personen er kendt i VINK København. Kontakt enhedens koordinator.').waitFor();
    const answer = await page.getByRole('main').innerText();
    expect(answer).toContain('KBH Koordinator');
    expect(answer).not.toContain('truet en klassekammerat');
    await expectAccessible(page, 'intake, known in copenhagen');
    expectNoPersonalDataInUrls(a, [CITIZEN.cpr, CITIZEN.cpr.replace('-', ''), CITIZEN.name]);
  });

  it('a hotline call about a municipality without VINK records where it was referred', async () => {
    const { page } = await tabFor('aarhus.raad');
    await page.goto(`${server.url}/opkald/ny`);
    await page.getByRole('heading', { level: 1, name: 'Nyt opkald' }).waitFor();
    await page.getByLabel('Kanal').selectOption('national_hotline');
    await page.locator('#call-topic').fill('Forælder i Horsens spørger om radikalisering');
    await page.locator('#call-citizen-municipality').fill('615');
    await page.getByRole('button', { name: 'Gem opkald' }).click();
    await page.getByText(/Opkaldet fra .* er gemt/).first().waitFor();
    await page.goto(`${server.url}/opkald`);
    await page.getByRole('link', { name: 'Registrér henvisning' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Registrér henvisning' }).waitFor();
    await page.getByRole('button', { name: 'Registrér henvisningen' }).click();
    await page.getByText('Skriv hvem opkaldet er henvist til.').first().waitFor();
    await expectAccessible(page, 'referral form, errors');
    await page.getByLabel('Henvist til').fill('Horsens Kommune, SSP');
    await page.getByLabel('Hvordan').selectOption('secure_mail');
    await page.getByRole('button', { name: 'Registrér henvisningen' }).click();
    await page.getByText('Opkaldet er henvist til Horsens Kommune, SSP', { exact: false }).waitFor();
    await expectAccessible(page, 'referral recorded');
    await page.getByRole('link', { name: 'Til opkaldene' }).click();
    await expect.poll(() => page.getByRole('main').innerText()).toContain('Henvist til Horsens Kommune, SSP');
  });

  it('the Copenhagen coordinator requests a transfer from the case page; Aarhus accepts; Copenhagen loses the case', async () => {
    const k = await tabFor('kbh.koord');
    await openWithReason(k.page, `${server.url}/sager/${caseId}`);
    await k.page.getByRole('heading', { level: 2, name: 'Overførsel til en anden kommune' }).waitFor();
    await k.page.getByRole('button', { name: 'Anmod om overførsel' }).click();
    await k.page.getByRole('button', { name: 'Send anmodningen' }).click();
    await k.page.getByText('Vælg den enhed, der skal modtage.').first().waitFor();
    await expectAccessible(k.page, 'transfer request, errors');
    await k.page.getByLabel('Til enhed').selectOption({ label: 'Aarhus Kommune' });
    await k.page.locator('#transfer-legal-basis').fill('serviceloven § 152, borgeren er flyttet');
    await k.page.getByRole('button', { name: 'Send anmodningen' }).click();
    await k.page.getByText('Anmodningen om overførsel er sendt.').waitFor();
    await expectAccessible(k.page, 'transfer requested');

    const a = await tabFor('aarhus.koord');
    await a.page.goto(`${server.url}/overdragelser`);
    await a.page.getByRole('row', { name: /Sag Til jeres enhed .*serviceloven § 152, borgeren er flyttet Anmodet/ }).waitFor();
    await a.page.getByRole('button', { name: 'Modtag', exact: true }).click();
    await a.page.getByText('Overdragelsen er modtaget.', { exact: false }).waitFor();
    await expectAccessible(a.page, 'transfer accepted in aarhus');
    await expectNoBrowserStorage(a.page);

    const res = await k.context.request.get(`${server.url}/api/v1/cases/${caseId}`, { headers: { 'x-vink-reason': 'test' } });
    expect(res.status()).toBe(404);
  });

  it('an Aarhus manager switches the question off; the Aarhus adviser is no longer offered it', async () => {
    const m = await tabFor('aarhus.leder');
    await m.page.goto(`${server.url}/`);
    await m.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kendt i andre enheder' }).click();
    await m.page.getByRole('heading', { level: 1, name: 'Kendt i andre enheder' }).waitFor();
    await expectAccessible(m.page, 'known-persons setting');
    await m.page.getByLabel('Vores enhed deltager').uncheck();
    await m.page.getByLabel('Kontakt til koordinatorerne').fill('vink@aarhus.example');
    await m.page.getByRole('button', { name: 'Gem indstillingen' }).click();
    await m.page.getByText('Indstillingen er gemt.').waitFor();
    await expectAccessible(m.page, 'known-persons setting saved');

    const { page } = await tabFor('aarhus.raad');
    await page.goto(`${server.url}/henvendelser/ny`);
    await page.locator('#search-cpr').fill(CITIZEN.cpr);
    await page.getByRole('button', { name: 'Søg efter personen' }).click();
    await page.getByText('Din enhed har slået spørgsmålet om kendte personer i andre enheder fra.').waitFor();
    expect(await page.getByRole('button', { name: 'Spørg om personen er kendt andetsteds' }).count()).toBe(0);
    await expectAccessible(page, 'intake with the question switched off');
  });
});
