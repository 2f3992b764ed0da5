import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import * as kit from './support.ts';
import { expectAccessible, type TestServer } from './support.ts';

/**
 * Issue 12's "Done when" journeys for corrections and the rest of the flow, in Chromium: the case page writes exactly
 * one audit row per look; closing a case with a running course names the course and ends it on request; a concern's
 * severity is corrected and its history shows old → new, next to the shares and the police check it went through.
 * axe finds no WCAG 2.1 AA violation on the pages as they change.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

let server: TestServer;
let browser: Browser;
let setup: Awaited<ReturnType<typeof kit.apiAs>>;
let mentorId: string;
let policeId: string;

const auditCount = async () =>
  Number((await systemTransaction(server.ctx.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).rows[0]!.n);

async function signedIn(username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  await kit.browserSignIn(server, context, username, PASSWORD);
  return context;
}

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  await server.createUser({ username: 'tove.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tove Tovholder' });
  await server.createUser({ username: 'tina.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tina Tovholder' });
  await server.createUser({ username: 'lene.leder', password: PASSWORD, role: 'manager', displayName: 'Lene Leder' });
  mentorId = (await server.createUser({ username: 'maja.mentor', password: PASSWORD, role: 'mentor', displayName: 'Maja Mentor' })).id;
  policeId = (await server.createUser({ username: 'pia.politi', password: PASSWORD, role: 'police_liaison', displayName: 'Pia Politi' })).id;
  setup = await kit.apiAs(server, 'sara.tovholder', PASSWORD);
  browser = await kit.launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('finishing the flow in the browser', () => {
  it('the case page writes one audit row per look; closing it names the running course and ends it', async () => {
    const person = await setup('POST', '/persons', { fullName: 'Lars Lukkesen Testmand', birthDate: '1998-02-02' });
    expect(person.status).toBe(201);
    const created = await setup('POST', '/cases', { personId: person.body.id, title: 'Borgersag 2026-303', preventionLevel: 'yellow' });
    const caseId: string = created.body.id;
    expect((await setup('POST', `/cases/${caseId}/notes`, { body: 'Første samtale holdt.', sharedWithPartners: false })).status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    expect((await setup('POST', `/cases/${caseId}/courses`, { kind: 'mentor', mentorId, startedOn: today })).status).toBe(201);

    const context = await signedIn('tove.tovholder');
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // The start page's own reads (I dag's tasks) land before the count, not inside the case page's look.
    await page.waitForLoadState('networkidle');
    const before = await auditCount();
    await kit.openWithReason(page, `${server.url}/sager/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Borgersag 2026-303' }).waitFor();
    const courses = page.getByRole('region', { name: 'Forløb og samtaler' });
    await expect.poll(() => courses.innerText()).toContain('Maja Mentor');
    await page.waitForLoadState('networkidle');
    // One look at the case: exactly one audit row (issue 12, item 10), not one per section.
    const rows = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ action: string; record_type: string; record_id: string; criterion: string | null }>(
      'SELECT action, record_type, record_id, criterion FROM audit_log ORDER BY seq OFFSET $1', [before]))).rows;
    expect(rows).toEqual([{ action: 'read', record_type: 'case', record_id: caseId, criterion: 'case page' }]);
    await expectAccessible(page, 'case page');

    // Asking to close with the course still running: the page names it, and the asker may agree that closing ends it.
    const closure = page.getByRole('region', { name: 'Lukning af sagen' });
    await closure.getByLabel('Begrundelse for at lukke sagen').fill('Borgeren er flyttet til en anden kommune.');
    await closure.getByRole('button', { name: 'Anmod om lukning', exact: true }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Sagen har forløb, der stadig kører' });
    await expect.poll(() => warning.innerText()).toContain('Mentorforløb med Maja Mentor');
    await expectAccessible(page, 'close with running course');
    await closure.getByRole('button', { name: /Anmod om lukning – forløbene afsluttes/ }).click();
    await expect.poll(() => closure.innerText()).toContain('Venter på leder');
    // The course runs until a manager approves; the approval closes the case and ends it.
    expect((await setup('GET', `/cases/${caseId}/courses`)).body.map((c: { status: string }) => c.status)).toEqual(['active']);
    const manager = await kit.apiAs(server, 'lene.leder', PASSWORD);
    const [request] = (await manager('GET', `/cases/${caseId}/closure-requests`)).body;
    expect((await manager('POST', `/closure-requests/${request.id}/decision`, { decision: 'approved', note: 'Godkendt.', version: request.version })).status).toBe(200);
    const stored = await setup('GET', `/cases/${caseId}/courses`);
    expect(stored.body.map((c: { status: string }) => c.status)).toEqual(['ended']);
    await context.close();
  });

  it("a concern's severity is corrected and its history shows old → new; the share and police check show with their legal basis", async () => {
    const k = await setup('POST', '/concerns', {
      receivedAt: new Date().toISOString(), channel: 'professional',
      reporter: { anonymous: false, name: 'Lærer Lone', organisation: 'Valby Skole', sector: 'school' },
      person: { fullName: 'Rikke Rettelse Testkvinde', birthDate: '1996-06-06' },
      ideologyArea: 'right_wing', severity: 'medium', behaviourIndicators: ['hate_speech'],
      behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.', minor: 'no',
    });
    expect(k.status).toBe(201);
    const shared = await setup('POST', `/concerns/${k.body.id}/share`, { version: k.body.version, userId: policeId, legalBasis: 'retsplejeloven_115' });
    expect(shared.status).toBe(200);

    const context = await signedIn('tina.tovholder');
    const page = await context.newPage();
    await page.goto(`${server.url}/henvendelser/${k.body.id}`);
    await page.getByRole('heading', { level: 1, name: /Henvendelse modtaget/ }).waitFor();
    // The share shows after it was saved, with its legal basis (D3); behaviour shows as a label, never a code (D8).
    const shares = page.getByRole('region', { name: 'Delt med' });
    await expect.poll(() => shares.innerText()).toContain('Pia Politi');
    expect(await page.getByText('hate_speech').count()).toBe(0);
    expect(await page.getByText('Hadefuld tale mod grupper').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Ret alvor, adfærd eller beskrivelse' }).click();
    await page.getByRole('radio', { name: 'Høj' }).check();
    await page.getByRole('button', { name: 'Gem rettelsen' }).click();
    await expect.poll(() => page.getByText('Rettelsen er gemt.').count()).toBe(1);
    const history = page.getByRole('region', { name: 'Rettelser' });
    await expect.poll(() => history.innerText()).toContain('Middel → Høj');
    expect(await history.innerText()).toContain('Tina Tovholder');
    await expectAccessible(page, 'concern page after a correction');
    const stored = await setup('GET', `/concerns/${k.body.id}`);
    expect(stored.body.severity).toBe('high');
    await context.close();
  });
});
