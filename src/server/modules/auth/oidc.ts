import * as client from 'openid-client';
import type { FastifyReply } from 'fastify';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { runAsSystem } from '../../access/scope.ts';
import { randomToken } from '../../platform/secrets.ts';
import { errors } from '../../platform/errors.ts';
import { authRepo, type SessionView } from './repo.ts';

const FLOW_COOKIE = 'vink_oidc';
const FLOW_MINUTES = 10;

/**
 * Single sign-on against the municipality's OpenID Connect provider (authorisation code flow with PKCE, state and
 * nonce, via openid-client). Users are matched on their provisioned `oidc_subject`; nobody is created on the fly,
 * since a role must be granted by an administrator. The identity provider is responsible for the second factor.
 */
export async function oidcRoutes(api: Api, { ctx, auth }: RouteDeps, setSession: (r: FastifyReply, v: SessionView) => unknown): Promise<void> {
  if (!ctx.config.oidcEnabled) return;
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ALLOW_INSECURE } = ctx.config;
  let configuration: client.Configuration | undefined;
  const discover = async () => {
    try {
      // client_secret_basic: the method every OpenID provider must support.
      configuration ??= await client.discovery(new URL(OIDC_ISSUER!), OIDC_CLIENT_ID!, OIDC_CLIENT_SECRET,
        OIDC_CLIENT_SECRET ? client.ClientSecretBasic(OIDC_CLIENT_SECRET) : client.None(),
        OIDC_ALLOW_INSECURE ? { execute: [client.allowInsecureRequests] } : undefined);
    } catch (err) {
      ctx.logger.warn({ err: { message: (err as Error).message } }, 'identity provider unreachable');
      throw errors.unavailable('The identity provider cannot be reached right now.');
    }
    return configuration;
  };
  const callbackUrl = (req: { protocol: string; host: string }) =>
    `${ctx.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`}/api/v1/auth/oidc/callback`;

  api.get('/auth/oidc/start', { config: { public: true }, schema: { tags: ['auth'], hide: false } }, async (req, reply) => {
    const config = await discover();
    const flowId = randomToken();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await runAsSystem(ctx, 'sign_in', (s) => authRepo(s).startOidcFlow(flowId, { state, nonce, code_verifier: codeVerifier }));
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(req),
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // Lax, not Strict: the provider's redirect back to us is a cross-site navigation that must carry this cookie.
    reply.setCookie(FLOW_COOKIE, flowId, { httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, path: '/api/v1/auth/oidc', maxAge: FLOW_MINUTES * 60 });
    return reply.redirect(url.href, 303);
  });

  api.get('/auth/oidc/callback', { config: { public: true }, schema: { tags: ['auth'] } }, async (req, reply) => {
    const flowId = req.cookies[FLOW_COOKIE];
    if (!flowId) throw errors.unauthenticated('The sign-in was not started here or has expired.');
    const flow = await runAsSystem(ctx, 'sign_in', (s) => authRepo(s).takeOidcFlow(flowId));
    reply.clearCookie(FLOW_COOKIE, { path: '/api/v1/auth/oidc' });
    if (!flow || ctx.clock.now().getTime() - flow.created_at.getTime() > FLOW_MINUTES * 60_000) {
      throw errors.unauthenticated('The sign-in was not started here or has expired.');
    }
    const config = await discover();
    const current = new URL(req.url, callbackUrl(req));
    let subject: string;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.code_verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error('no subject');
      subject = claims.sub;
    } catch (err) {
      req.log.warn({ reqId: req.id, err: { message: (err as Error).message } }, 'oidc callback refused');
      throw errors.unauthenticated('Single sign-on failed.');
    }
    const view = await auth.signInWithOidcSubject(subject);
    setSession(reply, view);
    return reply.redirect('/', 303);
  });
}
