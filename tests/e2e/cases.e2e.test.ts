import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, screenshot, type TestServer } from './support.ts';

/**
 * First, a coordinator registers a person and opens a case for them (through the API, as intake would). She opens the
 * case page: the CPR number is masked until she asks to see it, the assessment chart has the same data as a table,
 * she adds a note under the duty to record and makes a voluntary offer. She finds the case again by searching for
 * the CPR number, which never reaches a URL. Then two colleagues edit the same case at once: the second one is shown
 * "theirs vs yours" and merges field by field; nothing is overwritten unseen. Every page passes axe (WCAG 2.1 AA),
 * leaves nothing in browser storage, and no name or CPR number appears in any URL the browser requested.
 * Last, a coordinator starts a mentor course on an accepted offer with a mentor picked from the staff directory, ends
 * it, sees each status change in the timeline, and adds the police liaison to the case on a legal basis.
 */

const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const PERSON = { fullName: 'Aksel Prøvesen Testmand', cpr: '150312-5123' };

let server: TestServer;
let browser: Browser;
let caseId: string;
/** The API client of the colleague who set the scene; also used to check what was saved. */
let setup: Awaited<ReturnType<typeof apiAs>>;
const apiAs = (username: string) => kit.apiAs(server, username, PASSWORD);
const browserSignIn = (context: BrowserContext, username: string) => kit.browserSignIn(server, context, username, PASSWORD);
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

/**
 * Break the glass (docs/security.md): a coordinator who is not on the case (or linked to the person) is asked for a
 * short reason before it opens. The dialog must itself pass axe.
 */
let dialogChecked = false;
async function giveReason(page: Page, reason = 'Tovholder for enheden'): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Begrund dit opslag' });
  await dialog.waitFor();
  if (!dialogChecked) await expectAccessible(page, 'break-the-glass dialog');
  dialogChecked = true;
  await dialog.getByLabel('Begrundelse').fill(reason);
  await dialog.getByRole('button', { name: 'Åbn med begrundelse' }).click();
}

/** Nothing personal in any URL: not the name, not the CPR number (nor its serial part). */
function expectNoPersonalDataInUrls(): void {
  const personal = [PERSON.fullName, ...PERSON.fullName.split(' '), PERSON.cpr, PERSON.cpr.replace('-', ''), PERSON.cpr.slice(7)];
  const leaks = urls.filter((u) => {
    const decoded = decodeURIComponent(u);
    return personal.some((p) => decoded.includes(p) || u.includes(encodeURIComponent(p)));
  });
  expect(leaks).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'tove.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tove Tovholder' });
  await server.createUser({ username: 'tage.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tage Tovholder' });
  await server.createUser({ username: 'tina.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tina Tovholder' });
  // Each user enrols once; the scene is set by a fourth colleague so the others sign in fresh in the browser.
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  const api = await apiAs('sara.tovholder');
  setup = api;
  const person = await api('POST', '/persons', PERSON);
  expect(person.status).toBe(201);
  const created = await api('POST', '/cases', { personId: person.body.id, title: 'Borgersag 2026-101', preventionLevel: 'yellow' });
  expect(created.status).toBe(201);
  caseId = created.body.id;
  const instrument = await api('GET', '/assessment-instruments/national-v1');
  const rate = (risk: number | null, resources: number | null) =>
    instrument.body.dimensions.map((d: { code: string }, i: number) => ({ dimension: d.code, risk: i === 0 ? risk : 1, resources: i === 0 ? resources : 2 }));
  expect((await api('POST', `/cases/${caseId}/assessments`, { kind: 'start', assessedOn: '2026-05-04', instrumentId: 'national-v1', ratings: rate(3, 1) })).status).toBe(201);
  expect((await api('POST', `/cases/${caseId}/assessments`, { kind: 'six_months', assessedOn: '2026-11-04', instrumentId: 'national-v1', ratings: rate(2, null) })).status).toBe(201);
  // For the course story: a coordinator who signs in fresh, a mentor and a police liaison of the unit.
  await server.createUser({ username: 'tobias.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tobias Tovholder' });
  await server.createUser({ username: 'maja.mentor', password: PASSWORD, role: 'mentor', displayName: 'Maja Mentor' });
  await server.createUser({ username: 'pia.politi', password: PASSWORD, role: 'police_liaison', displayName: 'Pia Politi' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: kit.CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the case page', () => {
  it('lets a coordinator see the person, reveal the CPR number, add a note, make an offer and find the case by search', async () => {
    urls.length = 0;
    problems.length = 0;
    const context = await browser.newContext({ locale: 'da-DK' });
    await browserSignIn(context, 'tove.tovholder');
    const page = await newPage(context);
    await page.goto(`${server.url}/sager/${caseId}`);
    await giveReason(page);
    await page.getByRole('heading', { level: 1, name: 'Borgersag 2026-101' }).waitFor();

    // The person: masked CPR, minor, social-services report duty.
    await expect.poll(() => page.getByTestId('cpr-value').innerText()).toBe('150312-XXXX');
    await expect.poll(() => page.getByText('Borgeren er under 18 år.').count()).toBeGreaterThan(0);

    // Only the allowed steps are offered (an open case may go to offer); closing is a request to a manager.
    const status = page.getByRole('region', { name: 'Status' });
    await expect.poll(() => status.getByRole('button').allInnerTexts()).toEqual(['Skift status til Tilbud']);
    await expect.poll(() => page.getByRole('region', { name: 'Lukning af sagen' }).getByRole('button').allInnerTexts()).toEqual(['Anmod om lukning']);

    // The assessment chart is an image with a text alternative, and the same data is in a table.
    await expect.poll(() => page.getByRole('img', { name: /^Risiko på de ni dimensioner ved 2 vurderinger/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /^Ressourcer på de ni dimensioner/ }).count()).toBe(1);
    const table = page.getByRole('table', { name: 'Vurderinger pr. dimension' });
    await expect.poll(() => table.getByRole('row', { name: /Bekymrende overbevisninger og retorik/ }).innerText()).toMatch(/Høj\s+Lav\s+Moderat\s+Ukendt/);
    await screenshot(page, 'case-page');
    await expectAccessible(page, 'case page');

    // "Vis CPR" shows the full number (an audited look-up) for 30 seconds.
    await page.getByRole('button', { name: 'Vis CPR' }).click();
    await expect.poll(() => page.getByTestId('cpr-value').innerText()).toBe(PERSON.cpr);
    await page.getByRole('button', { name: 'Skjul CPR' }).click();
    await expect.poll(() => page.getByTestId('cpr-value').innerText()).toBe('150312-XXXX');

    // A note under the duty to record appears in the notes and in the timeline.
    await page.getByLabel('Nyt notat').fill('Samtale med skolen; borgeren møder stabilt op.');
    await page.getByRole('button', { name: 'Gem notat' }).click();
    await expect.poll(() => page.getByText('Notatet er gemt.').count()).toBe(1);
    const timeline = page.getByRole('region', { name: 'Forløb på sagen' });
    await expect.poll(() => timeline.getByText('Notat af Tove Tovholder').count()).toBe(1);

    // An offer of a mentor course.
    await page.getByLabel('Tilbud', { exact: true }).selectOption('mentor');
    await page.getByRole('button', { name: 'Registrér tilbud' }).click();
    await expect.poll(() => page.getByText('Tilbuddet er registreret.').count()).toBe(1);
    const offers = page.getByRole('region', { name: 'Tilbud og gentilbud' });
    await expect.poll(() => offers.getByRole('heading', { name: 'Mentorforløb' }).count()).toBe(1);
    await expect.poll(() => timeline.getByText('Tilbud givet: Mentorforløb').count()).toBe(1);
    // The answer buttons follow the offer's status machine.
    await expect.poll(() => offers.getByRole('group').getByRole('button').allInnerTexts()).toEqual(['Takket ja', 'Takket nej', 'Intet svar']);
    await screenshot(page, 'case-page-after');
    await expectAccessible(page, 'case page after note and offer');

    // The header search on any page ("/" focuses it), spelling-tolerant: "Provesen" finds "Prøvesen". The text goes in
    // the POST body only; the result opens the person overview (one request), which links to the case.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('header-search-q');
    await page.keyboard.type('Provesen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Søg efter borger eller sag' }).waitFor();
    await expect.poll(() => page.getByText('1 borger fundet.').count()).toBe(1);
    await screenshot(page, 'search');
    await expectAccessible(page, 'search results');
    // By CPR number on the search page too.
    await page.getByLabel('Navn, CPR-nummer eller fødselsdato', { exact: true }).fill(PERSON.cpr);
    await page.getByRole('main').getByRole('button', { name: 'Søg', exact: true }).click();
    await expect.poll(() => page.getByText('1 borger fundet.').count()).toBe(1);
    await page.getByRole('link', { name: PERSON.fullName }).click();
    await giveReason(page);
    await page.getByRole('heading', { level: 1, name: PERSON.fullName }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/personer\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: 'Sager' }).waitFor();
    await screenshot(page, 'person-overview');
    await expectAccessible(page, 'person overview');
    await page.getByRole('link', { name: /Borgersag 2026-101/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Borgersag 2026-101' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/sager/${caseId}`);

    await expectNoBrowserStorage(page);
    expectNoPersonalDataInUrls();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a conflicting edit as theirs vs yours and lets the user merge field by field', async () => {
    urls.length = 0;
    problems.length = 0;
    const first = await browser.newContext({ locale: 'da-DK' });
    const second = await browser.newContext({ locale: 'da-DK' });
    await browserSignIn(first, 'tina.tovholder');
    await browserSignIn(second, 'tage.tovholder');
    const tina = await newPage(first);
    const tage = await newPage(second);
    for (const page of [tina, tage]) {
      await page.goto(`${server.url}/sager/${caseId}`);
      await giveReason(page);
      await page.getByRole('heading', { level: 1, name: 'Borgersag 2026-101' }).waitFor();
      await page.getByRole('button', { name: 'Rediger sagsoplysninger' }).click();
    }

    // Tina saves first: a new title.
    await tina.getByLabel('Titel', { exact: true }).fill('Borgersag 2026-101 (skole)');
    await tina.getByRole('button', { name: 'Gem ændringer' }).click();
    await expect.poll(() => tina.getByText('Sagsoplysningerne er gemt.').count()).toBe(1);

    // Tage, still on the old version, changes the title too and the prevention level.
    await tage.getByLabel('Titel', { exact: true }).fill('Borgersag 2026-101 (familie)');
    await tage.getByLabel('Forebyggelsesniveau').selectOption('red');
    await tage.getByRole('button', { name: 'Gem ændringer' }).click();
    await tage.getByRole('heading', { name: 'Flet ændringerne' }).waitFor();
    const diff = tage.getByRole('table', { name: 'Deres ændringer og dine ændringer' });
    await expect.poll(() => diff.getByRole('row', { name: /Titel/ }).innerText()).toMatch(/Borgersag 2026-101\s+Borgersag 2026-101 \(skole\)\s+Borgersag 2026-101 \(familie\)\s+Begge har ændret/);
    await expect.poll(() => diff.getByRole('row', { name: /Forebyggelsesniveau/ }).innerText()).toContain('Din ændring bevares');
    // Nothing was saved over Tina's title.
    const api = setup;
    expect((await api('GET', `/cases/${caseId}`)).body.title).toBe('Borgersag 2026-101 (skole)');
    await screenshot(tage, 'case-merge');
    await expectAccessible(tage, 'merge view');

    // Saving without choosing is refused; then Tage keeps his own title.
    await tage.getByRole('button', { name: 'Gem sammenfletningen' }).click();
    await expect.poll(() => tage.getByText('Vælg en værdi for Titel.').count()).toBeGreaterThan(0);
    await tage.getByLabel('Din: Borgersag 2026-101 (familie)').check();
    await tage.getByRole('button', { name: 'Gem sammenfletningen' }).click();
    await expect.poll(() => tage.getByText('Sagsoplysningerne er gemt.').count()).toBe(1);
    await tage.getByRole('heading', { level: 1, name: 'Borgersag 2026-101 (familie)' }).waitFor();
    const merged = (await api('GET', `/cases/${caseId}`)).body;
    expect({ title: merged.title, preventionLevel: merged.preventionLevel }).toEqual({ title: 'Borgersag 2026-101 (familie)', preventionLevel: 'red' });
    await expectAccessible(tage, 'case page after merge');

    await expectNoBrowserStorage(tage);
    expectNoPersonalDataInUrls();
    expect(problems).toEqual([]);
    await first.close();
    await second.close();
  });

  it('starts a course with a mentor from the directory, ends it, shows the status changes and adds the police', async () => {
    urls.length = 0;
    problems.length = 0;
    // The scene: a case with an accepted offer of a mentor course, set up by Sara as intake and the offer would have.
    const api = setup;
    const person = await api('POST', '/persons', { fullName: 'Bodil Forløbsen Testkvinde', cpr: '010190-1234' });
    expect(person.status).toBe(201);
    const created = await api('POST', '/cases', { personId: person.body.id, title: 'Borgersag 2026-202', preventionLevel: 'yellow' });
    expect(created.status).toBe(201);
    const courseCaseId: string = created.body.id;
    const offer = await api('POST', `/cases/${courseCaseId}/offers`, { type: 'mentor', offeredAt: new Date().toISOString() });
    expect(offer.status).toBe(201);
    expect((await api('POST', `/offers/${offer.body.id}/response`, { response: 'accepted', version: offer.body.version })).status).toBe(200);

    const context = await browser.newContext({ locale: 'da-DK' });
    await browserSignIn(context, 'tobias.tovholder');
    const page = await newPage(context);
    await page.goto(`${server.url}/sager/${courseCaseId}`);
    await giveReason(page);
    await page.getByRole('heading', { level: 1, name: 'Borgersag 2026-202' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Forløb på sagen' });
    await expect.poll(() => timeline.innerText()).toContain('Sagen blev oprettet af Sara Tovholder');
    await expect.poll(() => timeline.innerText()).toContain('Status ændret fra Åben til Tilbud af Sara Tovholder');

    // "Start forløb": sending it empty names what is missing, next to each field.
    const courses = page.getByRole('region', { name: 'Forløb og samtaler' });
    await expect.poll(() => courses.innerText()).toContain('Ingen forløb at vise.');
    await courses.getByRole('button', { name: 'Start forløb' }).click();
    await courses.getByRole('button', { name: 'Start forløbet' }).click();
    await expect.poll(() => page.getByLabel('Mentor eller coach').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Type forløb').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'course-start-errors');
    await expectAccessible(page, 'start course with errors');
    // The accepted offer sets the kind; the mentor comes from the directory, which offers mentors only.
    await page.getByLabel('Accepteret tilbud').selectOption({ index: 1 });
    expect(await page.getByLabel('Type forløb').inputValue()).toBe('mentor');
    const mentor = page.getByLabel('Mentor eller coach');
    await expect.poll(() => mentor.locator('option').allInnerTexts()).toEqual(['Vælg …', 'Maja Mentor (Mentor/coach, VINK København)']);
    await mentor.selectOption({ label: 'Maja Mentor (Mentor/coach, VINK København)' });
    await courses.getByRole('button', { name: 'Start forløbet' }).click();
    await expect.poll(() => courses.getByRole('status').innerText()).toContain('Forløbet er startet: Mentorforløb.');
    await expect.poll(() => courses.getByRole('listitem').first().innerText()).toMatch(/Mentor\/coach: Maja Mentor · I gang/);
    await expect.poll(() => page.locator('.vink-case-status').innerText()).toContain('Forløb');
    await expect.poll(() => timeline.innerText()).toContain('Status ændret fra Tilbud til Forløb af Tobias Tovholder');
    await expect.poll(() => timeline.innerText()).toContain('Forløb startet: Mentorforløb');
    // The mentor joined the case as its mentor.
    const members = page.getByRole('table', { name: 'Deltagere og hjemmel' });
    await expect.poll(() => members.getByRole('row', { name: /Maja Mentor/ }).innerText()).toContain('Mentor/coach');
    await screenshot(page, 'course-started');
    await expectAccessible(page, 'course started');

    // "Afslut forløb" with an end date and a reason; the case moves on to follow-up.
    await courses.getByRole('button', { name: /^Afslut forløb/ }).click();
    await courses.getByRole('button', { name: 'Afslut forløbet' }).click();
    const reason = courses.getByLabel('Årsag');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'end course with error');
    await reason.selectOption({ label: 'Gennemført' });
    await courses.getByRole('button', { name: 'Afslut forløbet' }).click();
    await expect.poll(() => courses.getByRole('status').innerText()).toContain('Forløbet er afsluttet: Mentorforløb.');
    await expect.poll(() => courses.getByRole('listitem').first().innerText()).toMatch(/Afsluttet[\s\S]*Gennemført/);
    expect(await courses.getByRole('button', { name: /^Afslut forløb/ }).count()).toBe(0);
    await expect.poll(() => page.locator('.vink-case-status').innerText()).toContain('Opfølgning');
    await expect.poll(() => timeline.innerText()).toContain('Status ændret fra Forløb til Opfølgning af Tobias Tovholder');
    await expect.poll(() => timeline.innerText()).toContain('Forløb afsluttet: Mentorforløb');
    await screenshot(page, 'course-ended');
    await expectAccessible(page, 'course ended');

    // "Tilføj medarbejder eller partner": the police liaison from the directory, on a legal basis.
    const membersRegion = page.getByRole('region', { name: 'Deltagere og hjemmel' });
    await membersRegion.getByRole('button', { name: 'Tilføj medarbejder eller partner' }).click();
    const pick = page.getByLabel('Medarbejder eller partner', { exact: true });
    await expect.poll(() => pick.locator('option').allInnerTexts()).toContain('Pia Politi (Politiets tovholder, VINK København)');
    // Those already on the case are not offered again.
    expect(await pick.locator('option').allInnerTexts()).not.toContain('Maja Mentor (Mentor/coach, VINK København)');
    await pick.selectOption({ label: 'Pia Politi (Politiets tovholder, VINK København)' });
    expect(await page.getByLabel('Rolle på sagen').inputValue()).toBe('police');
    await membersRegion.getByRole('button', { name: 'Tilføj til sagen' }).click();
    const basis = page.getByLabel('Hjemmel for videregivelsen');
    await expect.poll(() => basis.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'add member with error');
    await basis.selectOption('retsplejeloven_115');
    await membersRegion.getByRole('button', { name: 'Tilføj til sagen' }).click();
    await expect.poll(() => membersRegion.getByRole('status').first().innerText()).toContain('Pia Politi er tilføjet sagen.');
    await expect.poll(() => members.getByRole('row', { name: /Pia Politi/ }).innerText()).toMatch(/Politi\s+Retsplejeloven § 115/);
    await screenshot(page, 'member-added');
    await expectAccessible(page, 'member added');

    await expectNoBrowserStorage(page);
    expectNoPersonalDataInUrls();
    const staff = ['Maja', 'Pia', 'Tobias', 'Bodil', 'Forløbsen', '010190'];
    expect(urls.filter((u) => staff.some((n) => decodeURIComponent(u).includes(n)))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('the case list', () => {
  it('pages with "Vis flere", says how many of how many, and filters by "Mine sager" and level', async () => {
    // More cases than one page of 50 (docs/architecture.md, "Lists"); the new coordinator is on none of them.
    for (let i = 0; i < 52; i++) {
      const person = await setup('POST', '/persons', { fullName: `Listebarn Nummer${i}` });
      expect(person.status).toBe(201);
      expect((await setup('POST', '/cases', { personId: person.body.id, title: `Listesag ${i}`, preventionLevel: i % 2 ? 'red' : 'green' })).status).toBe(201);
    }
    const total = (await setup('GET', '/cases/page?limit=1')).body.total as number;
    const red = (await setup('GET', '/cases/page?limit=1&level=red')).body.total as number;
    expect(total).toBeGreaterThan(52);
    await server.createUser({ username: 'lise.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Lise Tovholder' });
    urls.length = 0;
    problems.length = 0;
    const context = await browser.newContext({ locale: 'da-DK' });
    await browserSignIn(context, 'lise.tovholder');
    const page = await newPage(context);
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Sager' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
    const summary = page.locator('.vink-summary');
    await expect.poll(() => summary.innerText()).toBe(`Viser 50 af ${total} sager.`);
    expect(await page.getByRole('table').getByRole('link', { name: 'Listesag 51' }).count()).toBe(1);
    await expectAccessible(page, 'case list');
    const more = page.getByRole('button', { name: `Vis ${total - 50} flere` });
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => summary.innerText()).toBe(`Viser ${total} af ${total} sager.`);
    expect(await page.getByRole('table').getByRole('link').count()).toBe(total);
    // The focus moves to the first new row, and the button is gone at the end of the list.
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^case-row-/);
    expect(await page.getByRole('button', { name: /^Vis \d+ flere$/ }).count()).toBe(0);
    await page.getByLabel('Vis forebyggelsesniveau').selectOption({ label: 'Rød (indgribende)' });
    await expect.poll(() => summary.innerText()).toBe(`Viser ${Math.min(50, red)} af ${red} sager.`);
    await page.getByLabel('Mine sager').check();
    await expect.poll(() => summary.innerText()).toBe('Ingen sager.');
    await expectAccessible(page, 'case list filtered');
    await expectNoBrowserStorage(page);
    expectNoPersonalDataInUrls();
    expect(urls.filter((u) => decodeURIComponent(u).includes('Listebarn'))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
