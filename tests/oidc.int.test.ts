import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { insertUserInTrx } from '../src/server/modules/users/index.ts';
import type { Role } from '../src/shared/roles.ts';

/**
 * Single sign-on against a real OpenID Connect provider (panva's oidc-provider) running on a loopback port. The
 * whole browser journey is driven over HTTP: VINK /oidc/start → provider /auth → login interaction → provider
 * resume → VINK /oidc/callback, with one cookie jar per origin and redirects followed by hand.
 */

const CLIENT_ID = 'vink-test';
const CLIENT_SECRET = randomBytes(24).toString('hex');
const LABEL = 'Log ind med Testkommune';

// oidc-provider ships no type declarations; this is the small part of its API the test uses.
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string } }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: unknown, opts?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
type ProviderCtor = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
interface GrantInstance { addOIDCScope(scope: string): void; save(): Promise<string> }
interface ProviderCtx { oidc: { client: { clientId: string }; session: { accountId: string; grantIdFor(clientId: string): string | undefined }; result?: { consent?: { grantId?: string } }; provider: { Grant: { new (init: { clientId: string; accountId: string }): GrantInstance; find(id: string): Promise<GrantInstance | undefined> } } } }

/** Free loopback port: VINK's redirect URI must be known before the app listens. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A minimal cookie jar (name → value), one per origin; paths and expiry dates are ignored, deletions honoured. */
class Jar {
  private readonly cookies = new Map<string, string>();
  store(res: globalThis.Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** A browser without a browser: follows nothing by itself, keeps cookies per origin. */
class Browser {
  readonly jars = new Map<string, Jar>();
  jar(origin: string): Jar {
    let j = this.jars.get(origin);
    if (!j) this.jars.set(origin, (j = new Jar()));
    return j;
  }
  async get(url: string | URL): Promise<globalThis.Response> {
    const u = new URL(url);
    const jar = this.jar(u.origin);
    const res = await fetch(u, { redirect: 'manual', headers: jar.header() ? { cookie: jar.header() } : {} });
    jar.store(res);
    return res;
  }
}

let provider: OidcProvider;
let providerServer: Server;
let issuer: string;
let vink: string;
let h: Harness;
const providerErrors: string[] = [];

beforeAll(async () => {
  providerServer = createServer();
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
  const vinkPort = await freePort();
  vink = `http://127.0.0.1:${vinkPort}`;

  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderCtor };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${vink}/api/v1/auth/oidc/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // token_endpoint_auth_method left at the registration default, client_secret_basic.
    }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, name: `Account ${sub}` }) }),
    // The municipality's own application: no consent screen, the grant is implied.
    loadExistingGrant: async (ctx: ProviderCtx) => {
      const { client, session, result, provider: p } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return p.Grant.find(grantId);
      const grant = new p.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  for (const ev of ['server_error', 'grant.error', 'authorization.error']) {
    provider.on(ev, (_ctx, err) => providerErrors.push(`${ev}: ${(err as Error).message}`));
  }
  const handle = provider.callback();
  providerServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (!url.pathname.startsWith('/interaction/')) return handle(req, res);
    // The login page: the test names the subject who "types their credentials" in ?sub=.
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        const sub = url.searchParams.get('sub');
        if (details.prompt.name !== 'login' || !sub) {
          res.writeHead(400).end(`unexpected prompt ${details.prompt.name}`);
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.writeHead(500).end((err as Error).message);
      }
    })();
  });

  h = await createHarness({
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_ALLOW_INSECURE: 'true',
    OIDC_LABEL: LABEL,
    PUBLIC_ORIGIN: vink,
  });
  await h.app.listen({ port: vinkPort, host: '127.0.0.1' });
  // The provider signs and checks tokens with the real time; keep VINK's flow-expiry clock in step with it.
  h.clock.set(new Date());
});

afterAll(async () => {
  await h?.close();
  if (providerServer) {
    providerServer.closeAllConnections();
    await new Promise<void>((resolve) => providerServer.close(() => resolve()));
  }
});

let counter = 0;
async function provision(role: Role, oidcSubject: string): Promise<{ id: string; username: string }> {
  const username = `sso.${role.replace('_', '')}${++counter}`;
  const id = await systemTransaction(h.ctx.db, (tx) =>
    insertUserInTrx(tx, { username, displayName: `SSO ${role} ${counter}`, role, unitId: h.units.a, oidcSubject }, h.clock.now()),
  );
  return { id, username };
}

const subject = () => `sub-${randomBytes(6).toString('hex')}`;

/** Follows the provider's redirects from an authorisation request until it sends the browser back to VINK. */
async function followProvider(browser: Browser, authUrl: URL, sub: string): Promise<URL> {
  let next: URL = authUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await browser.get(next);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`provider answered ${res.status} at ${next.pathname}: ${await res.text()} ${providerErrors.join('; ')}`);
    }
    next = new URL(location, next);
    if (next.origin === vink) {
      expect(next.pathname).toBe('/api/v1/auth/oidc/callback');
      return next;
    }
    if (next.pathname.startsWith('/interaction/')) next.searchParams.set('sub', sub);
  }
  throw new Error('too many redirects at the provider');
}

/**
 * Walks the journey up to, but not including, VINK's callback: returns the authorisation request VINK sent and the
 * callback URL the provider redirected the browser to.
 */
async function throughProvider(browser: Browser, sub: string): Promise<{ authUrl: URL; callbackUrl: URL }> {
  const start = await browser.get(`${vink}/api/v1/auth/oidc/start`);
  expect(start.status).toBe(303);
  expect(browser.jar(vink).get('vink_oidc')).toBeTruthy();
  const authUrl = new URL(start.headers.get('location')!);
  expect(authUrl.origin).toBe(issuer);
  return { authUrl, callbackUrl: await followProvider(browser, authUrl, sub) };
}

async function auditRows(action: string, actorId: string | null): Promise<number> {
  const r = await systemTransaction(h.ctx.db, (tx) =>
    tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND actor_id IS NOT DISTINCT FROM $2', [action, actorId]),
  );
  return r.rows[0]!.n;
}

async function expectRefused(res: globalThis.Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as { status: number };
  expect(body.status).toBe(401);
  expect(res.headers.getSetCookie().some((c) => /^vink_session=[^;]+/.test(c))).toBe(false);
}

describe('OIDC single sign-on against a real identity provider', () => {
  it('reports single sign-on as enabled, with its label', async () => {
    const res = await fetch(`${vink}/api/v1/auth/config`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ oidc: { enabled: true, label: LABEL } });
  });

  it('signs in a provisioned user through start → provider login → callback (PKCE S256, state, nonce)', async () => {
    const sub = subject();
    const user = await provision('coordinator', sub);
    const browser = new Browser();
    const { authUrl, callbackUrl } = await throughProvider(browser, sub);

    const p = authUrl.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(CLIENT_ID);
    expect(p.get('redirect_uri')).toBe(`${vink}/api/v1/auth/oidc/callback`);
    expect(p.get('scope')?.split(' ')).toContain('openid');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
    expect(callbackUrl.searchParams.get('state')).toBe(p.get('state'));
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();

    const before = await auditRows('sign_in', user.id);
    const cb = await browser.get(callbackUrl);
    expect(cb.status).toBe(303);
    expect(cb.headers.get('location')).toBe('/');
    const session = browser.jar(vink).get('vink_session');
    expect(session).toBeTruthy();
    expect(browser.jar(vink).get('vink_oidc')).toBeUndefined(); // the flow cookie is spent

    const me = await browser.get(`${vink}/api/v1/auth/me`);
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { id: string; username: string; role: string; unitId: string }; csrfToken: string };
    expect(body.user).toMatchObject({ id: user.id, username: user.username, role: 'coordinator', unitId: h.units.a });
    expect(body.csrfToken).toBeTruthy();
    expect(await auditRows('sign_in', user.id)).toBe(before + 1);
    const s = await systemTransaction(h.ctx.db, (tx) =>
      tx.query<{ auth_method: string; stage: string }>('SELECT auth_method, stage FROM sessions WHERE user_id = $1', [user.id]));
    expect(s.rows).toEqual([{ auth_method: 'oidc', stage: 'active' }]);
    // Signed in for real: a protected resource answers.
    expect((await browser.get(`${vink}/api/v1/cases/page`)).status).toBe(200);
  });

  it('refuses a subject that no VINK user is provisioned for, and audits the failure', async () => {
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, subject());
    const before = await auditRows('sign_in_failed', null);
    await expectRefused(await browser.get(callbackUrl));
    expect(browser.jar(vink).get('vink_session')).toBeUndefined();
    expect((await browser.get(`${vink}/api/v1/auth/me`)).status).toBe(401);
    expect(await auditRows('sign_in_failed', null)).toBe(before + 1);
  });

  it('refuses a replayed callback (same code and state), with or without a fresh flow', async () => {
    const sub = subject();
    await provision('adviser', sub);
    const browser = new Browser();
    const { authUrl, callbackUrl } = await throughProvider(browser, sub);
    const flowCookie = browser.jar(vink).get('vink_oidc')!;
    expect((await browser.get(callbackUrl)).status).toBe(303);
    const attacker = new Browser();
    attacker.jar(vink).store(new Response(null, { headers: { 'set-cookie': `vink_oidc=${flowCookie}; Path=/api/v1/auth/oidc` } }));

    // A fresh, unused code for the same authorisation request (same state, nonce and PKCE challenge): the provider
    // would honour it, so only VINK's single-use flow stands in the way.
    const second = await followProvider(browser, authUrl, sub);
    expect(second.searchParams.get('code')).not.toBe(callbackUrl.searchParams.get('code'));
    expect(second.searchParams.get('state')).toBe(callbackUrl.searchParams.get('state'));
    await expectRefused(await attacker.get(second));

    // The very same callback URL, by someone who kept the flow cookie.
    await expectRefused(await attacker.get(callbackUrl));

    // The same callback URL on top of a newly started flow: state and code belong to another flow.
    const other = new Browser();
    expect((await other.get(`${vink}/api/v1/auth/oidc/start`)).status).toBe(303);
    await expectRefused(await other.get(callbackUrl));
  });

  it('refuses a callback whose state was tampered with', async () => {
    const sub = subject();
    await provision('adviser', sub);
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, sub);
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
    await expectRefused(await browser.get(tampered));
    expect((await browser.get(`${vink}/api/v1/auth/me`)).status).toBe(401);
  });

  it('refuses a callback without the flow cookie (a login CSRF / injected code)', async () => {
    const sub = subject();
    await provision('adviser', sub);
    const { callbackUrl } = await throughProvider(new Browser(), sub);
    await expectRefused(await new Browser().get(callbackUrl));
  });

  it('refuses a flow older than ten minutes', async () => {
    const sub = subject();
    await provision('adviser', sub);
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, sub);
    h.clock.advanceMinutes(11);
    try {
      await expectRefused(await browser.get(callbackUrl));
    } finally {
      h.clock.set(new Date());
    }
  });

  it('does not sign in a disabled user', async () => {
    const sub = subject();
    const user = await provision('coordinator', sub);
    await systemTransaction(h.ctx.db, (tx) => tx.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [user.id, h.clock.now()]));
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, sub);
    const before = await auditRows('sign_in_failed', user.id);
    await expectRefused(await browser.get(callbackUrl));
    expect(await auditRows('sign_in_failed', user.id)).toBe(before + 1);
    expect(await auditRows('sign_in', user.id)).toBe(0);
  });
});
