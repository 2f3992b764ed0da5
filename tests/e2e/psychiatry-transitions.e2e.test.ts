import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { systemTransaction } from '../helpers/sql.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, openWithReason, type TestServer } from './support.ts';

/**
 * The psychiatry pathway and release dates on the case page (docs/domain.md, "The psychiatry pathway", "Transitions"):
 * a coordinator opens her case (one look, one audit row: docs/security.md, "One look, one audit row"), records with
 * the keyboard-friendly forms a consultation with regional psychiatry and a release date, and sees both listed; the
 * concern page has the same consultation section.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

let server: TestServer;
let browser: Browser;
let caseId: string;
let concernId: string;
/** Sara's API session (a coordinator of the same unit), to check what was stored. */
let sara: Awaited<ReturnType<typeof kit.apiAs>>;

const isoDay = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(d);
};

const auditCount = async () => Number((await systemTransaction(server.ctx.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).rows[0]!.n);

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'sara.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Sara Tovholder' });
  const owner = await server.createUser({ username: 'cora.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Cora Tovholder' });
  const api = await kit.apiAs(server, 'sara.tovholder', PASSWORD);
  sara = api;
  const person = await api('POST', '/persons', { fullName: 'Psyke Overgangsen' });
  expect(person.status).toBe(201);
  const created = await api('POST', '/cases', { personId: person.body.id, title: 'Overgangssag 2026-11', ownerId: owner.id });
  expect(created.status).toBe(201);
  caseId = created.body.id;
  const concern = await api('POST', '/concerns', {
    receivedAt: new Date().toISOString(), channel: 'professional',
    reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
    person: { fullName: 'Kirsten Konsultsen', birthDate: '2000-04-05' }, ideologyArea: 'right_wing', severity: 'medium',
    behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Taler om stemmer, der beder ham dele propaganda.',
  });
  expect(concern.status).toBe(201);
  concernId = concern.body.id;
  browser = await kit.launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('psychiatry pathway and release dates', () => {
  it('a coordinator records a consultation and a release date on the case page, which is one look', async () => {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    await kit.browserSignIn(server, context, 'cora.tovholder', PASSWORD);
    const page: Page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // The start page's own reads (I dag's tasks) land before the count, not inside the case page's look.
    await page.waitForLoadState('networkidle');
    const before = await auditCount();
    await openWithReason(page, `${server.url}/sager/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Overgangssag 2026-11' }).waitFor();
    const psychiatry = page.getByRole('region', { name: 'Konsultation med regionspsykiatrien' });
    const releases = page.getByRole('region', { name: 'Løsladelse og overgange' });
    await expect.poll(() => psychiatry.innerText()).toContain('Der er ikke registreret nogen konsultation endnu.');
    await expect.poll(() => releases.innerText()).toContain('Der er ikke registreret nogen løsladelsesdato.');
    await page.waitForLoadState('networkidle');
    // One look at the case, with both new sections: exactly one audit row, not one per section.
    const rows = (await systemTransaction(server.ctx.db, (tx) => tx.query<{ action: string; record_type: string; record_id: string; criterion: string | null }>(
      'SELECT action, record_type, record_id, criterion FROM audit_log ORDER BY seq OFFSET $1', [before]))).rows;
    expect(rows).toEqual([{ action: 'read', record_type: 'case', record_id: caseId, criterion: 'case page' }]);
    await expectAccessible(page, 'case page with psychiatry and transitions');

    // The consultation: an empty save names the missing outcome; the radio group is reached and chosen by keyboard.
    await psychiatry.getByRole('button', { name: 'Registrér konsultation' }).click();
    await psychiatry.getByRole('button', { name: 'Gem konsultation' }).click();
    await expect.poll(() => psychiatry.innerText()).toContain('Vælg en vurdering');
    await page.getByLabel('Dato for konsultationen').fill(isoDay(-2));
    await page.getByLabel('Radikalisering').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Radikalisering').isChecked()).toBe(true);
    await expectAccessible(page, 'psychiatry form with an error');
    await psychiatry.getByRole('button', { name: 'Gem konsultation' }).click();
    await expect.poll(() => psychiatry.innerText()).toContain('Konsultationen er gemt.');
    await expect.poll(() => psychiatry.getByRole('cell', { name: 'Radikalisering' }).count()).toBe(1);

    // The release date.
    await releases.getByRole('button', { name: 'Registrér løsladelsesdato' }).click();
    await page.getByLabel('Løsladelse fra afsoning').check();
    await page.getByLabel('Dato for løsladelsen').fill(isoDay(60));
    await page.getByLabel('Dage før løsladelsen, opgaven forfalder').fill('21');
    await releases.getByRole('button', { name: 'Gem løsladelsesdato' }).click();
    await expect.poll(() => releases.innerText()).toContain('Løsladelsesdatoen er gemt.');
    await expect.poll(() => releases.innerText()).toContain('Løsladelse fra afsoning');
    await expect.poll(() => releases.innerText()).toContain('21 dage');
    await expectAccessible(page, 'case page with a consultation and a release date');

    // Both are stored as shown.
    const consultations = await sara('GET', `/cases/${caseId}/psychiatry-consultations`);
    expect(consultations.body).toMatchObject([{ consultedOn: isoDay(-2), outcome: 'radicalisation' }]);
    const transitions = await sara('GET', `/cases/${caseId}/transitions`);
    expect(transitions.body).toMatchObject([{ kind: 'prison_release', dueOn: isoDay(60), noticeDays: 21, status: 'planned' }]);

    // The concern page has the same section and form.
    await page.goto(`${server.url}/henvendelser/${concernId}`);
    const onConcern = page.getByRole('region', { name: 'Konsultation med regionspsykiatrien' });
    await expect.poll(() => onConcern.innerText()).toContain('Der er ikke registreret nogen konsultation endnu.');
    await onConcern.getByRole('button', { name: 'Registrér konsultation' }).click();
    await page.getByLabel('Begge').check();
    await onConcern.getByRole('button', { name: 'Gem konsultation' }).click();
    await expect.poll(() => onConcern.getByRole('cell', { name: 'Begge' }).count()).toBe(1);
    await expectAccessible(page, 'concern page with a consultation');
    expect((await sara('GET', `/concerns/${concernId}/psychiatry-consultations`)).body).toMatchObject([{ outcome: 'both' }]);
    await expectNoBrowserStorage(page);
    await context.close();
  });
});
