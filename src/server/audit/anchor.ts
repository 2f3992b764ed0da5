import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { loadSecretKey } from '../platform/secrets.ts';

/**
 * Audit anchors: the chain's head (sequence number, hash and the number of rows up to it) signed with HMAC-SHA256
 * under a key the database does not hold, appended as one JSON line to a file outside the database
 * (docs/security.md, "Verifying the audit trail"). The chain alone shows edited rows; an anchor also shows rows
 * removed from its end, an emptied table and a chain rewritten and re-hashed by someone with the owner's rights,
 * up to the anchored row.
 */

/** The chain's head as the database holds it: the newest row and how many rows there are up to it. */
export interface AuditHead {
  seq: number;
  hash: string;
  /** Rows with seq <= seq. Sequence numbers have gaps (a rolled-back append uses one), so the count is kept too. */
  count: number;
}

/** One anchor line: the head at a time, signed. */
export interface AuditAnchor extends AuditHead {
  v: 1;
  /** When the anchor was written (UTC, ISO 8601). */
  at: string;
  /** HMAC-SHA256 (hex) over v, seq, hash, count and at; see anchorMac. */
  mac: string;
}

/** A valid-signature anchor and where it was read. */
export interface ReadAnchor extends AuditAnchor {
  source: string;
  line: number;
}

/** A line of an anchor file that is not a valid anchor: unreadable, or its signature does not verify. */
export interface AnchorLineProblem {
  source: string;
  line: number;
  reason: string;
}

export interface AnchorSet {
  anchors: ReadAnchor[];
  problems: AnchorLineProblem[];
  /** Files that do not exist. */
  missing: string[];
}

/** Thrown when no stable anchor key can be had (an in-memory data directory without a configured key). */
export class AnchorKeyError extends Error {}

const KEY_INFO = 'vink-audit-anchor-v1';

/**
 * The anchor key. VINK_AUDIT_ANCHOR_KEY when set (so the key can be held apart from the one that encrypts TOTP
 * secrets); otherwise derived by HKDF-SHA256 from VINK_SECRET_KEY, or from the embedded data directory's secret.key,
 * with its own label so the two uses never share key material. Neither is stored in the database.
 */
export function auditAnchorKey(config: { VINK_AUDIT_ANCHOR_KEY?: string | undefined; VINK_SECRET_KEY?: string | undefined; DATA_DIR: string }): Buffer {
  if (config.VINK_AUDIT_ANCHOR_KEY) return Buffer.from(config.VINK_AUDIT_ANCHOR_KEY, 'base64');
  if (!config.VINK_SECRET_KEY && config.DATA_DIR.startsWith('memory://')) {
    throw new AnchorKeyError('Audit anchors need a key that outlives the process: set VINK_AUDIT_ANCHOR_KEY or VINK_SECRET_KEY');
  }
  const secret = loadSecretKey(config.VINK_SECRET_KEY, config.DATA_DIR);
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_INFO, 32));
}

/** The anchor key, or null when none can be had (an in-memory data directory without a configured key). */
export function optionalAuditAnchorKey(config: Parameters<typeof auditAnchorKey>[0]): Buffer | null {
  try {
    return auditAnchorKey(config);
  } catch (err) {
    if (err instanceof AnchorKeyError) return null;
    throw err;
  }
}

/** The signature over an anchor's fields, in a fixed, unambiguous order (the fields hold no newline). */
export function anchorMac(key: Buffer, a: Omit<AuditAnchor, 'mac'>): string {
  return createHmac('sha256', key).update(`${KEY_INFO}\n${a.v}\n${a.seq}\n${a.hash}\n${a.count}\n${a.at}`).digest('hex');
}

/**
 * The key of the month checkpoints (docs/security.md, "The audit trail"): derived from the anchor key with its own
 * label, so a month checkpoint never verifies as a purge checkpoint (where verification may start), nor the reverse.
 */
export function monthCheckpointKey(anchorKey: Buffer): Buffer {
  return createHmac('sha256', anchorKey).update('vink-audit-month-checkpoint-v1').digest();
}

/** Signs the head as of at. */
export function signAnchor(key: Buffer, head: AuditHead, at: Date): AuditAnchor {
  const unsigned = { v: 1 as const, seq: head.seq, hash: head.hash, count: head.count, at: at.toISOString() };
  return { ...unsigned, mac: anchorMac(key, unsigned) };
}

/** The anchor as its file line (without the newline). */
export function anchorLine(a: AuditAnchor): string {
  return JSON.stringify({ v: a.v, seq: a.seq, hash: a.hash, count: a.count, at: a.at, mac: a.mac });
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads one line: the anchor if it is well formed and its signature verifies under key, else the reason. */
export function parseAnchorLine(key: Buffer, text: string): { anchor: AuditAnchor } | { reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { reason: 'not an audit anchor (unreadable JSON)' };
  }
  const o = raw as Record<string, unknown>;
  const well = raw !== null && typeof raw === 'object' && o.v === 1
    && Number.isSafeInteger(o.seq) && (o.seq as number) > 0 && typeof o.hash === 'string' && HEX64.test(o.hash)
    && Number.isSafeInteger(o.count) && (o.count as number) >= 0 && typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at))
    && typeof o.mac === 'string' && HEX64.test(o.mac);
  if (!well) return { reason: 'not an audit anchor (a field is missing or malformed)' };
  const anchor: AuditAnchor = { v: 1, seq: o.seq as number, hash: o.hash as string, count: o.count as number, at: o.at as string, mac: o.mac as string };
  const expected = Buffer.from(anchorMac(key, anchor), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(anchor.mac, 'hex'))) {
    return { reason: 'signature does not verify (the line was forged or altered, or signed with another key)' };
  }
  return { anchor };
}

/** Reads every line of the given anchor files; a line that is not a valid-signature anchor is a problem. */
export function readAnchorFiles(key: Buffer, files: readonly string[]): AnchorSet {
  const set: AnchorSet = { anchors: [], problems: [], missing: [] };
  for (const source of files) {
    if (!existsSync(source)) {
      set.missing.push(source);
      continue;
    }
    const lines = readFileSync(source, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const r = parseAnchorLine(key, text);
      if ('anchor' in r) set.anchors.push({ ...r.anchor, source, line: i + 1 });
      else set.problems.push({ source, line: i + 1, reason: r.reason });
    });
  }
  return set;
}

/** The newest valid-signature anchor in a file (its last such line), or null. */
export function lastAnchorInFile(key: Buffer, file: string): AuditAnchor | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.trim() === '') continue;
    const r = parseAnchorLine(key, lines[i]!);
    if ('anchor' in r) return r.anchor;
  }
  return null;
}

/**
 * Appends one anchor line and flushes it to disk. Opened for appending only, so the line is added at the end even
 * when the file is on an append-only mount or written by several instances.
 */
export async function appendAnchor(file: string, anchor: AuditAnchor): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const fh = await open(file, 'a+', 0o640);
  try {
    // A line cut short by a crash must not swallow this one: start on a line of its own.
    const { size } = await fh.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    await fh.write(`${lead}${anchorLine(anchor)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
