import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp, generate as generateTotp } from 'otplib';
import { randomBytes } from 'node:crypto';
import { sha256 } from '../../platform/secrets.ts';

// Algorithm 2 is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const ARGON2ID = 2;
// Argon2id with OWASP's baseline parameters (19 MiB, 2 passes). VINK_ARGON2_FAST exists only so the test suite
// can create many users quickly; it is refused in production.
const FAST = process.env.VINK_ARGON2_FAST === '1' && process.env.NODE_ENV !== 'production';
const ARGON2 = FAST
  ? { algorithm: ARGON2ID, memoryCost: 1024, timeCost: 1, parallelism: 1 }
  : { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verifying against this when the username is unknown keeps the response time the same (no user enumeration).
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: 'VINK', label: username, secret });
}

const PERIOD = 30;

/**
 * Checks a 6-digit code at the given time, allowing one step of clock drift back. Returns the accepted time step,
 * which the caller stores so the same code cannot be replayed.
 */
export async function checkTotp(secret: string, code: string, at: Date, afterStep: number | null): Promise<number | null> {
  const epoch = Math.floor(at.getTime() / 1000);
  const result = await verifyTotp({
    secret,
    token: code,
    epoch,
    epochTolerance: [PERIOD, 0],
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  // TOTP results carry the matched time step (otplib's union type also covers HOTP, which has none).
  return result.valid ? (result as { timeStep: number }).timeStep : null;
}

/** The current code for a secret (tests and the CLI's self-check). */
export function totpCode(secret: string, at: Date = new Date()): Promise<string> {
  return generateTotp({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Ten single-use recovery codes, e.g. "k7qm-2xwd-9pfa". 60 bits each, so a plain SHA-256 digest is safe to store. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz123456789'; // 32 symbols: no modulo bias, no 0/o or i/l
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => alphabet[b & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}
/** How long an enrolment code may be used (docs/security.md, "Role grants, four eyes and enrolment codes"). */
export const ENROLMENT_CODE_HOURS = 72;

/**
 * A one-time enrolment code, e.g. "k7qm-2xwd-9pfa-3hbn": 80 random bits, so a plain SHA-256 digest is safe to store.
 * The administrator hands it over separately; the user sets their own password with it.
 */
export function newEnrolmentCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz123456789';
  const chars = Array.from(randomBytes(16), (b) => alphabet[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}
/** The stored form of an enrolment code: case, spaces and dashes as typed do not matter. */
export function enrolmentCodeDigest(code: string): string {
  return sha256(`enrol:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}

export function recoveryCodeDigest(code: string): string {
  return sha256(code.trim().toLowerCase());
}
