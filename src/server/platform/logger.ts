import pino, { type Logger } from 'pino';

/**
 * Structured logs. Personal data never goes into logs: request bodies, query strings and cookies are not
 * logged at all, and the redaction list is a last guard for the headers that carry credentials.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'vink' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'], remove: true },
  });
}
export type { Logger };
