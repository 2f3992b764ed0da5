import type { FastifyRequest } from 'fastify';
import { errors } from '../platform/errors.ts';

/**
 * The deepest nesting a request body may have. VINK's contracts nest at most a few levels (a concern with its
 * behaviours, a plan with indicators and targets); 32 leaves room without letting a hostile body reach the
 * recursive code after the parser (validation, the NUL scan), which a depth of thousands would make throw or stall.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Nesting depth of a JSON text, measured in one linear pass before parsing (brackets inside strings do not count).
 * Stops as soon as the limit is passed, so a body of depth 10,000 costs microseconds.
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/**
 * The JSON body parser: size is capped by Fastify's bodyLimit before this runs; depth is checked here before
 * JSON.parse; both answer 400 naming the body and the limit. Prototype-poisoning keys (`__proto__`,
 * `constructor.prototype`) are refused as Fastify's default parser does.
 */
export function parseJsonBody(_req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void): void {
  if (body.length === 0) return done(errors.invalidField('body', 'is required'));
  if (exceedsJsonDepth(body)) return done(errors.invalidField('body', `is nested deeper than ${MAX_JSON_DEPTH} levels`));
  let value: unknown;
  try {
    value = JSON.parse(body, (key, v) => {
      if (key === '__proto__' || (key === 'constructor' && v !== null && typeof v === 'object' && 'prototype' in v)) {
        throw new SyntaxError('forbidden key');
      }
      return v;
    });
  } catch {
    return done(errors.invalidField('body', 'is not valid JSON'));
  }
  done(null, value);
}
