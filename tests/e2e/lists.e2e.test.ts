import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { apiAs, browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, type Tab, type TestServer } from './support.ts';

/**
 * The adviser's own calls (issue 12, item 2): Sara opens "Mine opkald", sees today's call and not yesterday's, corrects
 * the call's topic and sees old -> new in its history, and finds yesterday's call by its date with a link to forward it.
 * axe reports 0 violations; nothing is stored in the browser.
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

describe('lists', () => {
  it("the adviser's calls list shows today's calls, corrects one with its history, and finds an earlier day's", async () => {
    const sara = await server.createUser({ username: 'sara.raadgiver', password: PASSWORD, role: 'adviser', displayName: 'Sara Holm' });
    const now = server.ctx.clock.now();
    const yesterday = new Date(now.getTime() - 24 * 3_600_000);
    await systemTransaction(server.ctx.db, (tx) => tx.query(
      `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
       VALUES ($1, $2, 'vink_line', 'parent', 'Forælder bekymret for søns nye venner', 'right_wing', 'advice_only', $3, $2, $2),
              ($1, $4, 'email', 'anonymous', 'Spørgsmål om rådgivning i går', 'none', 'advice_only', $3, $4, $4)`,
      [server.unitId, now, sara.id, yesterday]));

    const s = await openTab(browser);
    tabs.push(s);
    await browserSignIn(server, s.context, 'sara.raadgiver', PASSWORD);
    await s.page.goto(`${server.url}/opkald`);
    await s.page.getByRole('heading', { level: 1, name: 'Opkald' }).waitFor();
    await expect.poll(() => s.page.getByText('1 opkald denne dag').count()).toBe(1);
    const main = s.page.getByRole('main');
    expect(await main.innerText()).toContain('Forælder bekymret for søns nye venner');
    expect(await main.innerText()).not.toContain('Spørgsmål om rådgivning i går');
    await expectAccessible(s.page, 'calls list');

    await s.page.getByRole('button', { name: /^Ret opkaldet fra/ }).click();
    await s.page.getByRole('heading', { level: 2, name: /^Ret opkaldet fra/ }).waitFor();
    await expect.poll(() => s.page.getByText('Opkaldet er ikke rettet.').count()).toBe(1);
    await s.page.getByLabel('Emne').fill('Forælder bekymret for søns nye venner i klubben');
    await s.page.getByRole('button', { name: 'Gem rettelse' }).click();
    await expect.poll(() => s.page.getByText('Rettelsen er gemt.').count()).toBe(1);
    await expect.poll(() => s.page.getByText('Forælder bekymret for søns nye venner → Forælder bekymret for søns nye venner i klubben').count()).toBe(1);
    expect(await main.innerText()).toContain('Sara Holm');
    await expectAccessible(s.page, 'calls list with a correction');
    const history = await systemTransaction(server.ctx.db, (tx) => tx.query<{ field: string; old_value: string; new_value: string }>(
      "SELECT field, old_value, new_value FROM field_history WHERE record_type = 'call'"));
    expect(history.rows).toEqual([{ field: 'topic', old_value: 'Forælder bekymret for søns nye venner', new_value: 'Forælder bekymret for søns nye venner i klubben' }]);

    // Yesterday's call, by its date, with the forward still possible.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(yesterday);
    await s.page.getByLabel('Dato', { exact: true }).fill(day);
    await expect.poll(() => main.innerText()).toContain('Spørgsmål om rådgivning i går');
    const forward = s.page.getByRole('link', { name: 'Videresend som henvendelse' });
    expect(await forward.count()).toBe(1);
    await forward.click();
    await s.page.waitForURL(/\/opkald\/[0-9a-f-]+\/videresend$/);
    await expectNoBrowserStorage(s.page);
  });

  it('the coordinator fixes a name and adds a CPR number later on the person overview, and the history shows old -> new', async () => {
    const mette = await server.createUser({ username: 'mette.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Mette Lund' });
    const now = server.ctx.clock.now();
    const personId = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ id: string }>(
      `INSERT INTO persons (unit_id, full_name, gender, created_by, created_at, updated_at) VALUES ($1, 'Jonas Provesen', 'unknown', $2, $3, $3) RETURNING id`,
      [server.unitId, mette.id, now]))).rows[0]!.id;
    const m = await openTab(browser);
    tabs.push(m);
    await browserSignIn(server, m.context, 'mette.tovholder', PASSWORD);
    await m.page.goto(`${server.url}/personer/${personId}`);
    await m.page.getByRole('heading', { level: 1, name: 'Jonas Provesen' }).waitFor();
    await expect.poll(() => m.page.getByText('Personens stamdata er ikke rettet.').count()).toBe(1);
    await m.page.getByRole('button', { name: 'Ret navn eller tilføj CPR-nummer' }).click();
    await m.page.getByLabel('Navn', { exact: true }).fill('Jonas Prøvesen');
    await m.page.getByLabel('CPR-nummer', { exact: true }).fill('010110-4234');
    await m.page.getByRole('button', { name: 'Gem rettelse' }).click();
    await m.page.getByRole('heading', { level: 1, name: 'Jonas Prøvesen' }).waitFor();
    await expect.poll(() => m.page.getByText('Jonas Provesen → Jonas Prøvesen').count()).toBe(1);
    const main = await m.page.getByRole('main').innerText();
    expect(main).toContain('Mette Lund');
    expect(main).not.toContain('4234');
    await expectAccessible(m.page, 'person overview with a correction');
    await expectNoBrowserStorage(m.page);
  });

  it('the cases list filters by the person district, with the true total', async () => {
    await server.createUser({ username: 'mona.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Mona Riis' });
    const now = server.ctx.clock.now();
    await systemTransaction(server.ctx.db, async (tx) => {
      for (const [name, district] of [['Ali Distrikt', 'Nørrebro'], ['Bo Distrikt', 'Nørrebro'], ['Cai Distrikt', 'Vesterbro']] as const) {
        const p = (await tx.query<{ id: string }>(
          `INSERT INTO persons (unit_id, full_name, gender, district, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $4, $4) RETURNING id`,
          [server.unitId, name, district, now])).rows[0]!.id;
        await tx.query(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Distriktssag', $3, $3)`, [server.unitId, p, now]);
      }
    });
    const want = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.unit_id = $1 AND p.district = 'Nørrebro'", [server.unitId]))).rows[0]!.n;
    expect(want).toBe(2);
    const c = await openTab(browser);
    tabs.push(c);
    await browserSignIn(server, c.context, 'mona.tovholder', PASSWORD);
    await c.page.goto(`${server.url}/sager`);
    await c.page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
    await c.page.getByLabel('Distrikt', { exact: true }).fill('nørrebro');
    await c.page.getByLabel('Distrikt', { exact: true }).press('Enter');
    await expect.poll(() => c.page.getByText(`Viser ${want} af ${want} sager.`).count()).toBe(1);
    expect(c.page.url()).not.toContain('rrebro');
    await expectAccessible(c.page, 'cases list with a district filter');
  });

  it("the coordinator finds today's concern in the default concern list, behind 520 older ones, and the total matches the database", async () => {
    await server.createUser({ username: 'tina.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tina Holm' });
    const now = server.ctx.clock.now();
    await systemTransaction(server.ctx.db, async (tx) => {
      const p = (await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Gammel Sag', 'unknown', $2, $2) RETURNING id`, [server.unitId, now])).rows[0]!.id;
      const reg = (await tx.query<{ id: string }>("SELECT id FROM users WHERE username = 'tina.tovholder'")).rows[0]!.id;
      await tx.query(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
           registered_by, created_at, updated_at, minor_stated, triaged_at)
         SELECT $1, $2::timestamptz - g * interval '1 day', 'professional', $3, 'right_wing', 'low', 'Ældre henvendelse: beskrevet adfærd.', 'unfounded',
           $2::timestamptz - g * interval '1 day' + interval '5 days', $4, $2, $2, 'no', $2::timestamptz - g * interval '1 day' + interval '1 day'
           FROM generate_series(2, 521) g`,
        [server.unitId, now, p, reg]);
    });
    // An adviser registers today's concern through the API (the coordinator signs in with the browser below).
    await server.createUser({ username: 'ulla.raadgiver', password: PASSWORD, role: 'adviser', displayName: 'Ulla Berg' });
    const setup = await apiAs(server, 'ulla.raadgiver', PASSWORD);
    const k = await setup('POST', '/concerns', {
      receivedAt: now.toISOString(), channel: 'professional', reporter: { anonymous: false, name: 'Lærer Lone', organisation: 'Valby Skole', sector: 'school' },
      person: { fullName: 'Dagens Henvendelse Testperson', birthDate: '2009-06-06' }, ideologyArea: 'right_wing', severity: 'high',
      behaviourIndicators: ['hate_speech'], behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
    });
    expect(k.status, JSON.stringify(k.body)).toBe(201);
    const total = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM concerns WHERE unit_id = $1', [server.unitId]))).rows[0]!.n;
    expect(total).toBe(521);
    const t = await openTab(browser);
    tabs.push(t);
    await browserSignIn(server, t.context, 'tina.tovholder', PASSWORD);
    await t.page.goto(`${server.url}/henvendelser`);
    await t.page.getByRole('heading', { level: 1, name: 'Henvendelser' }).waitFor();
    await expect.poll(() => t.page.getByText(`af ${new Intl.NumberFormat('da-DK').format(total)} henvendelser.`).count()).toBe(1);
    // Today's open concern comes first (running clocks first), on the first page.
    await expect.poll(() => t.page.locator(`#queue-row-${k.body.id}`).count()).toBe(1);
    await expectAccessible(t.page, 'concern list with today first');
  });
});
