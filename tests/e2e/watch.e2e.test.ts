import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { appendAuditInTrx } from '../../src/server/audit/audit.ts';
import { runSnoopingRulesOnce } from '../../src/server/modules/snooping/index.ts';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, type Tab, type TestServer } from './support.ts';

/**
 * The DPO's snooping alerts and the manager's bias page, through the browser. A colleague looks up three persons they
 * have nothing to do with; the rules raise an alert. Dorte, the DPO, opens the alert list, drills down to the three
 * look-ups and marks the alert resolved with a note. Lone, the manager, opens the bias page. Every page passes axe.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
  await server?.close();
});

describe('look-up monitoring and bias watch', () => {
  it('the DPO finds the alert, sees the look-ups behind it and resolves it; the manager reads the bias page', async () => {
    await server.createUser({ username: 'dorte.dpo', password: PASSWORD, role: 'dpo', displayName: 'Dorte Krog' });
    await server.createUser({ username: 'lone.leder', password: PASSWORD, role: 'manager', displayName: 'Lone Berg' });
    const snooper = await server.createUser({ username: 'ole.raadgiver', password: PASSWORD, role: 'adviser', displayName: 'Ole Nysgerrig' });
    const now = server.ctx.clock.now();
    const watched = await systemTransaction(server.ctx.db, async (tx) => {
      const persons = (await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) SELECT $1, 'Fremmed ' || g, 'unknown', $2, $2 FROM generate_series(1, 3) g RETURNING id`,
        [server.unitId, now])).rows.map((r) => r.id);
      await appendAuditInTrx(tx, { at: now, actorId: snooper.id, actorRole: 'adviser', unitId: server.unitId, purpose: 'casework' },
        persons.map((p) => ({ action: 'read' as const, outcome: 'ok' as const, recordType: 'person', recordId: p, personId: p })));
      return persons[0]!;
    });
    expect((await runSnoopingRulesOnce(server.ctx)).created).toBeGreaterThanOrEqual(1);

    const d = await openTab(browser);
    tabs.push(d);
    await browserSignIn(server, d.context, 'dorte.dpo', PASSWORD);
    await d.page.goto(`${server.url}/dpo/overvaagning`);
    await d.page.getByRole('heading', { level: 1, name: 'Overvågning af opslag' }).waitFor();
    await expect.poll(() => d.page.getByText('Opslag uden for egne sager').count()).toBeGreaterThan(0);
    await expectAccessible(d.page, 'snooping alerts');
    await d.page.getByRole('table').getByRole('link').first().click();
    await d.page.getByRole('heading', { level: 1, name: 'Alarm' }).waitFor();
    await expect.poll(() => d.page.getByRole('heading', { level: 2, name: '3 opslag bag alarmen' }).count()).toBe(1);
    expect(await d.page.getByRole('main').innerText()).toContain('Ole Nysgerrig');
    await expectAccessible(d.page, 'snooping alert');
    await d.page.getByRole('button', { name: 'Markér løst' }).click();
    await expect.poll(() => d.page.getByText('Skriv en note om, hvad undersøgelsen viste.').count()).toBeGreaterThan(0);
    await d.page.getByLabel('Note').fill('Talt med Ole: opslagene var en fejl i søgningen. Ingen videre skridt.');
    await d.page.getByRole('button', { name: 'Markér løst' }).click();
    await expect.poll(() => d.page.getByText('Talt med Ole: opslagene var en fejl').count()).toBeGreaterThan(0);
    await expectAccessible(d.page, 'snooping alert resolved');
    // Dorte watches a colleague's registration: by the id the log shows, with a reason.
    await d.page.getByRole('link', { name: 'Tilbage til alarmerne' }).click();
    await d.page.getByRole('heading', { level: 2, name: 'Overvågede personer' }).waitFor();
    await d.page.getByLabel('Personens id').fill(watched);
    await d.page.getByLabel('Begrundelse').fill('Medarbejder i forvaltningen');
    await d.page.getByRole('button', { name: 'Overvåg personen' }).click();
    await expect.poll(() => d.page.getByText(watched).count()).toBeGreaterThan(0);
    await expectAccessible(d.page, 'watched persons');
    await expectNoBrowserStorage(d.page);

    const l = await openTab(browser);
    tabs.push(l);
    await browserSignIn(server, l.context, 'lone.leder', PASSWORD);
    await l.page.goto(`${server.url}/skaevhed`);
    await l.page.getByRole('heading', { level: 1, name: 'Overvågning af skævhed' }).waitFor();
    await expect.poll(() => l.page.getByText('Afgjorte henvendelser i alt').count()).toBe(1);
    await expectAccessible(l.page, 'bias watch');
  });
});
