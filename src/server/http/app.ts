import Fastify, { LogController, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../platform/context.ts';
import { handleError, notFoundProblem } from './problem.ts';
import { parseJsonBody } from './json-body.ts';
import { errors } from '../platform/errors.ts';
import { AuthService } from '../modules/auth/service.ts';
import { runScoped, type Scope } from '../access/scope.ts';
import { DEFAULT_PURPOSE, PURPOSES, Purpose } from '../../shared/roles.ts';
import type { Actor } from '../access/actor.ts';
import { MODULE_ROUTES } from '../modules/registry.ts';
import { SESSION_COOKIE, type RouteDeps } from './route-types.ts';

export { SESSION_COOKIE };
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');


function sameToken(a: string | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One walk over a parsed request: ids are made canonical (lower case, as PostgreSQL stores and prints a uuid), so
 * what the audit trail records and hashes is what the database holds; and the dotted path of the first string that
 * contains U+0000 is returned (PostgreSQL cannot store it), or null.
 */
function canonicaliseInput(holder: Record<string, unknown>, path: string[] = []): string | null {
  for (const [k, v] of Object.entries(holder)) {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return [...path, k].slice(1).join('.') || k || 'body';
      if (UUID_SHAPE.test(v) && v !== v.toLowerCase()) holder[k] = v.toLowerCase();
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      // A raw upload's body (documents) is bytes, not fields: nothing to canonicalise, and too large to walk.
      const hit = canonicaliseInput(v as Record<string, unknown>, [...path, k]);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/**
 * The purpose of a request (docs/security.md, "The purpose of every look-up"): the web app sends one of the closed
 * list PURPOSES in X-Vink-Purpose, and optionally the user's own words (the purpose's free text, or the break-the-glass
 * reason) in X-Vink-Reason, percent-encoded so any text fits a header. Both go into the request's audit rows. A value
 * outside the list, or a reason that is empty or too long, is a 400 naming the header.
 */
function purposeOf(req: FastifyRequest): { purpose: Purpose | null; reason: string | null } {
  const rawPurpose = req.headers['x-vink-purpose'];
  let purpose: Purpose | null = null;
  if (rawPurpose !== undefined) {
    const asked = Purpose.safeParse(rawPurpose);
    if (!asked.success) throw errors.invalidField('X-Vink-Purpose', `must be one of ${PURPOSES.join(', ')}`);
    purpose = asked.data;
  }
  const rawReason = req.headers['x-vink-reason'];
  if (rawReason === undefined) return { purpose, reason: null };
  let reason: string;
  try {
    reason = decodeURIComponent(String(rawReason)).trim();
  } catch {
    throw errors.invalidField('X-Vink-Reason', 'must be percent-encoded text');
  }
  if (reason.length < 3 || reason.length > 500 || reason.includes('\u0000')) {
    throw errors.invalidField('X-Vink-Reason', 'must be 3 to 500 characters');
  }
  return { purpose, reason };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the HTTP application: one readable chain of security headers, rate limit, session, CSRF, routes. */
export async function buildApp(ctx: AppContext) {
  const auth = new AuthService(ctx);
  const app = Fastify({
    loggerInstance: ctx.logger,
    // Fastify's own request logs carry the URL; VINK logs its own line without query strings (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised by the router itself (bad URL, over-long path parameter) get the same problem+json answer.
    frameworkErrors: (err, req, reply) => handleError(err, req, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies: a cross-site HTML form (urlencoded, multipart, text/plain) is answered 415 before anything runs.
  app.removeContentTypeParser('text/plain');
  // JSON with a depth limit checked before parsing (json-body.ts); the size limit is bodyLimit above.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);

  // The route table, for the access-matrix test that proves every route is covered.
  const routeTable: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routeTable.push({ method: m, url: r.url });
  });
  app.decorate('routeTable', routeTable);

  app.decorateRequest('auth', null);
  app.decorateRequest('scoped', function scoped<T>(this: FastifyRequest, fn: (scope: Scope) => Promise<T>) {
    const actor = this.actor();
    const { purpose, reason } = purposeOf(this);
    return runScoped(ctx, actor, purpose ?? DEFAULT_PURPOSE[actor.role], fn, reason);
  });
  app.decorateRequest('actor', function actor(this: FastifyRequest): Actor {
    if (!this.auth) throw errors.unauthenticated();
    return this.auth.actor;
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, {
    max: ctx.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    // Counted after the session check: per verified user where there is one, else per client address. Keying on
    // the raw cookie would let a client reset its limit by sending a new random cookie with each request.
    hook: 'preHandler',
    keyGenerator: (req) => (req.auth ? `user:${req.auth.actor.id}` : `ip:${req.ip}`),
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    if (req.routeOptions.url === undefined) return; // unknown route: the not-found handler answers 404
    const config = req.routeOptions.config;
    if (!SAFE_METHODS.has(req.method)) {
      // CSRF, first line: a browser's Origin must be ours.
      const origin = req.headers.origin;
      const expected = ctx.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`;
      if (origin && origin !== expected) throw errors.forbidden('Cross-origin request refused.');
    }
    const token = req.cookies[SESSION_COOKIE];
    if (config.public || req.routeOptions.url.startsWith('/api/v1/docs')) {
      if (config.pendingCsrf && !sameToken(req.headers['x-csrf-token'] as string | undefined, await auth.csrfTokenOf(token))) {
        throw errors.unauthenticated('Sign-in step out of order or missing CSRF token.');
      }
      return;
    }
    req.auth = await auth.authenticate(token);
    // CSRF, second line: the session's own token in a header that a cross-site page cannot set.
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.headers['x-csrf-token'] as string | undefined, req.auth.csrfToken)) {
      throw errors.forbidden('Missing or wrong CSRF token.');
    }
  });

  // Canonical ids, and no NUL character (PostgreSQL cannot store it in text): refused up front with the field named
  // instead of failing deep in a query.
  app.addHook('preValidation', async (req) => {
    const found = canonicaliseInput({ body: req.body, query: req.query, params: req.params });
    if (found) throw errors.invalidField(found, 'must not contain the NUL character');
  });

  // Request log without URLs' query strings, bodies or cookies: no personal data in logs.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      { reqId: req.id, method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.setErrorHandler((err, req, reply) => handleError(err as Error, req, reply));

  await app.register(swagger, {
    openapi: {
      info: { title: 'VINK API', version: '1', description: 'Extremism prevention: calls, concerns, cases, Infohus.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs', uiConfig: { deepLinking: false }, staticCSP: true });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const deps: RouteDeps = { ctx, auth };
  await app.register(async (api) => {
    for (const register of MODULE_ROUTES) await register(api, deps);
  }, { prefix: '/api/v1' });

  const hasWeb = existsSync(path.join(WEB_DIR, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', index: ['index.html'], wildcard: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) {
      return reply.header('cache-control', 'no-store').sendFile('index.html');
    }
    return notFoundProblem(reply);
  });

  return app;
}

export type AppInstance = Awaited<ReturnType<typeof buildApp>>;
