import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import * as kit from './support.ts';
import { expectAccessible, expectNoBrowserStorage, screenshot, type TestServer } from './support.ts';

/**
 * First, a coordinator starts a mentor course for a young person (through the API). The mentor, on a phone (375 px
 * wide), opens "Mine forløb", logs a session with big touch targets and records an assessment on the nine dimensions,
 * each with an explicit "Ukendt". Then she tries another mentor's course by its URL: the app shows its not-found page
 * and the API answers 404, so the course's existence does not leak. Every page passes axe (WCAG 2.1 AA).
 */

const PASSWORD = 'Lang-og-sikker-adgangskode-2026';
const PERSON = { fullName: 'Aksel Prøvesen Testmand', cpr: '150312-5123' };

let server: TestServer;
let browser: Browser;
let courseId: string;
let otherCourseId: string;
const apiAs = (username: string) => kit.apiAs(server, username, PASSWORD);
const browserSignIn = (context: BrowserContext, username: string) => kit.browserSignIn(server, context, username, PASSWORD);
const urls: string[] = [];
const problems: string[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return page;
}

/** Nothing personal in any URL: not the name, not the CPR number (nor its serial part). */
function expectNoPersonalDataInUrls(): void {
  const personal = [PERSON.fullName, ...PERSON.fullName.split(' '), PERSON.cpr, PERSON.cpr.replace('-', ''), PERSON.cpr.slice(7)];
  const leaks = urls.filter((u) => {
    const decoded = decodeURIComponent(u);
    return personal.some((p) => decoded.includes(p) || u.includes(encodeURIComponent(p)));
  });
  expect(leaks).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer();
  await server.createUser({ username: 'tove.tovholder', password: PASSWORD, role: 'coordinator', displayName: 'Tove Tovholder' });
  const mentor = await server.createUser({ username: 'mette.mentor', password: PASSWORD, role: 'mentor', displayName: 'Mette Mentor' });
  const other = await server.createUser({ username: 'morten.mentor', password: PASSWORD, role: 'mentor', displayName: 'Morten Mentor' });
  const api = await apiAs('tove.tovholder');
  const start = async (person: { fullName: string; cpr: string }, mentorId: string) => {
    const p = await api('POST', '/persons', person);
    expect(p.status).toBe(201);
    const c = await api('POST', '/cases', { personId: p.body.id, title: 'Borgersag mentor', preventionLevel: 'green' });
    expect(c.status).toBe(201);
    const co = await api('POST', `/cases/${c.body.id}/courses`, { kind: 'mentor', mentorId, startedOn: '2026-10-01' });
    expect(co.status).toBe(201);
    return co.body.id as string;
  };
  courseId = await start(PERSON, mentor.id);
  otherCourseId = await start({ fullName: 'Bodil Andensen Prøve', cpr: '020405-6124' }, other.id);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: kit.CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the mentor view on a phone', () => {
  it('lets a mentor log a session and record an assessment at 375 px, and hides other mentors\' courses', async () => {
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await browserSignIn(context, 'mette.mentor');
    const page = await newPage(context);
    await page.goto(`${server.url}/mine-forloeb`);
    await page.getByRole('heading', { level: 1, name: 'Mine forløb' }).waitFor();
    // Minimal data: first name and age band only.
    const link = page.getByRole('link', { name: 'Aksel – Mentorforløb' });
    await link.waitFor();
    await expect.poll(() => page.getByText('Prøvesen').count()).toBe(0);
    await screenshot(page, 'mentor-courses');
    await expectAccessible(page, 'my courses');

    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Aksel – Mentorforløb' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/mine-forloeb/${courseId}`);
    // Touch targets are at least 44 px high.
    for (const name of ['45 min.', 'Gem samtale']) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    await page.getByRole('button', { name: '45 min.' }).tap();
    await page.getByLabel('Telefon').check();
    await page.getByLabel('Kort notat (valgfrit)').fill('Talte om praktikplads.');
    await page.getByRole('button', { name: 'Gem samtale' }).tap();
    await expect.poll(() => page.getByText('Samtalen er gemt.').count()).toBe(1);
    const sessions = page.getByRole('region', { name: 'Samtaler' });
    await expect.poll(() => sessions.getByText(/45 min\. · Telefon/).count()).toBe(1);
    await screenshot(page, 'mentor-session');
    await expectAccessible(page, 'course page after logging a session');

    // An assessment: every dimension needs a choice for risk and for resources, "Ukendt" included.
    await page.getByRole('button', { name: 'Registrér vurdering' }).tap();
    await page.getByRole('heading', { level: 2, name: 'Registrér vurdering' }).waitFor();
    await page.getByLabel('Efter 6 måneder').check();
    await page.getByRole('button', { name: 'Gem vurdering' }).tap();
    await expect.poll(() => page.getByText('Vælg risiko for Familie (eller Ukendt).').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'assessment form with errors');
    const dimensions = page.locator('fieldset.vink-dimension');
    const count = await dimensions.count();
    expect(count).toBe(9);
    for (let i = 0; i < count; i++) {
      const groups = dimensions.nth(i).locator('fieldset');
      await groups.nth(0).getByLabel(i === 3 ? 'Ukendt' : 'Moderat').check();
      await groups.nth(1).getByLabel('Lav').check();
    }
    await page.getByRole('button', { name: 'Gem vurdering' }).tap();
    await expect.poll(() => page.getByText('Vurderingen er gemt.').count()).toBe(1);
    await screenshot(page, 'mentor-assessment');

    // Another mentor's course by URL: the app's not-found page, and 404 from the API.
    await page.goto(`${server.url}/mine-forloeb/${otherCourseId}`);
    await page.getByRole('heading', { level: 1, name: 'Siden findes ikke' }).waitFor();
    expect((await context.request.get(`${server.url}/api/v1/courses/${otherCourseId}`)).status()).toBe(404);
    expect((await context.request.get(`${server.url}/api/v1/courses/${otherCourseId}/sessions`)).status()).toBe(404);
    await expectAccessible(page, 'not found');

    await expectNoBrowserStorage(page);
    expectNoPersonalDataInUrls();
    expect(problems).toEqual([]);
    await context.close();
  });
});
