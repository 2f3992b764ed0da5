import { createHash } from 'node:crypto';

export type AuditAction =
  | 'read' | 'search' | 'create' | 'update' | 'delete' | 'export' | 'reveal'
  | 'sign_in' | 'sign_in_failed' | 'sign_out' | 'account_locked' | 'second_factor_reset';

/** What happened; the who, when and why come from the request's context. */
export interface AuditEntry {
  action: AuditAction;
  outcome: 'ok' | 'denied';
  recordType?: string;
  recordId?: string | null;
  personId?: string | null;
  criterion?: string | null;
}

export interface AuditContext {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  unitId: string | null;
  purpose: string | null;
  /**
   * The user's own words for why (break the glass, or the purpose's free text): stored in audit_log.reason (migration
   * 0220) and, from chain version 4 (migration 0310), covered by the row's content hash (docs/security.md).
   */
  reason?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The stored values a row's hash covers, as the database returns them. */
export interface ChainFields {
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  unit_id: string | null;
  action: string;
  outcome: string;
  record_type: string | null;
  record_id: string | null;
  person_id: string | null;
  purpose: string | null;
  criterion: string | null;
  /** The stored reason (migration 0220); hashed from chain version 4 on (contentHashV4). */
  reason?: string | null;
}

/**
 * How a row's hash was computed (audit_log.chain_version): 1 = JSON by the server (rows written before migration
 * 0060), 2 = by the database's chain writer vink_audit_append over the stored values (migration 0060), 3 = appended
 * unlinked with a content hash and linked later by the sealer (migration 0130; see contentHash and linkHash), 4 = as 3,
 * with the reason inside the content hash (migration 0310; contentHashV4).
 */
export type ChainVersion = 1 | 2 | 3 | 4;

/** One field of the version-2 canonical text: '-' for NULL, otherwise its UTF-8 byte length, ':' and the text. */
function field(v: string | null): string {
  return v === null ? '\n-' : `\n${Buffer.byteLength(v)}:${v}`;
}

/**
 * The row's hash: sha256 over the previous hash and every field in a fixed order, from the values as stored (uuids
 * in lower case, the time in UTC to the millisecond). This reproduces vink_audit_hash of migration 0060 exactly;
 * the length prefixes make the text unambiguous whatever a field contains.
 */
export function chainHash(prevHash: string, f: ChainFields): string {
  const canonical = 'vink-audit-v2' + field(prevHash) + field(f.at.toISOString()) + field(f.actor_id) + field(f.actor_role)
    + field(f.unit_id) + field(f.action) + field(f.outcome) + field(f.record_type) + field(f.record_id)
    + field(f.person_id) + field(f.purpose) + field(f.criterion);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The hash of a row written before migration 0060 (chain_version 1), kept so the older part of a chain verifies. */
export function legacyChainHash(prevHash: string, f: ChainFields): string {
  const canonical = JSON.stringify([
    prevHash, f.at.toISOString(), f.actor_id, f.actor_role, f.unit_id, f.action, f.outcome,
    f.record_type, f.record_id, f.person_id, f.purpose, f.criterion,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * A version-3 row's content hash: sha256 over its stored values in the canonical form of chainHash, without a link.
 * The writer computes it when it appends the row (vink_audit_content_hash, migration 0130).
 */
export function contentHash(f: ChainFields): string {
  const canonical = 'vink-audit-v3-content' + field(f.at.toISOString()) + field(f.actor_id) + field(f.actor_role)
    + field(f.unit_id) + field(f.action) + field(f.outcome) + field(f.record_type) + field(f.record_id)
    + field(f.person_id) + field(f.purpose) + field(f.criterion);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * A version-4 row's content hash (vink_audit_content_hash_v4, migration 0310): as contentHash, under its own prefix,
 * with the reason as the last field, so an edited reason no longer matches the row's hash.
 */
export function contentHashV4(f: ChainFields): string {
  const canonical = 'vink-audit-v4-content' + field(f.at.toISOString()) + field(f.actor_id) + field(f.actor_role)
    + field(f.unit_id) + field(f.action) + field(f.outcome) + field(f.record_type) + field(f.record_id)
    + field(f.person_id) + field(f.purpose) + field(f.criterion) + field(f.reason ?? null);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * A sealed row's chain hash (versions 3 and 4), set by the sealer (vink_audit_link_hash, migration 0130): the previous row's hash,
 * the row's chain position, its seq and its content hash. The seq binds the link to the one row it seals.
 */
export function linkHash(prevHash: string, pos: number, seq: number, content: string): string {
  const canonical = 'vink-audit-v3' + field(prevHash) + field(String(pos)) + field(String(seq)) + field(content);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The hash a row of chain version 1 or 2 must carry (version 3: linkHash over contentHash). */
export function rowHash(version: 1 | 2, prevHash: string, f: ChainFields): string {
  return version === 1 ? legacyChainHash(prevHash, f) : chainHash(prevHash, f);
}
