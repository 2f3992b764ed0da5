import path from 'node:path';
import { z } from 'zod';
import { LIST_EXPORT_MAX_ROWS_DEFAULT } from '../../shared/list-exports.ts';

/**
 * Configuration, validated once at boot. A bad value stops the process with a message naming the variable,
 * rather than surfacing later as a confusing runtime failure.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** The origin users reach VINK on; state-changing requests from any other Origin are refused (CSRF). */
  PUBLIC_ORIGIN: z.string().url().optional(),
  /** Set when VINK runs behind a TLS-terminating proxy: trusts X-Forwarded-* from it and marks cookies Secure. */
  TRUST_PROXY: boolish.default(false),
  SECURE_COOKIES: boolish.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(20).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).default(300),
  /** Sign-in attempts per client address per minute (on top of the per-account lockout). */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** 32-byte key (base64) that encrypts TOTP secrets at rest. Embedded mode generates one in DATA_DIR. */
  VINK_SECRET_KEY: z.string().optional(),
  /**
   * Key (base64, at least 32 bytes) that signs the audit anchors (docs/security.md, "Verifying the audit trail").
   * Optional: without it the anchor key is derived from VINK_SECRET_KEY (or the embedded secret.key) by HKDF.
   */
  VINK_AUDIT_ANCHOR_KEY: z.string()
    .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes in base64')
    .optional(),
  /** The file each audit anchor is appended to (one JSON line each); default <DATA_DIR>/audit-anchors.jsonl. */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  /** How often the scheduler anchors the audit chain's head when it moved; 0 turns the scheduled anchor off. */
  AUDIT_ANCHOR_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_LABEL: z.string().default('Kommunalt log-in'),
  /** Only for tests and local identity providers served over plain HTTP. */
  OIDC_ALLOW_INSECURE: boolish.default(false),
  /** Chromium used to print the yearly report as PDF (Debian's package by default). */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /**
   * Whether this instance runs background jobs (report printing, scheduler ticks). Set false for web-only instances;
   * at least one instance must run them (docs/architecture.md, "Background jobs").
   */
  JOB_WORKERS: boolish.default(true),
  /** How often the job queue retries jobs whose instance stopped (seconds; see platform/queue.ts). */
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /**
   * The hard ceiling of rows in an Excel export of a list (docs/architecture.md, "Exports of a list"); the sheet states
   * it and the true total, so a cut is never silent.
   */
  LIST_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(50_000).default(LIST_EXPORT_MAX_ROWS_DEFAULT),
  /** The largest document upload accepted, in bytes (docs/security.md, "Documents"). */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1_048_576).default(10 * 1_048_576),
  /**
   * The malware scanner (clamd) documents are streamed to before they are stored: a Unix socket path, or host:port
   * for TCP. Unset: no scanning (docs/security.md, "Malware scanning").
   */
  CLAMD_SOCKET: z.string().min(1).optional(),
  CLAMD_TCP: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'must be host:port').optional(),
  /** How long a scan may take before the upload is refused as unavailable (milliseconds). */
  CLAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * The SMTP server notification e-mails are sent through (docs/security.md, "E-mail"), e.g. smtp://relay.kommune.dk:25
   * or smtps://user:pass@relay:465. Without it e-mail is off and only the in-app inbox is used.
   */
  SMTP_URL: z.string().url().refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://').optional(),
  /** The sender of notification e-mails. */
  SMTP_FROM: z.string().min(3).default('VINK <no-reply@vink.invalid>'),
  NODE_ENV: z.string().default('development'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  secureCookies: boolean;
  oidcEnabled: boolean;
  /** Where audit anchors are written and read by default; null when there is none (an in-memory DATA_DIR). */
  auditAnchorFile: string | null;
};

/** Parses configuration from an environment-like record; throws a readable error naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const oidcEnabled = Boolean(c.OIDC_ISSUER && c.OIDC_CLIENT_ID);
  if (c.OIDC_ISSUER && !c.OIDC_CLIENT_ID) throw new Error('Invalid configuration:\n  OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  if (c.CLAMD_SOCKET && c.CLAMD_TCP) throw new Error('Invalid configuration:\n  CLAMD_TCP: give either CLAMD_SOCKET or CLAMD_TCP, not both');
  if (c.NODE_ENV === 'production' && c.DATABASE_URL && !c.VINK_SECRET_KEY) {
    throw new Error('Invalid configuration:\n  VINK_SECRET_KEY: required in production with DATABASE_URL (all instances must share it)');
  }
  const auditAnchorFile = c.AUDIT_ANCHOR_FILE ?? (c.DATA_DIR.startsWith('memory://') ? null : path.join(c.DATA_DIR, 'audit-anchors.jsonl'));
  return { ...c, secureCookies: c.SECURE_COOKIES ?? c.TRUST_PROXY, oidcEnabled, auditAnchorFile };
}
