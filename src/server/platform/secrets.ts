import { createCipheriv, createDecipheriv, randomBytes, createHash, createHmac, hkdfSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Encrypts small secrets at rest (TOTP seeds) with AES-256-GCM from Node's crypto module.
 * Format: v1.<iv>.<tag>.<ciphertext>, base64url parts.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('VINK_SECRET_KEY must decode to 32 bytes');
    this.key = key;
  }
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }
  open(sealed: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || !ct) throw new Error('Unrecognised sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
  /**
   * The box for documents' content (docs/security.md, "Documents"): its own key derived from the instance secret by
   * HKDF-SHA256 with its own label, so files and TOTP secrets never share key material.
   */
  fileBox(): FileBox {
    return new FileBox(Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), FILE_KEY_INFO, 32)));
  }
  /**
   * The keyed hash of a CPR number for the cross-unit index (docs/security.md, "Already known elsewhere"):
   * HMAC-SHA256 with its own key derived from the instance secret by HKDF, over the ten digits. The database holds
   * only the hash, never the key, so the index cannot be reversed by trying every CPR number without the key.
   */
  private cprIndexKey: Buffer | undefined;
  cprKey(cpr: string): string {
    this.cprIndexKey ??= Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), CPR_INDEX_KEY_INFO, 32));
    return createHmac('sha256', this.cprIndexKey).update(cpr.replace(/\D/g, ''), 'utf8').digest('hex');
  }
}

const CPR_INDEX_KEY_INFO = 'vink-cpr-index-v1';

const FILE_KEY_INFO = 'vink-documents-v1';

/** A file's content sealed with AES-256-GCM: nonce, tag and ciphertext, stored as three columns. */
export interface SealedFile {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * Encrypts file content at rest with AES-256-GCM. The additional data (e.g. "<document id>/<version>") binds each
 * ciphertext to its place, so a sealed file copied to another row fails to open.
 */
export class FileBox {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('A file key must be 32 bytes');
    this.key = key;
  }
  seal(plain: Buffer, aad: string): SealedFile {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }
  open(sealed: SealedFile, aad: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  }
}

/** Uses VINK_SECRET_KEY when set; otherwise (embedded mode) a key file created once in the data directory. */
export function loadSecretKey(configured: string | undefined, dataDir: string | undefined): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  if (!dataDir || dataDir.startsWith('memory://')) return randomBytes(32);
  const file = path.join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

/** Opaque random token for cookies and CSRF, and its storage digest. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
