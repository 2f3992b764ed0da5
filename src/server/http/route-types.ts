import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import type { AuthService, AuthenticatedSession } from '../modules/auth/service.ts';
import type { Scope } from '../access/scope.ts';
import type { Actor } from '../access/actor.ts';

/**
 * The contract between the composition root (http/app.ts) and the modules' routes. It lives here, beside the layer
 * that defines it, so the root imports the modules and nothing imports the root (docs/architecture.md).
 */

/** The Fastify instance routes are registered on, typed by the zod schemas. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What every module's routes are built from. */
export interface RouteDeps {
  ctx: AppContext;
  auth: AuthService;
}

/** A module's routes: registered under /api/v1 by http/app.ts from the module registry (modules/registry.ts). */
export type RegisterRoutes = (api: Api, deps: RouteDeps) => Promise<void>;

/** The session cookie's name; the auth routes set it and the request chain reads it. */
export const SESSION_COOKIE = 'vink_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a signed-in session. */
    public?: boolean;
    /** For sign-in steps: the CSRF token of the pending (half signed-in) session is required. */
    pendingCsrf?: boolean;
  }
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
  interface FastifyRequest {
    auth: AuthenticatedSession | null;
    /** Runs fn with data access scoped to the signed-in actor; the only way handlers reach personal data. */
    scoped<T>(fn: (scope: Scope) => Promise<T>): Promise<T>;
    actor(): Actor;
  }
}
