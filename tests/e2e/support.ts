import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestServer } from '../helpers/server.ts';

/** Shared pieces of the browser journeys: Debian's Chromium, axe, storage and URL checks, signing in through the UI. */

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A browser tab for one user, recording every URL it requests and every CSP violation or uncaught error. */
export interface Tab {
  context: BrowserContext;
  page: Page;
  urls: string[];
  problems: string[];
}

export async function openTab(browser: Browser): Promise<Tab> {
  const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  const page = await context.newPage();
  const tab: Tab = { context, page, urls: [], problems: [] };
  page.on('request', (request) => tab.urls.push(request.url()));
  page.on('framenavigated', (frame) => tab.urls.push(frame.url()));
  page.on('pageerror', (error) => tab.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) tab.problems.push(`csp: ${message.text()}`);
  });
  return tab;
}

/** axe finds no WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = result.violations.map(
    (v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}

/** The app keeps everything in memory: no web storage, no IndexedDB, no cookie that script can read. */
export async function expectNoBrowserStorage(page: Page): Promise<void> {
  const storage = await page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDb: (await indexedDB.databases()).length,
    scriptCookies: document.cookie,
  }));
  expect(storage).toEqual({ localStorage: 0, sessionStorage: 0, indexedDb: 0, scriptCookies: '' });
}

/** No URL the tab asked for contains any of the given personal values (names, CPR numbers, usernames). */
export function expectNoPersonalDataInUrls(tab: Tab, values: string[]): void {
  expect(tab.urls.length).toBeGreaterThan(0);
  const hits = tab.urls.filter((url) => {
    const u = decodeURIComponent(url).toLowerCase();
    return values.some((v) => u.includes(v.toLowerCase()) || u.includes(encodeURIComponent(v).toLowerCase()));
  });
  expect(hits).toEqual([]);
}

export async function expectHeadingFocused(page: Page, name: string | RegExp): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name });
  await heading.waitFor();
  await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/vink-${name}.png`, fullPage: true });
}

/**
 * Signs a user in for the first time through the UI: password, authenticator enrolment (TOTP from the secret shown),
 * recovery codes; ends on the role's start page, whose h1 is landingHeading.
 */
export async function signInFirstTime(
  page: Page,
  server: TestServer,
  user: { username: string; password: string },
  landingHeading: string | RegExp,
): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Brugernavn').fill(user.username);
  await page.getByLabel('Adgangskode').fill(user.password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Kode fra appen').fill(await server.totpCode(secret));
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await page.getByRole('button', { name: 'Jeg har gemt dem' }).click();
  await page.getByRole('heading', { level: 1, name: landingHeading }).waitFor();
}

/**
 * First sign-in with the enrolment code an administrator handed over: the user's own new password (twice), then the
 * authenticator enrolment and the recovery codes. Ends on the role's start page (landingHeading), or, for an account
 * whose role still awaits approval, back on the sign-in page with that notice (landingHeading null). Returns the TOTP
 * secret so the user can sign in again later.
 */
export async function signInWithCode(
  page: Page,
  server: TestServer,
  user: { username: string; password: string; code: string },
  landingHeading: string | RegExp | null,
): Promise<string> {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Første login med engangskode' }).click();
  await page.getByRole('heading', { level: 1, name: 'Første login med engangskode' }).waitFor();
  await page.getByLabel('Brugernavn').fill(user.username);
  await page.getByLabel('Engangskode').fill(user.code);
  await page.getByLabel('Ny adgangskode', { exact: true }).fill(user.password);
  await page.getByLabel('Gentag ny adgangskode').fill(user.password);
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Kode fra appen').fill(await server.totpCode(secret));
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await page.getByRole('button', { name: 'Jeg har gemt dem' }).click();
  if (landingHeading) await page.getByRole('heading', { level: 1, name: landingHeading }).waitFor();
  else await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
  return secret;
}

/** Signs an enrolled user in through the UI: password, then a fresh code from their authenticator. */
export async function signInAgain(
  page: Page,
  server: TestServer,
  clock: ShiftableClock,
  user: { username: string; password: string; secret: string },
  landingHeading: string | RegExp,
): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Brugernavn').fill(user.username);
  await page.getByLabel('Adgangskode', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Bekræft, at det er dig' }).waitFor();
  // The enrolment's code is not accepted twice: the server's clock moves to the next time step.
  clock.advance(30_000);
  await page.getByLabel('Kode fra appen').fill(await server.totpCode(user.secret, clock.now()));
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await page.getByRole('heading', { level: 1, name: landingHeading }).waitFor();
}

/** Server time that follows real time but can jump ahead, so a later TOTP code falls in a fresh time step. */
export class ShiftableClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Presses Tab (at most `max` times) until the focused element matches the CSS selector; keyboard only. */
export async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The id of the focused element. */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** A signed-in API client for setting the scene (as intake and the Infohus would have), for a user's first sign-in. */
export async function apiAs(server: TestServer, username: string, PASSWORD: string) {
  let cookie = '';
  let csrf = '';
  async function call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: 'application/json', origin: server.url };
    if (cookie) headers.cookie = cookie;
    if (method !== 'GET') {
      headers['content-type'] = 'application/json';
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    const r = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const json = (await r.json().catch(() => undefined)) as any;
    if (json && typeof json.csrfToken === 'string') csrf = json.csrfToken;
    return { status: r.status, body: json as T };
  }
  const login = await call('POST', '/auth/login', { username, password: PASSWORD });
  if (login.body.next !== 'enrolment') throw new Error('expected first sign-in');
  const setup = await call('POST', '/auth/second-factor/enrolment');
  const confirm = await call('POST', '/auth/second-factor/enrolment/confirm', { code: await server.totpCode(setup.body.secret) });
  if (confirm.status !== 200) throw new Error(`sign-in failed: ${confirm.status}`);
  return call;
}

/** Signs a browser context in through the same API the sign-in page uses (the sign-in pages have their own test). */
export async function browserSignIn(server: TestServer, context: BrowserContext, username: string, PASSWORD: string): Promise<void> {
  const headers = { origin: server.url };
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: PASSWORD }, headers });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const setup = await context.request.post(`${server.url}/api/v1/auth/second-factor/enrolment`, { data: {}, headers: { ...headers, 'x-csrf-token': csrfToken } });
  const { secret } = (await setup.json()) as { secret: string };
  const confirm = await context.request.post(`${server.url}/api/v1/auth/second-factor/enrolment/confirm`, {
    data: { code: await server.totpCode(secret) },
    headers: { ...headers, 'x-csrf-token': csrfToken },
  });
  expect(confirm.status()).toBe(200);
}

/**
 * Opens a person or case page; when the user is not related to it, the break-the-glass dialog asks for a short reason
 * (docs/security.md, "The purpose of every look-up"), which this gives. Answers whether the dialog was shown.
 */
export async function openWithReason(page: Page, url: string, reason = 'Tovholder for enheden'): Promise<boolean> {
  await page.goto(url);
  return giveReasonIfAsked(page, reason);
}

/** Gives the break-the-glass reason if the page just opened asks for one (see openWithReason). */
export async function giveReasonIfAsked(page: Page, reason = 'Tovholder for enheden'): Promise<boolean> {
  const dialog = page.getByRole('dialog', { name: 'Begrund dit opslag' });
  const heading = page.getByRole('heading', { level: 1 });
  await Promise.race([dialog.waitFor(), heading.first().waitFor()]);
  // The page's heading may show before its record answers 428: give the dialog a moment to appear.
  if (!(await dialog.isVisible())) await dialog.waitFor({ timeout: 4000 }).catch(() => undefined);
  if (!(await dialog.isVisible())) return false;
  await dialog.getByLabel('Begrundelse').fill(reason);
  await dialog.getByRole('button', { name: 'Åbn med begrundelse' }).click();
  return true;
}

/**
 * A journey file's shared set-up: a test server (then the file's own set-up on it), Chromium, and every tab the file
 * opens through `tab()`, all closed after the file. Fields are filled in beforeAll, so read them inside tests.
 */
export function useJourney(setup?: (server: TestServer) => Promise<void>, timeout = 600_000) {
  const j = {
    server: undefined as unknown as TestServer,
    browser: undefined as unknown as Browser,
    tabs: [] as Tab[],
    /** Opens a tab that is closed with the file. */
    async tab(): Promise<Tab> {
      const t = await openTab(j.browser);
      j.tabs.push(t);
      return t;
    },
  };
  beforeAll(async () => {
    j.server = await startTestServer();
    await setup?.(j.server);
    j.browser = await launchChromium();
  }, timeout);
  afterAll(async () => {
    for (const t of j.tabs) await t.context.close();
    await j.browser?.close();
    await j.server?.close();
  });
  return j;
}
