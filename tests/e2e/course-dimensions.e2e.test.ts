import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, openWithReason, screenshot, type TestServer } from './support.ts';

/**
 * The dimensions a course addresses (docs/domain.md, "Relevant dimensions of a course"): on the case page a
 * coordinator marks which dimensions of the national tool a mentor course works on. An empty choice names the field;
 * a save shows the marking and its version. On the relative-coach course she records the coached relative's own
 * assessment (docs/domain.md, "The coached relative's instrument"). Both sections pass axe (WCAG 2.1 AA) and nothing lands in browser storage.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

let server: TestServer;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer();
  const owner = await server.createUser({ username: 'dina.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Dina Tovholder' });
  const mentor = await server.createUser({ username: 'mads.mentor', password: PASSWORD, role: 'mentor', displayName: 'Mads Mentor' });
  await server.createUser({ username: 'sune.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sune Tovholder' });
  const api = await kit.apiAs(server, 'sune.tovholder', PASSWORD);
  const person = await api('POST', '/persons', { fullName: 'Asger Dimensionsen' });
  const created = await api('POST', '/cases', { personId: person.body.id, title: 'Forløbssag 2026-3', ownerId: owner.id });
  expect(created.status).toBe(201);
  caseId = created.body.id;
  await systemTransaction(server.ctx.db, (tx) => tx.query(
    `INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at)
     SELECT id, unit_id, kind, $2, 'active', current_date, now() FROM cases, unnest(ARRAY['mentor', 'relative_coach']) AS kind WHERE id = $1`,
    [caseId, mentor.id]));
  browser = await kit.launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('relevant dimensions on the course', () => {
  it('a coordinator marks the dimensions a mentor course addresses and records the coached relative\'s own assessment on a relative-coach course', async () => {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    await kit.browserSignIn(server, context, 'dina.tovholder', PASSWORD);
    const page: Page = await context.newPage();
    await openWithReason(page, `${server.url}/sager/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Forløbssag 2026-3' }).waitFor();
    const card = page.locator('.vink-card', { hasText: 'Mentorforløb' }).locator('.vink-course-dimensions');
    await expect.poll(() => card.innerText()).toContain('Relevante dimensioner: Ingen markeret');
    await page.getByRole('button', { name: 'Markér relevante dimensioner for Mentorforløb' }).click();
    await page.getByRole('button', { name: 'Gem dimensionerne' }).click();
    await page.getByText('Markér mindst én dimension.').first().waitFor();
    await expectAccessible(page, 'course dimensions with an error');
    await page.getByRole('checkbox', { name: 'Villighed til at anvende vold' }).check();
    await page.getByRole('checkbox', { name: 'Familie', exact: true }).check();
    await page.getByRole('button', { name: 'Gem dimensionerne' }).click();
    await page.getByText('Dimensionerne er gemt som version 1.').waitFor();
    await expect.poll(() => card.innerText()).toContain('Relevante dimensioner: Villighed til at anvende vold, Familie (version 1)');
    await expectAccessible(page, 'course dimensions saved');
    await screenshot(page, 'course-dimensions');

    // The relative-coach course: the coached relative's own assessment, one rating per item.
    const coach = page.getByRole('region', { name: 'Den pårørendes egen vurdering' });
    await expect.poll(() => coach.innerText()).toContain('Der er ikke registreret nogen vurdering af den pårørende endnu.');
    await coach.getByRole('button', { name: 'Registrér vurdering af den pårørende' }).click();
    await coach.getByRole('button', { name: 'Gem vurderingen' }).click();
    await page.getByText('Vælg en vurdering af: Evnen til at håndtere konflikt med den unge (eller Ukendt).').first().waitFor();
    await coach.getByRole('radio', { name: 'Start', exact: true }).check();
    for (const [item, rating] of [['Relationen til den unge', 'I nogen grad'], ['Evnen til at håndtere konflikt med den unge', 'I ringe grad'],
      ['Evnen til at støtte den unge', 'Ukendt'], ['Viden om, hvor der er hjælp at hente', 'I høj grad']] as const) {
      await coach.getByLabel(item, { exact: true }).selectOption({ label: rating });
    }
    await coach.getByRole('button', { name: 'Gem vurderingen' }).click();
    await page.getByText('Vurderingen af den pårørende er gemt.').waitFor();
    await expect.poll(() => coach.locator('tbody tr').first().innerText()).toMatch(/Start.*I nogen grad\s+I ringe grad\s+Ukendt\s+I høj grad/s);
    await expectAccessible(page, 'relative assessment saved');
    await screenshot(page, 'relative-assessment');
    await expectNoBrowserStorage(page);
    await context.close();
  }, 120_000);
});
