import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';

/**
 * First, the municipality's first administrator signs in: password, authenticator app enrolment, recovery codes,
 * home. Then she signs out and in again through the ordinary second-factor step. Every page must pass axe
 * (WCAG 2.1 A/AA), leave nothing in browser storage and never put the username in a URL.
 */

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR;

const admin = {
  username: 'karin.admin',
  password: 'Lang-og-sikker-adgangskode-2026',
  role: 'admin',
  displayName: 'Karin Møller',
};

/** Server time that follows real time but can jump ahead, so a later TOTP code falls in a fresh time step. */
class ShiftableClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const clock = new ShiftableClock();
/** Every URL the browser asked for or navigated to. */
const urls: string[] = [];
/** CSP violations and uncaught errors; a strict CSP fails quietly unless someone listens. */
const pageProblems: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ clock });
  await server.createUser(admin);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  urls.length = 0;
  pageProblems.length = 0;
  context = await browser.newContext({ locale: 'da-DK' });
  page = await context.newPage();
  page.on('request', (request) => urls.push(request.url()));
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      pageProblems.push(`csp: ${message.text()}`);
    }
  });
});

afterEach(async () => {
  await context?.close();
});

/** axe finds no WCAG 2.1 A/AA violations on the page as it is now. */
async function expectAccessible(what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = result.violations.map(
    (v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}

/** The app keeps everything in memory: no web storage, no IndexedDB, no cookie that script can read. */
async function expectNoBrowserStorage(): Promise<void> {
  const storage = await page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDb: (await indexedDB.databases()).length,
    scriptCookies: document.cookie,
  }));
  expect(storage).toEqual({ localStorage: 0, sessionStorage: 0, indexedDb: 0, scriptCookies: '' });
}

async function expectHeadingFocused(name: string): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name });
  await heading.waitFor();
  await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
}

async function screenshot(name: string): Promise<void> {
  if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/vink-${name}.png`, fullPage: true });
}

async function signInWithPassword(password: string): Promise<void> {
  await page.getByLabel('Brugernavn').fill(admin.username);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
}

/** Password, authenticator enrolment and recovery codes for a user who has never signed in; ends on "I dag". */
async function signInFirstTime(user: { username: string; password: string }): Promise<void> {
  await page.getByLabel('Brugernavn').fill(user.username);
  await page.getByLabel('Adgangskode').fill(user.password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Kode fra appen').fill(await server.totpCode(secret, clock.now()));
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await page.getByRole('button', { name: 'Jeg har gemt dem' }).click();
  await page.getByRole('heading', { level: 1, name: 'I dag' }).waitFor();
}

describe('signing in', () => {
  it('takes the first administrator through enrolment, home, sign-out and a second sign-in', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
    await screenshot('signin');
    await expectAccessible('sign-in');

    // A wrong password gets the app's own generic message, announced as an alert.
    await signInWithPassword('not-the-password');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Brugernavn eller adgangskode er forkert.');
    await expect.poll(() => page.getByLabel('Adgangskode').inputValue()).toBe('');
    await expectAccessible('sign-in with error');

    // First sign-in: enrol the authenticator app.
    await signInWithPassword(admin.password);
    await expectHeadingFocused('Opsæt totrinsbekræftelse');
    await expect
      .poll(() => page.getByRole('img', { name: 'QR-kode til opsætning af godkendelsesappen' }).count())
      .toBe(1);
    await screenshot('enrolment');
    await expectAccessible('enrolment');
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);

    // A mistyped code is flagged on the field.
    await page.getByLabel('Kode fra appen').fill('12');
    await page.getByRole('button', { name: 'Bekræft' }).click();
    await expect.poll(() => page.getByLabel('Kode fra appen').getAttribute('aria-invalid')).toBe('true');
    await screenshot('enrolment-error');
    await expectAccessible('enrolment with error');

    await page.getByLabel('Kode fra appen').fill(await server.totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Bekræft' }).click();

    // The recovery codes are shown once.
    await expectHeadingFocused('Gem dine gendannelseskoder');
    const recoveryCodes = await page
      .getByRole('list', { name: 'Dine gendannelseskoder' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(recoveryCodes.length).toBeGreaterThan(0);
    await screenshot('recovery-codes');
    await expectAccessible('recovery codes');
    await page.getByRole('button', { name: 'Jeg har gemt dem' }).click();

    // The administrator lands on the user administration; the banner shows who is signed in.
    await expectHeadingFocused('Brugere');
    const banner = page.getByRole('banner');
    await expect.poll(() => banner.innerText()).toContain(admin.displayName);
    await expect.poll(() => banner.innerText()).toContain('Administrator');
    await screenshot('home');
    await expectAccessible('home');
    await expectNoBrowserStorage();

    // Sign out.
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expectHeadingFocused('Log ind');
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Du er logget ud.');
    await expect.poll(() => banner.innerText()).not.toContain(admin.displayName);
    await screenshot('signed-out');
    await expectAccessible('signed out');

    // A reload after sign-out does not bring the session back.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();

    // Sign in again: now the second-factor step, with a code from a later time step.
    clock.advance(30_000);
    await signInWithPassword(admin.password);
    await expectHeadingFocused('Bekræft, at det er dig');
    const codeField = page.getByLabel('Kode fra appen');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    await expectAccessible('second factor');
    await codeField.fill(await server.totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Bekræft' }).click();
    await expectHeadingFocused('Brugere');
    await expect.poll(() => banner.innerText()).toContain(admin.displayName);

    // A reload keeps the server session: the app restores it without asking again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Brugere' }).waitFor();
    await expectNoBrowserStorage();

    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => url.toLowerCase().includes(admin.username))).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  it('warns before the idle timeout, lets the user stay, and signs out when time runs out', async () => {
    const mentor = { username: 'jonas.mentor', password: 'Mentorens-egen-adgangskode-7', role: 'mentor' };
    await server.createUser({ ...mentor, displayName: 'Jonas Berg' });
    // The page's clock runs normally until the test jumps it ahead.
    await page.clock.install();
    await page.goto(server.url);
    await signInFirstTime(mentor);

    // How long the server gives an idle session, measured by the server itself.
    const idleMs = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/me', { cache: 'no-store' });
      const body = (await response.json()) as { session: { idleExpiresAt: string } };
      return Date.parse(body.session.idleExpiresAt) - Date.parse(response.headers.get('date') ?? '');
    });
    expect(idleMs).toBeGreaterThan(3 * 60_000);

    // Ninety seconds before the end, the warning appears with focus on "stay".
    await page.clock.fastForward(idleMs - 90_000);
    const dialog = page.getByRole('alertdialog', { name: 'Er du her stadig?' });
    await dialog.waitFor();
    const stay = dialog.getByRole('button', { name: 'Forbliv logget ind' });
    await expect.poll(() => stay.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot('session-warning');
    await expectAccessible('session timeout warning');
    await stay.click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('heading', { level: 1, name: 'I dag' }).count()).toBe(1);

    // Then the user walks away for longer than the idle timeout.
    clock.advance(idleMs + 60_000);
    await page.clock.fastForward(idleMs + 60_000);
    await expectHeadingFocused('Log ind');
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toContain('Du er blevet logget ud, fordi du ikke har været aktiv');
    await expect.poll(() => page.getByRole('banner').innerText()).not.toContain('Jonas Berg');
    await expectAccessible('signed out after timeout');
    expect(pageProblems).toEqual([]);
  });

  it('switches to English without storing the choice', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    await page.getByRole('button', { name: 'Change language to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Sign in – VINK');
    await expectAccessible('sign-in in English');
    await expectNoBrowserStorage();

    // The choice lives in memory only: a reload starts from the browser's language again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    expect(pageProblems).toEqual([]);
  });
});
