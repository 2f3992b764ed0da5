import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runTaskRulesOnce } from '../../src/server/modules/tasks/index.ts';
import { startTestServer } from '../helpers/server.ts';
import {
  expectAccessible, expectHeadingFocused, expectNoBrowserStorage, expectNoPersonalDataInUrls, focusedId, launchChromium, openTab,
  screenshot, ShiftableClock, signInAgain, signInFirstTime, signInWithCode, tabTo, type Tab, type TestServer,
} from './support.ts';

/**
 * The intake story, through the browser. First, Karin the administrator creates an adviser, a coordinator, a police
 * liaison and a DPO in the admin UI: each gets a one-time code, sets their own password and authenticator, and waits
 * until Lone, the manager, approves the role; Karin never sees case content. Sara, the adviser, takes a call about a
 * 17-year-old and logs it with the keyboard only, then forwards it as a concern. Mette, the coordinator, finds it on her task list and in the Infohus queue and
 * shares it on retsplejeloven § 115 with the police liaison she picks from the staff directory. Peter, the police
 * liaison, records the police check. Mette records the Infohus decision "justified", which opens a case whose timeline
 * shows the concern. Dorte, the DPO, finds all those look-ups in the log, by the person and by Peter picked from the
 * directory, and verifies the chain. Every page passes axe, no tab stores anything, and no URL carries a name or CPR
 * number.
 */

const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const admin = { username: 'karin.admin', password: PASSWORD, role: 'admin', displayName: 'Karin Møller' };
const adviser = { username: 'sara.raadgiver', password: 'Saras-adgangskode-2026', displayName: 'Sara Holm' };
const coordinator = { username: 'mette.tovholder', password: 'Mettes-adgangskode-2026', displayName: 'Mette Lund' };
const police = { username: 'peter.politi', password: 'Peters-adgangskode-2026', displayName: 'Peter Vang' };
const dpo = { username: 'dorte.dpo', password: 'Dortes-adgangskode-2026', displayName: 'Dorte Krog' };
const manager = { username: 'lone.leder', password: 'Lones-adgangskode-2026', role: 'manager', displayName: 'Lone Berg' };
/** The enrolment codes Karin hands over (read from the page the one time it shows them). */
const codes: Record<string, string> = {};
const clock = new ShiftableClock();
const person = { fullName: 'Mads Emil Sørensen', birthDate: '15-03-2009' };

let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  server = await startTestServer({ clock });
  await server.createUser(admin);
  await server.createUser(manager);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
  await server?.close();
});

async function newTab(): Promise<Tab> {
  const tab = await openTab(browser);
  tabs.push(tab);
  return tab;
}

describe('the intake story', () => {
  it('goes from a phone call to a justified concern, and the DPO can see who looked', async () => {
    // --- Karin creates the users: no password of hers, a one-time code each, roles waiting for approval ----------
    const a = await newTab();
    await signInFirstTime(a.page, server, admin, 'Brugere');
    await screenshot(a.page, 'admin-users');
    await expectAccessible(a.page, 'admin users');
    // There is no password field: an administrator never chooses anyone's password.
    expect(await a.page.getByLabel('Første adgangskode').count()).toBe(0);
    const createUser = async (u: { username: string; displayName: string }, role: string) => {
      await a.page.getByLabel('Rolle', { exact: true }).selectOption({ label: role });
      await a.page.getByLabel('Navn', { exact: true }).fill(u.displayName);
      await a.page.getByLabel('Brugernavn', { exact: true }).fill(u.username);
      await a.page.getByLabel('Begrundelse for rollen').fill('Ny medarbejder i enheden');
      await a.page.getByRole('button', { name: 'Opret bruger' }).click();
      await expect.poll(() => a.page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining(`${u.displayName} er oprettet`));
      // The code is shown once, with the warning, and leaves the page when Karin has handed it over.
      const shown = a.page.getByTestId('enrolment-code');
      codes[u.username] = (await shown.innerText()).trim();
      expect(codes[u.username]).toMatch(/^[a-z1-9]{4}(-[a-z1-9]{4}){3}$/);
      expect(await a.page.getByRole('main').innerText()).toContain('Koden vises kun denne ene gang');
      await a.page.getByRole('button', { name: 'Jeg har givet koden videre' }).click();
      await expect.poll(() => shown.count()).toBe(0);
    };
    // A role with case content needs a reason: caught next to the field and in the summary, which takes focus.
    await a.page.getByLabel('Navn', { exact: true }).fill(adviser.displayName);
    await a.page.getByLabel('Brugernavn', { exact: true }).fill(adviser.username);
    await a.page.getByRole('button', { name: 'Opret bruger' }).click();
    await expect.poll(() => a.page.getByLabel('Begrundelse for rollen').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.classList.contains('vink-error-summary'))).toBe(true);
    await screenshot(a.page, 'admin-users-error');
    await expectAccessible(a.page, 'admin users with error');
    await createUser(adviser, 'Rådgiver');
    await screenshot(a.page, 'admin-users-code');
    await createUser(coordinator, 'Tovholder');
    await createUser(police, 'Politiets tovholder');
    await createUser(dpo, 'Databeskyttelsesrådgiver (DPO)');
    const policeId = (await a.page.getByTestId(`user-id-${police.username}`).innerText()).trim();
    const policeRow = a.page.getByRole('row', { name: new RegExp(police.displayName) });
    expect(await policeRow.innerText()).toContain('Politiets tovholder');
    expect(await policeRow.innerText()).toContain('afventer godkendelse');
    await screenshot(a.page, 'admin-users-created');
    await expectAccessible(a.page, 'admin users after creating');
    await expectNoBrowserStorage(a.page);
    /** Karin's session reads no case content: no such menu entries, and the API refuses her. */
    const expectAdminSeesNoCaseContent = async () => {
      const nav = await a.page.getByRole('navigation', { name: 'Hovedmenu' }).innerText();
      for (const entry of ['Sager', 'Henvendelser', 'Søg', 'I dag']) expect(nav).not.toContain(entry);
      const statuses = await a.page.evaluate(async () =>
        Promise.all(['/api/v1/cases/page', '/api/v1/concerns/page', '/api/v1/calls'].map(async (u) => (await fetch(u, { cache: 'no-store' })).status)));
      expect(statuses).toEqual([403, 403, 403]);
    };
    await expectAdminSeesNoCaseContent();

    // --- Sara sets her own password and authenticator with the code; her role still waits for approval -----------
    const s = await newTab();
    const saraSecret = await signInWithCode(s.page, server, { ...adviser, code: codes[adviser.username]! }, null);
    await expect.poll(() => s.page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('afventer godkendelse'));
    await screenshot(s.page, 'signin-awaiting-approval');
    await expectAccessible(s.page, 'sign-in, role awaiting approval');
    // The code was single use.
    await s.page.getByRole('button', { name: 'Første login med engangskode' }).click();
    await s.page.getByLabel('Brugernavn').fill(adviser.username);
    await s.page.getByLabel('Engangskode').fill(codes[adviser.username]!);
    await s.page.getByLabel('Ny adgangskode', { exact: true }).fill('Et-andet-password-2026');
    await s.page.getByLabel('Gentag ny adgangskode').fill('Et-andet-password-2026');
    await s.page.getByRole('button', { name: 'Fortsæt' }).click();
    await expect.poll(() => s.page.getByRole('alert').allInnerTexts()).toContainEqual(expect.stringContaining('Brugernavn eller engangskode er forkert'));
    await expectAccessible(s.page, 'enrolment code refused');

    // --- Lone, the manager, approves the four roles --------------------------------------------------------------
    const l = await newTab();
    await signInFirstTime(l.page, server, manager, 'I dag');
    const approvals = l.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: /Godkendelser \(4/ });
    await approvals.click();
    await expectHeadingFocused(l.page, 'Godkendelse af roller');
    await expect.poll(() => l.page.getByRole('main').innerText()).toContain('Ny medarbejder i enheden');
    expect(await l.page.getByRole('main').innerText()).toContain(admin.displayName);
    await screenshot(l.page, 'role-grants');
    await expectAccessible(l.page, 'role grants');
    // A second window on the same list, left open while the decisions are made in the first.
    const stale = await l.context.newPage();
    await stale.goto(`${server.url}/godkendelser`);
    await stale.getByRole('button', { name: `Godkend for ${adviser.displayName}` }).waitFor();
    await l.page.getByLabel('Bemærkning').first().fill('Bekræftet med Sara personligt');
    for (const u of [adviser, coordinator, police, dpo]) {
      await l.page.getByRole('button', { name: `Godkend for ${u.displayName}` }).click();
      await expect.poll(() => l.page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining(`${u.displayName} har nu rollen`));
    }
    await expect.poll(() => l.page.getByRole('main').innerText()).toContain('Ingen anmodninger venter');
    // The stale window's decision is refused (409), said plainly, and its list is brought up to date.
    await stale.getByRole('button', { name: `Godkend for ${adviser.displayName}` }).click();
    await expect.poll(() => stale.getByRole('alert').allInnerTexts()).toContainEqual(expect.stringContaining('En anden har allerede afgjort anmodningen'));
    await expect.poll(() => stale.getByRole('main').innerText()).toContain('Ingen anmodninger venter');
    await expectAccessible(stale, 'role grants, stale decision');
    await stale.close();
    expect(await l.page.getByRole('table').innerText()).toContain('Bekræftet med Sara personligt');
    await expectAccessible(l.page, 'role grants decided');
    // Approving gave Karin nothing.
    await expectAdminSeesNoCaseContent();

    // --- Sara logs a call with the keyboard only and forwards it ------------------------------------------------
    await signInAgain(s.page, server, clock, { ...adviser, secret: saraSecret }, 'I dag');
    await expectAccessible(s.page, 'adviser today');
    await s.page.goto(`${server.url}/opkald/ny`);
    await s.page.getByRole('heading', { level: 1, name: 'Nyt opkald' }).waitFor();
    const kb = s.page.keyboard;
    await expect.poll(() => focusedId(s.page)).toBe('call-channel');
    await expectAccessible(s.page, 'call form');
    await kb.press('Tab'); // caller type: "Fagperson" is the default
    expect(await focusedId(s.page)).toBe('call-caller-professional');
    await kb.press('Tab'); // the sector appears for professionals only
    expect(await focusedId(s.page)).toBe('call-sector');
    await kb.press('Tab');
    expect(await focusedId(s.page)).toBe('call-topic');
    await kb.type('Lærer bekymret for elev i 9. klasse');
    await kb.press('Tab');
    expect(await focusedId(s.page)).toBe('call-ideology');
    await kb.press('ArrowDown'); // Andet/uklart → Militant islamisme
    await kb.press('ArrowDown'); // → Højreekstremisme
    await kb.press('Tab');
    expect(await focusedId(s.page)).toBe('call-outcome-advice_only');
    await kb.press('ArrowDown'); // → Videresendt som bekymringshenvendelse
    expect(await focusedId(s.page)).toBe('call-outcome-forwarded_concern');
    await screenshot(s.page, 'call-form');
    await kb.press('Enter');

    // The intake opens for the call, with focus in the person's name.
    await s.page.getByRole('heading', { level: 1, name: 'Videresend opkald som henvendelse' }).waitFor();
    await expect.poll(() => focusedId(s.page)).toBe('search-name');
    await expectAccessible(s.page, 'intake search');
    await kb.type(person.fullName);
    await kb.press('Tab');
    await kb.type(person.birthDate);
    await kb.press('Enter');
    await s.page.getByRole('heading', { level: 2, name: '2. Henvendelsen' }).waitFor();
    await expect.poll(() => s.page.getByText('Ingen kendte personer passer').count()).toBe(1);
    // A 17-year-old: the social-services duty shows.
    await expect.poll(() => s.page.getByText('Personen er under 18 år.').count()).toBe(1);
    await tabTo(s.page, '#behaviour-threats');
    await kb.press('Space');
    await tabTo(s.page, '#behaviour-description');
    // Religious practice and appearance alone are no concern: the form asks for the behaviour, and offers a reason.
    await kb.type('Beder fem gange om dagen, har fået skæg.');
    await expect.poll(() => s.page.getByRole('main').innerText()).toContain('nævner kun religiøs praksis, udseende eller tro og ingen handling');
    expect(await s.page.locator('#religion-override').count()).toBe(1);
    await s.page.locator('#behaviour-description').fill('');
    await s.page.locator('#behaviour-description').focus();
    await kb.type('Har i frikvarteret truet en klassekammerat og vist billeder af våben.');
    expect(await s.page.locator('#religion-override').count()).toBe(0);
    await tabTo(s.page, '#severity-medium');
    await kb.press('ArrowUp'); // → Høj: 24 hours
    await expect.poll(() => s.page.locator('.vink-deadline').innerText()).toContain('(24 timer)');
    // The ideology came along from the call.
    expect(await s.page.locator('#concern-ideology').inputValue()).toBe('right_wing');
    await screenshot(s.page, 'intake-form');
    await expectAccessible(s.page, 'intake form');
    await tabTo(s.page, 'button[type=submit].button-primary');
    await kb.press('Enter');
    await expectHeadingFocused(s.page, /^Henvendelse modtaget/);
    const concernUrl = s.page.url();
    const concernId = concernUrl.split('/').pop()!;
    expect(concernId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => s.page.getByRole('main').innerText()).toContain(person.fullName);
    await expect.poll(() => s.page.getByRole('main').innerText()).toContain('Fremsætter trusler');
    await screenshot(s.page, 'concern-adviser');
    await expectAccessible(s.page, 'concern (adviser)');
    // An adviser is offered no Infohus actions.
    expect(await s.page.getByRole('heading', { name: 'Del med politiet' }).count()).toBe(0);
    await expectNoBrowserStorage(s.page);

    // --- Mette: task list, queue, share with the police ---------------------------------------------------------
    await runTaskRulesOnce(server.ctx);
    const m = await newTab();
    await signInWithCode(m.page, server, { ...coordinator, code: codes[coordinator.username]! }, 'I dag');
    const task = m.page.getByRole('link', { name: 'Visitationsfrist for henvendelse' });
    await task.waitFor();
    await expect.poll(() => m.page.getByRole('main').innerText()).toMatch(/\d+ t( \d+ min)? tilbage/);
    await screenshot(m.page, 'today-coordinator');
    await expectAccessible(m.page, 'coordinator today');
    await m.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Henvendelser' }).click();
    await expectHeadingFocused(m.page, 'Henvendelser');
    await expect.poll(() => m.page.getByRole('table').innerText()).toContain('Høj');
    // The queue says how many of how many it shows (docs/architecture.md, "Lists"), and filters by severity.
    await expect.poll(() => m.page.locator('.vink-summary').innerText()).toMatch(/^Viser \d+ af \d+ henvendelser?\.$/);
    await m.page.getByLabel('Vis alvorlighed').selectOption({ label: 'Lav' });
    await expect.poll(() => m.page.locator('.vink-summary').innerText()).toBe('Der er ingen henvendelser her.');
    await m.page.getByLabel('Vis alvorlighed').selectOption({ label: 'Alle' });
    await expect.poll(() => m.page.getByRole('table').innerText()).toContain('Høj');
    await screenshot(m.page, 'queue');
    await expectAccessible(m.page, 'queue');
    await m.page.getByRole('table').getByRole('link').first().click();
    await expectHeadingFocused(m.page, /^Henvendelse modtaget/);
    expect(m.page.url()).toBe(concernUrl);
    await expectAccessible(m.page, 'concern (coordinator)');
    // A 17-year-old: the decision on the report under barnets lov § 133 is recorded (it closes its 24-hour task).
    await m.page.getByLabel('Ja, der er underrettet').check();
    await m.page.getByLabel('Underrettet til').fill('Børne- og ungeforvaltningen');
    await m.page.getByRole('button', { name: 'Registrér underretningsbeslutningen' }).click();
    await expect.poll(() => m.page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Beslutningen om underretning er registreret'));
    await expect.poll(() => m.page.getByRole('main').innerText()).toContain('Underrettet til Børne- og ungeforvaltningen');
    await expectAccessible(m.page, 'child report recorded');
    // No decision yet: the status machine needs the police check first.
    expect(await m.page.getByRole('heading', { name: 'Infohus-beslutning' }).count()).toBe(0);
    // The police liaison is picked from the staff directory: the police liaisons and partners of the district only.
    const recipient = m.page.getByLabel('Del med', { exact: true });
    const peterOption = `${police.displayName} (Politiets tovholder, VINK København)`;
    await expect.poll(() => recipient.locator('option').allInnerTexts()).toEqual(['Vælg …', peterOption]);
    // Sending without choosing is caught next to the field.
    await m.page.getByRole('button', { name: 'Del med politiet' }).click();
    await expect.poll(() => recipient.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(m.page, 'share with error');
    await recipient.selectOption({ label: peterOption });
    expect(await recipient.inputValue()).toBe(policeId);
    await m.page.getByLabel('Retsplejeloven § 115').check();
    await m.page.getByRole('button', { name: 'Del med politiet' }).click();
    await expect.poll(() => m.page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('delt med politiet'));
    await expect.poll(() => m.page.locator('.vink-status-line').innerText()).toContain('Politiets tjek');
    await screenshot(m.page, 'concern-shared');
    await expectAccessible(m.page, 'concern shared');

    // --- Peter records the police check ------------------------------------------------------------------------
    const p = await newTab();
    await signInWithCode(p.page, server, { ...police, code: codes[police.username]! }, 'I dag');
    await p.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Henvendelser' }).click();
    await expectHeadingFocused(p.page, 'Henvendelser');
    await expectAccessible(p.page, 'police queue');
    await p.page.getByRole('table').getByRole('link').first().click();
    await expectHeadingFocused(p.page, /^Henvendelse modtaget/);
    // The police see the person, not the reporter's identity.
    await expect.poll(() => p.page.getByRole('main').innerText()).toContain(person.fullName);
    await p.page.getByLabel('Intet hos politiet – videre til Infohus').check();
    await p.page.getByRole('button', { name: 'Registrér politiets tjek' }).click();
    await expect.poll(() => p.page.locator('.vink-status-line').innerText()).toContain('Infohus-vurdering');
    await screenshot(p.page, 'concern-police');
    await expectAccessible(p.page, 'police check done');
    await expectNoBrowserStorage(p.page);

    // --- Mette records the Infohus decision ----------------------------------------------------------------------
    // Her page still shows the concern from before Peter's check. Recording a check from it is refused (409), and
    // the page says so and offers a reload, which brings the decision form.
    await m.page.getByRole('button', { name: 'Registrér politiets tjek' }).click();
    await expect.poll(() => m.page.getByRole('main').innerText()).toContain('En anden har ændret dette imens');
    await screenshot(m.page, 'concern-conflict');
    await expectAccessible(m.page, 'concern conflict');
    await m.page.getByRole('button', { name: 'Indlæs igen' }).click();
    await m.page.getByRole('heading', { level: 2, name: 'Infohus-beslutning' }).waitFor();
    expect(await m.page.getByRole('heading', { name: 'Politiets tjek', level: 2 }).count()).toBe(0);
    // Submitting empty lists every problem at the top, with focus on the summary.
    await m.page.getByRole('button', { name: 'Registrér beslutningen' }).click();
    await expect.poll(() => m.page.evaluate(() => document.activeElement?.classList.contains('vink-error-summary'))).toBe(true);
    await screenshot(m.page, 'infohus-errors');
    await expectAccessible(m.page, 'infohus with errors');
    await m.page.getByLabel('Deltagere').fill('Mette Lund, VINK\nPeter Vang, Københavns Politi');
    await m.page.getByLabel('Begrundet', { exact: true }).check();
    await m.page.getByLabel('Begrundelse').fill('Konkrete trusler og interesse for våben; politiet har intet, der taler imod et forløb.');
    await m.page.getByRole('button', { name: 'Tilføj videregivelse' }).click();
    await m.page.getByLabel('Samarbejdspartner').fill('Socialforvaltningen');
    await m.page.getByRole('group', { name: 'Videregivelse 1' }).getByLabel('Andet (angiv hjemmel)').check();
    await m.page.getByLabel('Hvad videregives').fill('Navn, alder og den beskrevne adfærd.');
    await m.page.getByRole('button', { name: 'Registrér beslutningen' }).click();
    // "Other" needs the rule named.
    await expect.poll(() => m.page.getByLabel('Angiv hjemlen').getAttribute('aria-invalid')).toBe('true');
    await m.page.getByLabel('Angiv hjemlen').fill('Serviceloven § 49 b');
    await m.page.getByRole('button', { name: 'Registrér beslutningen' }).click();
    await expect.poll(() => m.page.locator('.vink-status-line').innerText()).toContain('Begrundet');
    await screenshot(m.page, 'concern-justified');
    await expectAccessible(m.page, 'concern justified');
    await m.page.getByRole('link', { name: 'Gå til sagen' }).first().click();
    await expectHeadingFocused(m.page, 'Sag');
    expect(m.page.url()).toMatch(/\/sager\/[0-9a-f-]{36}$/);
    // The case's timeline has the concern it came from and when the case was opened.
    const timeline = m.page.getByRole('region', { name: 'Forløb på sagen' });
    await expect.poll(() => timeline.innerText()).toContain('Bekymringshenvendelse modtaget');
    await expect.poll(() => timeline.innerText()).toContain('Sagen blev oprettet');
    await expectAccessible(m.page, 'case stub');
    const personId = await m.page.evaluate(async (id) => {
      const r = await fetch(`/api/v1/concerns/${id}`, { cache: 'no-store' });
      return ((await r.json()) as { person: { id: string } }).person.id;
    }, concernId);
    await expectNoBrowserStorage(m.page);

    // --- Dorte, the DPO, looks at the log --------------------------------------------------------------------------
    const d = await newTab();
    // The DPO starts on their tasks (access requests are tasks); the role grants (all decided now) and the log are one
    // click away.
    await signInWithCode(d.page, server, { ...dpo, code: codes[dpo.username]! }, 'I dag');
    await d.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: /^Godkendelser/ }).click();
    await expectHeadingFocused(d.page, 'Godkendelse af roller');
    await expect.poll(() => d.page.getByRole('table').innerText()).toContain(manager.displayName);
    await d.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Log over opslag' }).click();
    await expectHeadingFocused(d.page, 'Log over opslag');
    await expectAccessible(d.page, 'audit log');
    await d.page.getByLabel('Person-id').fill(personId);
    await d.page.getByRole('button', { name: 'Søg i loggen' }).click();
    const log = d.page.getByRole('table');
    await log.waitFor();
    const text = await log.innerText();
    expect(text).toContain('Rådgiver');
    expect(text).toContain('Politiets tovholder');
    expect(text).toContain('Tovholder');
    expect(text).toContain('Opslag');
    await screenshot(d.page, 'audit-log');
    await expectAccessible(d.page, 'audit log with results');
    // By user, picked from the staff directory: everything Peter did.
    await d.page.getByLabel('Person-id').fill('');
    await d.page.getByLabel('Bruger', { exact: true }).selectOption({ label: `${police.displayName} (Politiets tovholder, VINK København)` });
    await d.page.getByRole('button', { name: 'Søg i loggen' }).click();
    await expect.poll(() => log.innerText()).toContain('police check clear');
    // Rows name the staff member, not only an id.
    await expect.poll(() => log.getByRole('row').filter({ hasText: 'police check clear' }).first().innerText()).toContain(police.displayName);
    await expectAccessible(d.page, 'audit log by user');
    await d.page.getByRole('button', { name: 'Kontrollér kæden' }).click();
    await expect.poll(() => d.page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Kæden er intakt'));
    await expectAccessible(d.page, 'audit chain verified');
    await expectNoBrowserStorage(d.page);

    // --- Nothing personal in any URL, no CSP violations --------------------------------------------------------------
    await expectAdminSeesNoCaseContent();
    const personal = [person.fullName, 'Mads', 'Sørensen', '2009-03-15', person.birthDate, 'Sara', 'Mette', 'Peter', 'Dorte', 'Karin', 'Lone',
      ...Object.values(codes)];
    for (const tab of tabs) {
      expectNoPersonalDataInUrls(tab, [...personal, admin.username, adviser.username, coordinator.username, police.username, dpo.username, manager.username]);
      expect(tab.problems).toEqual([]);
    }
  }, 300_000);
});
