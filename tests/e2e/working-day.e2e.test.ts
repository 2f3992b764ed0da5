import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runTaskRulesOnce } from '../../src/server/modules/tasks/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoPersonalDataInUrls, launchChromium, openTab, type Tab, type TestServer } from './support.ts';

/**
 * A working day (issue 12 "Done when"): Pia, the police liaison, sees a task and an unread notification seconds after
 * Tove shares a concern with her, and completes the check from the task card, which names the number and initials.
 * Tove hands a case to Kurt, whose "I dag" then holds its task. Lone, the manager, opens the workload view, whose
 * counts match the database; Anna, the analyst, sees it without names. axe finds nothing on every new page, and no
 * URL carries a name.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const PERSON = { fullName: 'Mads Prøvesen', birthDate: '2001-06-01' };
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];
const ids: Record<string, string> = {};
/** Tove's API session (her first sign-in), which sets the scene as intake would have. */
let tove: Awaited<ReturnType<typeof kit.apiAs>>;

const apiAs = (username: string) => kit.apiAs(server, username, PASSWORD);
async function tabFor(username: string): Promise<Tab> {
  const tab = await openTab(browser);
  tabs.push(tab);
  await kit.browserSignIn(server, tab.context, username, PASSWORD);
  return tab;
}
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(server.ctx.db, (tx) => tx.query<T>(text, params))).rows;

beforeAll(async () => {
  server = await startTestServer();
  for (const [username, role, displayName] of [
    ['tove.tovholder', 'coordinator', 'Tove Tovholder'], ['kurt.tovholder', 'coordinator', 'Kurt Kollega'], ['pia.politi', 'police_liaison', 'Pia Politi'],
    ['lone.leder', 'manager', 'Lone Leder'], ['anna.analytiker', 'analyst', 'Anna Analytiker'], ['tina.tovholder', 'coordinator', 'Tina Tovholder'],
  ] as const) {
    ids[username] = (await server.createUser({ username, password: PASSWORD, role, displayName })).id;
  }
  tove = await apiAs('tove.tovholder');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
  await server?.close();
});

describe('a working day', () => {
  it('gives the police liaison a task and a notification at the share, and the check completes the task', async () => {
    const pia = await tabFor('pia.politi');
    await pia.page.goto(`${server.url}/opgaver`);
    await pia.page.getByRole('heading', { level: 1, name: 'I dag' }).waitFor();
    await expect.poll(() => pia.page.getByRole('status').first().innerText()).toContain('ingen åbne opgaver');

    const c = await tove('POST', '/concerns', {
      receivedAt: new Date().toISOString(), channel: 'professional', reporter: { anonymous: false, name: 'Lærer Lone', organisation: 'Valby Skole', sector: 'school' },
      person: PERSON, ideologyArea: 'right_wing', severity: 'high', behaviourIndicators: ['propaganda_sharing'],
      behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.', minor: 'no',
    });
    expect(c.status).toBe(201);
    const number = c.body.number as string;
    expect(number).toMatch(/^101-20[0-9]{2}-[0-9]{4}$/);
    const shared = await tove('POST', `/concerns/${c.body.id}/share`, { version: c.body.version, userId: ids['pia.politi'], legalBasis: 'retsplejeloven_115' });
    expect(shared.status).toBe(200);

    // Seconds later: the task is there on reload, naming number and initials, and the header counts the unread.
    await pia.page.reload();
    const card = pia.page.locator('.vink-task', { hasText: number });
    await card.waitFor();
    expect(await card.innerText()).toContain('MP');
    expect(await card.innerText()).toContain('Politiets tjek af henvendelse');
    expect(await card.innerText()).not.toContain('Prøvesen');
    await expect.poll(() => pia.page.getByTestId('unread-badge').innerText(), { timeout: 5_000 }).toMatch(/\(\d+/);
    await expectAccessible(pia.page, 'I dag with a police task');

    await pia.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: /Notifikationer/ }).click();
    await pia.page.getByRole('heading', { level: 1, name: 'Notifikationer' }).waitFor();
    await expect.poll(() => pia.page.getByRole('main').innerText()).toContain('En henvendelse er delt med dig');
    await expectAccessible(pia.page, 'notifications');
    await pia.page.getByRole('button', { name: 'Markér alle som læst' }).click();
    await expect.poll(() => pia.page.getByTestId('unread-badge').count()).toBe(0);

    // From the task card to the check.
    await pia.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'I dag' }).click();
    await pia.page.locator('.vink-task', { hasText: number }).getByRole('link').click();
    await pia.page.getByRole('heading', { level: 1, name: new RegExp(number) }).waitFor();
    await pia.page.getByLabel('Intet hos politiet – videre til Infohus').check();
    await pia.page.getByRole('button', { name: 'Registrér politiets tjek' }).click();
    await expect.poll(() => pia.page.locator('.vink-status-line').innerText()).toContain('Infohus-vurdering');
    await pia.page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'I dag' }).click();
    await expect.poll(() => pia.page.getByRole('status').first().innerText()).toContain('ingen åbne opgaver');

    await pia.page.goto(`${server.url}/indstillinger/notifikationer`);
    await pia.page.getByRole('heading', { level: 1, name: 'E-mail ved nye notifikationer' }).waitFor();
    await expectAccessible(pia.page, 'notification settings');
    await pia.page.getByLabel('Din arbejds-e-mail').fill('pia@politi.example');
    await pia.page.getByLabel('Send mig en e-mail ved nye notifikationer').check();
    await pia.page.getByRole('button', { name: 'Gem' }).click();
    await expect.poll(() => pia.page.getByRole('main').innerText()).toContain('Indstillingen er gemt.');
    expectNoPersonalDataInUrls(pia, [PERSON.fullName, 'Prøvesen']);
  });

  it("hands a case to a colleague, whose I dag then holds its task; the workload view's counts match the database", async () => {
    const p = await tove('POST', '/persons', { fullName: 'Hans Handover', cpr: '010203-1237' });
    expect(p.status).toBe(201);
    const c = await tove('POST', '/cases', { personId: p.body.id, title: 'Borgersag', preventionLevel: 'green' });
    expect(c.status).toBe(201);
    await sql(`INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at) VALUES ($1, $2, 'national-v1', 'start', '2025-01-05', $3, now())`,
      [c.body.id, server.unitId, ids['tove.tovholder']]);
    await runTaskRulesOnce(server.ctx);

    // Tina, another coordinator of the unit, hands Tove's case to Kurt (Tove is away).
    const toveTab = await tabFor('tina.tovholder');
    await kit.openWithReason(toveTab.page, `${server.url}/sager/${c.body.id}`);
    await toveTab.page.getByRole('heading', { level: 1, name: new RegExp(c.body.number) }).waitFor();
    await toveTab.page.getByRole('button', { name: 'Overdrag', exact: true }).click();
    const picker = toveTab.page.getByLabel('Ny sagsansvarlig');
    await picker.locator('option', { hasText: 'Kurt Kollega' }).waitFor({ state: 'attached' });
    await picker.selectOption((await picker.locator('option', { hasText: 'Kurt Kollega' }).getAttribute('value'))!);
    await expectAccessible(toveTab.page, 'case page with handover form');
    await toveTab.page.getByRole('button', { name: 'Overdrag', exact: true }).last().click();
    await expect.poll(() => toveTab.page.getByRole('main').innerText()).toContain('Overdraget til Kurt Kollega');

    const kurt = await tabFor('kurt.tovholder');
    await kurt.page.goto(`${server.url}/opgaver`);
    const card = kurt.page.locator('.vink-task', { hasText: c.body.number });
    await card.waitFor();
    expect(await card.innerText()).toContain('HH');
    expect(await card.innerText()).toContain('Ansvarlig: Kurt Kollega');

    const lone = await tabFor('lone.leder');
    await lone.page.goto(`${server.url}/arbejdsbyrde`);
    await lone.page.getByRole('heading', { level: 1, name: 'Arbejdsbyrde' }).waitFor();
    const row = lone.page.getByRole('row', { name: /Kurt Kollega/ });
    await row.waitFor();
    const [db] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE owner_id = $1 AND status <> 'closed'`, [ids['kurt.tovholder']]);
    expect(await row.locator('[data-col="openCases"]').innerText()).toBe(String(db!.n));
    const [tri] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM concerns WHERE coordinator_id = $1 AND triaged_at IS NULL AND status IN ('received', 'police_check', 'infohus') AND triage_deadline_at < now()`,
      [ids['tove.tovholder']]);
    expect(await lone.page.getByRole('row', { name: /Tove Tovholder/ }).locator('[data-col="overdueTriage"]').innerText()).toBe(String(tri!.n));
    await expectAccessible(lone.page, 'workload');

    const anna = await tabFor('anna.analytiker');
    await anna.page.goto(`${server.url}/arbejdsbyrde`);
    await anna.page.getByRole('heading', { level: 1, name: 'Arbejdsbyrde' }).waitFor();
    await anna.page.getByRole('table').first().waitFor();
    const text = await anna.page.getByRole('main').innerText();
    for (const name of ['Kurt Kollega', 'Tove Tovholder']) expect(text).not.toContain(name);
    expect(text).toContain('<5');
    await expectAccessible(anna.page, 'workload suppressed');
  });
});
