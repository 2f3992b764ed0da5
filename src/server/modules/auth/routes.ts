import { capabilitiesOf } from '../../access/policy.ts';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { Api } from '../../http/route-types.ts';
import { SESSION_COOKIE, type RouteDeps } from '../../http/route-types.ts';
import {
  AuthConfig, EnrolWithCode, Enrolment, EnrolmentConfirm, EnrolmentConfirmed, LoginInput, LoginResult, SecondFactorInput, SignedIn,
} from '../../../shared/contracts.ts';
import type { AuthenticatedSession, SessionView } from './service.ts';
import { oidcRoutes } from './oidc.ts';

/** Sign-in: password, then TOTP (enrolment on first sign-in), sessions, logout. */
export async function authRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const { ctx, auth } = deps;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.config.secureCookies,
    path: '/',
  };
  const setSession = (reply: FastifyReply, view: SessionView) => reply.setCookie(SESSION_COOKIE, view.token, cookieOptions);
  const signedIn = (s: AuthenticatedSession) => ({
    user: { id: s.actor.id, username: s.actor.username, displayName: s.actor.displayName, role: s.actor.role, unitId: s.actor.unitId, unitName: s.actor.unitName,
      capabilities: capabilitiesOf(s.actor.role) },
    csrfToken: s.csrfToken,
    session: { idleExpiresAt: s.idleExpiresAt.toISOString(), absoluteExpiresAt: s.absoluteExpiresAt.toISOString() },
  });
  const loginLimit = { max: ctx.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (req: { ip: string }) => `login:${req.ip}` };

  api.get('/auth/config', { config: { public: true }, schema: { tags: ['auth'], response: { 200: AuthConfig } } }, async () => ({
    oidc: { enabled: ctx.config.oidcEnabled, label: ctx.config.OIDC_LABEL },
  }));

  api.post('/auth/login', {
    config: { public: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], body: LoginInput, response: { 200: LoginResult } },
  }, async (req, reply) => {
    const view = await auth.login(req.body.username, req.body.password);
    setSession(reply, view);
    return { next: view.stage === 'enrolment' ? ('enrolment' as const) : ('second_factor' as const), csrfToken: view.csrfToken };
  });

  // First sign-in with the administrator's one-time code: the user sets their own password, then enrols TOTP.
  api.post('/auth/enrolment-code', {
    config: { public: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], body: EnrolWithCode, response: { 200: LoginResult } },
  }, async (req, reply) => {
    const view = await auth.enrolWithCode(req.body.username, req.body.code, req.body.password);
    setSession(reply, view);
    return { next: 'enrolment' as const, csrfToken: view.csrfToken };
  });

  api.post('/auth/second-factor/enrolment', {
    config: { public: true, pendingCsrf: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], body: z.object({}).optional(), response: { 200: Enrolment } },
  }, async (req) => auth.startEnrolment(req.cookies[SESSION_COOKIE]));

  api.post('/auth/second-factor/enrolment/confirm', {
    config: { public: true, pendingCsrf: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], body: EnrolmentConfirm, response: { 200: EnrolmentConfirmed } },
  }, async (req, reply) => {
    const { view, recoveryCodes } = await auth.confirmEnrolment(req.cookies[SESSION_COOKIE], req.body.code);
    if (!view) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { recoveryCodes, awaitingApproval: true as const };
    }
    setSession(reply, view);
    return { ...signedIn(await auth.authenticate(view.token)), recoveryCodes };
  });

  api.post('/auth/second-factor', {
    config: { public: true, pendingCsrf: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], body: SecondFactorInput, response: { 200: SignedIn } },
  }, async (req, reply) => {
    const view = await auth.verifySecondFactor(req.cookies[SESSION_COOKIE], req.body);
    setSession(reply, view);
    return signedIn(await auth.authenticate(view.token));
  });

  api.get('/auth/me', { schema: { tags: ['auth'], response: { 200: SignedIn } } }, async (req) => signedIn(req.auth!));

  api.post('/auth/logout', {
    schema: { tags: ['auth'], body: z.object({}).optional(), response: { 204: z.null() } },
  }, async (req, reply) => {
    await auth.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.header('clear-site-data', '"cache", "cookies", "storage"');
    return reply.status(204).send(null);
  });

  await oidcRoutes(api, deps, setSession);
}
