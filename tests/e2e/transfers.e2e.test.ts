import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import { ensureUnitInTrx, insertUserInTrx } from '../../src/server/modules/users/index.ts';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, launchChromium, openTab, type Tab, type TestServer } from './support.ts';

/**
 * The transfer journey (docs/domain.md, "Transfers"): Copenhagen has requested the transfer of a case to Aarhus; the
 * Aarhus coordinator finds it under "Overdragelser", accepts it, and the case is Aarhus's; the Copenhagen coordinator
 * then sees only the stub on the same page. Every state passes axe, nothing is stored in the browser.
 */
let server: TestServer;
let browser: Browser;
const tabs: Tab[] = [];
const PASSWORD = 'correct-horse-battery-staple';
let aarhus: string;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.ctx.db;
  const now = server.ctx.clock.now();
  aarhus = await systemTransaction(db, (tx) => ensureUnitInTrx(tx, { name: 'Aarhus Kommune', municipalityCode: '751', policeDistrictId: 2 }));
  await systemTransaction(db, (tx) => insertUserInTrx(tx, { username: 'aarhus.koord', password: PASSWORD, role: 'coordinator', displayName: 'Aarhus Koordinator', unitId: aarhus }, now));
  const cph = await server.createUser({ username: 'kbh.koord', password: PASSWORD, role: 'coordinator', displayName: 'KBH Koordinator' });
  caseId = await systemTransaction(db, async (tx) => {
    const p = await tx.query<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Flytter Testesen', 'unknown', $2, $2) RETURNING id`, [server.unitId, now]);
    const c = await tx.query<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Flyttesag', $3, $3) RETURNING id`, [server.unitId, p.rows[0]!.id, now]);
    await tx.query(`INSERT INTO transfers (case_id, from_unit_id, to_unit_id, travels, legal_basis, requested_by, requested_at)
      VALUES ($1, $2, $3, '{summary,assessments}', 'serviceloven § 152', $4, $5)`, [c.rows[0]!.id, server.unitId, aarhus, cph.id, now]);
    return c.rows[0]!.id;
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await server?.close();
});

describe('the transfer journey', () => {
  it('the Aarhus coordinator accepts the transfer; Copenhagen keeps only the stub', async () => {
    const tab = await openTab(browser);
    tabs.push(tab);
    await browserSignIn(server, tab.context, 'aarhus.koord', PASSWORD);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Overdragelser', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Overdragelser ved flytning' }).waitFor();
    await page.getByRole('row', { name: /Sag Til jeres enhed resumé, vurderinger serviceloven § 152 Anmodet/ }).waitFor();
    await expectAccessible(page, 'transfers page, incoming');
    // Reject without a reason is stopped in the form.
    await page.getByRole('button', { name: 'Afvis', exact: true }).click();
    await page.getByRole('form', { name: 'Afvis overdragelsen' }).getByRole('button', { name: 'Afvis', exact: true }).click();
    await page.getByText('Skriv en begrundelse for afvisningen.').first().waitFor();
    await expectAccessible(page, 'transfers page, reject form error');
    await page.getByRole('button', { name: 'Fortryd', exact: true }).click();
    await page.getByRole('button', { name: 'Modtag', exact: true }).click();
    await page.getByText('Overdragelsen er modtaget.', { exact: false }).waitFor();
    await page.getByRole('row', { name: /Modtaget/ }).waitFor();
    await expectAccessible(page, 'transfers page, accepted');
    await expectNoBrowserStorage(page);

    const cph = await openTab(browser);
    tabs.push(cph);
    await browserSignIn(server, cph.context, 'kbh.koord', PASSWORD);
    await cph.page.goto(`${server.url}/overdragelser`);
    await cph.page.getByRole('row', { name: /Sag Fra jeres enhed .* Modtaget/ }).waitFor();
    await expectAccessible(cph.page, 'transfers page, outgoing stub');
    const res = await cph.context.request.get(`${server.url}/api/v1/cases/${caseId}`, { headers: { 'x-vink-reason': 'test' } });
    expect(res.status()).toBe(404);
  });
});
