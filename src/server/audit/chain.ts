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
}

export const GENESIS_HASH = '0'.repeat(64);

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
}

/** The row's hash covers the previous hash and every field, in a fixed order. */
export function chainHash(prevHash: string, f: ChainFields): string {
  const canonical = JSON.stringify([
    prevHash, f.at.toISOString(), f.actor_id, f.actor_role, f.unit_id, f.action, f.outcome,
    f.record_type, f.record_id, f.person_id, f.purpose, f.criterion,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

