import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { runTaskRulesOnce } from '../../src/server/modules/tasks/index.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, openWithReason, screenshot, type TestServer } from './support.ts';

/**
 * Casework in depth (docs/domain.md, "The support plan", "Closing a case", "Family and relationships"):
 * - a coordinator adds a goal to the support plan; its planned review becomes her task on "I dag"; she records the
 *   review from the case page and it appears in the case's timeline;
 * - she asks to close a case; the case stays open until the manager, who finds the request on her "I dag", approves;
 * - she links the child's parent on the person overview and starts a relative coach course naming the parent; an
 *   adviser on the child's case who may not see the parent sees neither the link nor the name;
 * - a coordinator records, with the keyboard, a supervision session given to the case's resource person and sees it
 *   listed on the case page (docs/domain.md, "Resource persons and SSP").
 * Every new page and section passes axe (WCAG 2.1 AA) and nothing lands in browser storage.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const CHILD = 'Bjørk Plansen';
const PARENT = 'Hemmelig Forældersen';

let server: TestServer;
let browser: Browser;
let caseId: string;
let closeCaseId: string;
let childId: string;
let supervisionCaseId: string;
/** Cora's browser page: each user enrols once, so one signed-in context serves her whole story. */
let cora: Page;
const apiAs = (username: string) => kit.apiAs(server, username, PASSWORD);
const browserSignIn = (context: BrowserContext, username: string) => kit.browserSignIn(server, context, username, PASSWORD);

const isoDay = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(d);
};

async function pageFor(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  await browserSignIn(context, username);
  return context.newPage();
}

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  const owner = await server.createUser({ username: 'cora.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Cora Tovholder' });
  await server.createUser({ username: 'mona.leder', password: PASSWORD, role: 'manager', displayName: 'Mona Leder' });
  await server.createUser({ username: 'maja.mentor', password: PASSWORD, role: 'mentor', displayName: 'Maja Mentor' });
  const alf = await server.createUser({ username: 'alf.raadgiver', password: PASSWORD, role: 'adviser', displayName: 'Alf Rådgiver' });
  const api = await apiAs('sara.tovholder');
  const child = await api('POST', '/persons', { fullName: CHILD });
  childId = child.body.id;
  expect((await api('POST', '/persons', { fullName: PARENT })).status).toBe(201);
  const created = await api('POST', '/cases', { personId: childId, title: 'Plansag 2026-7', ownerId: owner.id });
  expect(created.status).toBe(201);
  caseId = created.body.id;
  expect((await api('POST', `/cases/${caseId}/members`, { userId: alf.id, relation: 'adviser' })).status).toBe(201);
  const other = await api('POST', '/persons', { fullName: 'Lukke Sagsen' });
  closeCaseId = (await api('POST', '/cases', { personId: other.body.id, title: 'Lukkesag 2026-8', ownerId: owner.id })).body.id;
  // A case with a resource person (a social worker carrying the 1-1 work) and an SSP member, for supervision.
  const tilde = await server.createUser({ username: 'tilde.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tilde Tovholder' });
  const rikke = await server.createUser({ username: 'rikke.ressource', password: PASSWORD, role: 'partner', displayName: 'Rikke Ressource' });
  const sune = await server.createUser({ username: 'sune.ssp', password: PASSWORD, role: 'partner', displayName: 'Sune SSP' });
  const third = await api('POST', '/persons', { fullName: 'Supra Visionsen' });
  supervisionCaseId = (await api('POST', '/cases', { personId: third.body.id, title: 'Supervisionssag 2026-9', ownerId: tilde.id })).body.id;
  for (const [userId, relation] of [[rikke.id, 'resource_person'], [sune.id, 'ssp']]) {
    expect((await api('POST', `/cases/${supervisionCaseId}/members`, { userId, relation, legalBasis: 'serviceloven' })).status).toBe(201);
  }
  browser = await kit.launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('casework in depth', () => {
  it('a support-plan review becomes a task and then a timeline entry', async () => {
    cora = await pageFor('cora.tovholder');
    const page = cora;
    await openWithReason(page, `${server.url}/sager/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Plansag 2026-7' }).waitFor();
    const plan = page.getByRole('region', { name: 'Støtteplan' });
    await expect.poll(() => plan.innerText()).toContain('Planen har ingen mål endnu.');
    await plan.getByRole('button', { name: 'Tilføj mål' }).click();
    await plan.getByRole('button', { name: 'Gem mål' }).click();
    await expect.poll(() => page.getByLabel('Mål', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Dato for opfølgning på planen').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Mål', { exact: true }).fill('Fast skolegang');
    await page.getByLabel('Ansvarlig er en').selectOption('authority');
    await page.getByLabel('Ansvarlig myndighed eller person').fill('Skoleforvaltningen');
    await page.getByLabel('Handlinger').fill('Ugentlig samtale med mentor og skolen');
    await page.getByLabel('Uddannelse og beskæftigelse').check();
    await page.getByLabel('Dato for opfølgning på planen').fill(isoDay(0));
    await plan.getByRole('button', { name: 'Gem mål' }).click();
    await expect.poll(() => plan.getByRole('heading', { name: 'Fast skolegang' }).count()).toBe(1);
    await expect.poll(() => plan.innerText()).toContain('Uddannelse og beskæftigelse');
    await expect.poll(() => plan.innerText()).toMatch(/Næste opfølgning på planen/);
    await screenshot(page, 'support-plan');
    await expectAccessible(page, 'case page with support plan');

    // The planned review is her task on "I dag".
    await runTaskRulesOnce(server.ctx);
    await page.goto(server.url);
    const task = page.getByRole('link', { name: 'Opfølgning på støtteplanen' });
    await task.waitFor();
    await task.click();
    await page.getByRole('heading', { level: 1, name: 'Plansag 2026-7' }).waitFor();

    // She records the review; it shows in the timeline.
    await plan.getByRole('button', { name: 'Registrér opfølgning' }).click();
    await page.getByLabel('Fremgang for målet: Fast skolegang').selectOption('good');
    await page.getByLabel('Resumé af opfølgningen').fill('Møder op hver dag; fortsætter planen.');
    await page.getByLabel('Næste opfølgning', { exact: true }).fill(isoDay(90));
    await plan.getByRole('button', { name: 'Gem opfølgning' }).click();
    await expect.poll(() => plan.innerText()).toContain('Fast skolegang: God fremgang');
    const timeline = page.getByRole('region', { name: 'Forløb på sagen' });
    await expect.poll(() => timeline.innerText()).toContain('Opfølgning på støtteplanen ved Cora Tovholder');
    await expect.poll(() => timeline.innerText()).toContain('Møder op hver dag; fortsætter planen.');
    await expectAccessible(page, 'case page after a review');
    // The printable case summary is one click away (an audited export; tests/casework-depth.int.test.ts reads its text).
    expect(await page.getByRole('link', { name: 'Hent sagsresumé (PDF)' }).getAttribute('href')).toBe(`/api/v1/cases/${caseId}/summary.pdf`);

    // The answered review's task is done; the next one is planned (not yet due today).
    await runTaskRulesOnce(server.ctx);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Opfølgning på støtteplanen' }).waitFor();
    expect(await page.getByRole('link', { name: 'Opfølgning på støtteplanen' }).count()).toBe(1);
    await expectNoBrowserStorage(page);
  });

  it('a closure waits for the manager\'s approval', async () => {
    const page = cora;
    await openWithReason(page, `${server.url}/sager/${closeCaseId}`);
    await page.getByRole('heading', { level: 1, name: 'Lukkesag 2026-8' }).waitFor();
    const closure = page.getByRole('region', { name: 'Lukning af sagen' });
    await closure.getByRole('button', { name: 'Anmod om lukning' }).click();
    await expect.poll(() => page.getByLabel('Begrundelse for at lukke sagen').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Begrundelse for at lukke sagen').fill('Borgeren er flyttet fra kommunen.');
    await closure.getByRole('button', { name: 'Anmod om lukning' }).click();
    await expect.poll(() => closure.innerText()).toContain('Venter på leder');
    await expect.poll(() => page.locator('.vink-case-status').innerText()).toContain('Åben');
    await expectAccessible(page, 'case page with a pending closure');

    const mona = await pageFor('mona.leder');
    await mona.goto(server.url);
    const pending = mona.getByRole('region', { name: 'Lukninger der venter på din godkendelse' });
    await pending.getByRole('link', { name: 'Luk sagen: Lukkesag 2026-8' }).waitFor();
    await screenshot(mona, 'today-manager-closures');
    await expectAccessible(mona, 'manager today with a closure request');
    await pending.getByRole('link', { name: 'Luk sagen: Lukkesag 2026-8' }).click();
    await kit.giveReasonIfAsked(mona, 'Godkendelse af lukning');
    await mona.getByRole('heading', { level: 1, name: 'Lukkesag 2026-8' }).waitFor();
    const decide = mona.getByRole('region', { name: 'Lukning af sagen' });
    await mona.getByLabel('Notat til afgørelsen').fill('Godkendt; ingen åbne forløb.');
    await decide.getByRole('button', { name: 'Godkend og luk sagen' }).click();
    await expect.poll(() => decide.innerText()).toContain('Godkendt: sagen er lukket');
    await expect.poll(() => mona.locator('.vink-case-status').innerText()).toContain('Lukket');
    await expect.poll(() => mona.getByRole('region', { name: 'Forløb på sagen' }).innerText()).toContain('Status ændret fra Åben til Lukket af Mona Leder');
    await expectAccessible(mona, 'case page after the approval');
    await mona.goto(server.url);
    await expect.poll(() => mona.getByRole('region', { name: 'Lukninger der venter på din godkendelse' }).innerText()).toContain('Ingen anmodninger om lukning venter.');
    await mona.context().close();
  });

  it('a coach course names the coached parent, and the family link is hidden from a user without reach to the parent', async () => {
    const page = cora;
    await openWithReason(page, `${server.url}/personer/${childId}`);
    await page.getByRole('heading', { level: 1, name: CHILD }).waitFor();
    const links = page.getByRole('region', { name: 'Familie og relationer' });
    await links.getByRole('button', { name: 'Tilføj relation' }).click();
    await page.getByLabel('Søg efter personen').fill('Forældersen');
    await links.getByRole('button', { name: 'Søg', exact: true }).click();
    await page.getByLabel('Person', { exact: true }).selectOption({ label: PARENT });
    await page.getByLabel('Personen er').selectOption('parent');
    await page.getByLabel('Notat', { exact: true }).fill('Bor sammen med barnet');
    await links.getByRole('button', { name: 'Gem relation' }).click();
    await expect.poll(() => links.innerText()).toContain(`${PARENT} – forælder`);
    await screenshot(page, 'overview-links');
    await expectAccessible(page, 'person overview with a link');

    await openWithReason(page, `${server.url}/sager/${caseId}`);
    const courses = page.getByRole('region', { name: 'Forløb og samtaler' });
    await courses.getByRole('button', { name: 'Start forløb' }).click();
    await page.getByLabel('Type forløb').selectOption('relative_coach');
    await page.getByLabel('Pårørende der coaches').selectOption({ label: `${PARENT} (forælder)` });
    await expect.poll(() => page.getByLabel('Mentor eller coach').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Mentor eller coach').selectOption({ index: 1 });
    await courses.getByRole('button', { name: 'Start forløbet' }).click();
    await expect.poll(() => courses.innerText()).toContain(`Coacher: ${PARENT}`);
    await expectAccessible(page, 'case page with a coach course');
    await page.context().close();

    // Alf is on the child's case but may not see the parent: no link, no name, on the overview or the case page.
    const alf = await pageFor('alf.raadgiver');
    await openWithReason(alf, `${server.url}/personer/${childId}`);
    await alf.getByRole('heading', { level: 1, name: CHILD }).waitFor();
    await expect.poll(() => alf.getByRole('region', { name: 'Familie og relationer' }).innerText()).toContain('Ingen relationer, du har adgang til at se.');
    expect(await alf.getByRole('main').innerText()).not.toContain('Forældersen');
    await expectAccessible(alf, 'person overview without the parent');
    await openWithReason(alf, `${server.url}/sager/${caseId}`);
    await alf.getByRole('region', { name: 'Forløb og samtaler' }).getByRole('heading', { name: 'Pårørendecoaching' }).waitFor();
    expect(await alf.getByRole('main').innerText()).not.toContain('Forældersen');
    await expectNoBrowserStorage(alf);
    await alf.context().close();
  });

  it('a supervision session given to the resource person is recorded with the keyboard on the case page and listed', async () => {
    const page = await pageFor('tilde.tovholder');
    await openWithReason(page, `${server.url}/sager/${supervisionCaseId}`);
    await page.getByRole('heading', { level: 1, name: 'Supervisionssag 2026-9' }).waitFor();
    const section = page.getByRole('region', { name: 'Supervision af ressourcepersoner og SSP' });
    await expect.poll(() => section.innerText()).toContain('Der er ikke registreret supervision på sagen endnu.');
    // The section is in the page's list of sections.
    await page.getByRole('navigation', { name: 'Sagens dele' }).getByRole('link', { name: 'Supervision af ressourcepersoner og SSP' }).waitFor();

    // Keyboard only: the button opens the form and focus moves into it.
    await section.getByRole('button', { name: 'Registrér supervision' }).focus();
    await page.keyboard.press('Enter');
    const formHeading = section.getByRole('heading', { name: 'Registrér supervision' });
    await expect.poll(() => formHeading.evaluate((el) => el === document.activeElement)).toBe(true);
    // Sending it empty names the missing fields.
    await kit.tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Hvem fik supervision').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Varighed i minutter').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Emne', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'supervision form with errors');

    await page.getByLabel('Hvem fik supervision').focus();
    await page.getByLabel('Hvem fik supervision').selectOption({ label: 'Rikke Ressource (Ressourceperson)' });
    await page.getByLabel('Dato for supervisionen').fill(isoDay(-2));
    await page.getByLabel('Varighed i minutter').fill('45');
    await page.getByLabel('Emne', { exact: true }).fill('Samtaleteknik i 1-1 forløbet');
    await page.getByLabel('Emne', { exact: true }).press('Tab');
    await kit.tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    // Listed with date, who, duration and topic; focus is back on the button and the change is announced.
    const table = section.getByRole('table', { name: 'Supervisionssessioner på sagen' });
    await expect.poll(() => table.innerText()).toContain('Samtaleteknik i 1-1 forløbet');
    const row = await table.getByRole('row').nth(1).innerText();
    expect(row).toContain('Rikke Ressource (Ressourceperson)');
    expect(row).toContain('45 minutter');
    expect(row).toContain(new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' }).format(new Date(`${isoDay(-2)}T12:00:00Z`)));
    await expect.poll(() => section.getByRole('status').innerText()).toContain('Supervisionen er registreret.');
    await expect.poll(() => section.getByRole('button', { name: 'Registrér supervision' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'case-supervision');
    await expectAccessible(page, 'case page with a supervision session');

    // The session stays after a fresh read of the page (it was saved, not only shown).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Supervisionssag 2026-9' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Supervision af ressourcepersoner og SSP' }).innerText()).toContain('Samtaleteknik i 1-1 forløbet');
    await expectNoBrowserStorage(page);
    await page.context().close();
  });
});
