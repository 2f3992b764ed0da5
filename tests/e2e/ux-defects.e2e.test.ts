import { describe, expect, it } from 'vitest';
import { browserSignIn, expectAccessible, useJourney } from './support.ts';

/**
 * Defects from the December walk-through (issue 12, item 12): the intake's search moves the focus to "2.
 * Henvendelsen" once the results are there (D20), and the analyst's start page says what they can open instead of a
 * placeholder (D15). axe reports 0 violations on both.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

const j = useJourney();

describe('defects from the walk-through', () => {
  it('D20: after the intake search the focus is on "2. Henvendelsen"', async () => {
    await j.server.createUser({ username: 'sara.fokus', password: PASSWORD, role: 'adviser', displayName: 'Sara Holm' });
    const s = await j.tab();
    await browserSignIn(j.server, s.context, 'sara.fokus', PASSWORD);
    await s.page.goto(`${j.server.url}/henvendelser/ny`);
    await s.page.getByLabel('Fulde navn').first().fill('Fokus Testesen');
    await s.page.getByLabel('Fulde navn').first().press('Enter');
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''), { timeout: 5000 }).toBe('2. Henvendelsen');
    expect(await s.page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await expectAccessible(s.page, 'intake after the search');
  });

  it('D15: the analyst starts on a page that lists what they can open', async () => {
    await j.server.createUser({ username: 'anna.analyse', password: PASSWORD, role: 'analyst', displayName: 'Anna Berg' });
    const a = await j.tab();
    await browserSignIn(j.server, a.context, 'anna.analyse', PASSWORD);
    await a.page.goto(`${j.server.url}/forside`);
    await a.page.getByRole('heading', { level: 1, name: 'Forside' }).waitFor();
    const main = a.page.getByRole('main');
    expect(await main.innerText()).not.toContain('Her kommer du til at finde');
    await expect.poll(() => main.getByRole('link', { name: 'Statistik' }).count()).toBe(1);
    expect(await main.getByRole('link', { name: 'Handleplaner' }).count()).toBe(1);
    await expectAccessible(a.page, 'analyst start page');
  });
});
