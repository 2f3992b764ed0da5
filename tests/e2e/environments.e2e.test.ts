import { describe, expect, it } from 'vitest';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, useJourney } from './support.ts';

/**
 * The risk-environment register (docs/domain.md, "Risk environments and networks"): a manager opens "Risikomiljøer",
 * is stopped by the form's own check, registers an environment with entry points and key actors as roles and
 * organisations, and sees it in the list. Every state passes axe; nothing is stored in the browser.
 */
const PASSWORD = 'correct-horse-battery-staple';

const j = useJourney(async (server) => {
  await server.createUser({ username: 'leder', password: PASSWORD, role: 'manager', displayName: 'Leder Testesen' });
});


describe('the risk-environment journey', () => {
  it('a manager registers a risk environment and sees it in the register', async () => {
    const tab = await j.tab();
    await browserSignIn(j.server, tab.context, 'leder', PASSWORD);
    const { page } = tab;
    await page.goto(`${j.server.url}/`);
    await page.getByRole('link', { name: 'Risikomiljøer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Risikomiljøer og netværk' }).waitFor();
    await page.getByText('Der er endnu ingen risikomiljøer.').waitFor();
    await expectAccessible(page, 'environments page, empty');

    await page.getByRole('button', { name: 'Gem risikomiljø' }).click();
    await page.getByText('Skriv miljøets navn.').first().waitFor();
    await expectAccessible(page, 'environments page, form errors');

    await page.getByLabel('Navn', { exact: true }).fill('Skaterparken');
    await page.getByLabel('Område', { exact: true }).fill('Nordvest');
    await page.getByLabel('Indgange').fill('Klubben\nLektiecafeen');
    await page.getByLabel('Nøgleaktører: roller').fill('Træner i klubben');
    await page.getByLabel('Organisationer', { exact: true }).fill('Boligsocial helhedsplan');
    await page.getByLabel('Startdato').fill('2025-01-15');
    await page.getByRole('button', { name: 'Gem risikomiljø' }).click();
    await page.getByText('Risikomiljøet er gemt.').waitFor();
    const row = page.getByRole('row', { name: /Skaterparken Nordvest Klubben, Lektiecafeen Træner i klubben \(rolle\), Boligsocial helhedsplan \(organisation\)/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('0');
    await expectAccessible(page, 'environments page, one environment');
    await expectNoBrowserStorage(page);
  });
});
