import type { Database, Queryable } from '../platform/db.ts';
import { GENESIS_HASH, rowHash, type AuditContext, type AuditEntry, type ChainFields, type ChainVersion } from './chain.ts';

/** The audit trail's repository: the only SQL on audit_log outside migrations (docs/architecture.md). */

/**
 * Appends entries to the audit trail inside the caller's transaction, so the audit row commits or rolls back
 * together with the work it records. The database's chain writer (vink_audit_append, migration 0060) takes the chain
 * lock, links each row to the head and hashes it; the app role has no other way to insert audit rows.
 */
export async function appendAuditInTrx(tx: Queryable, ctx: AuditContext, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const batch = entries.map((e) => ({
    action: e.action,
    outcome: e.outcome,
    record_type: e.recordType ?? null,
    record_id: e.recordId ?? null,
    person_id: e.personId ?? null,
    criterion: e.criterion ?? null,
  }));
  await tx.query('SELECT vink_audit_append($1, $2, $3, $4, $5, $6::jsonb)', [
    ctx.at, ctx.actorId, ctx.actorRole, ctx.unitId, ctx.purpose, JSON.stringify(batch),
  ]);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/** Walks the whole chain in order and names the first row whose link or content does not match. */
export async function verifyAuditChain(db: Database, batchSize = 2000): Promise<ChainVerification> {
  let prev = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const batch = await db.transaction((tx) =>
      tx.query<ChainFields & { seq: number; prev_hash: string; hash: string; chain_version: ChainVersion }>(
        `SELECT seq::bigint AS seq, at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id,
                purpose, criterion, prev_hash, hash, chain_version
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, batchSize],
      ),
    );
    for (const row of batch.rows) {
      if (row.prev_hash !== prev) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'previous-hash link does not match the row before (a row was removed or reordered)' } };
      }
      if (row.chain_version !== 1 && row.chain_version !== 2) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'unknown chain version (the row was altered)' } };
      }
      if (rowHash(row.chain_version, prev, row) !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'content does not match its hash (the row was altered)' } };
      }
      prev = row.hash;
      afterSeq = row.seq;
      checked++;
    }
    if (batch.rows.length < batchSize) return { ok: true, checked, firstBroken: null };
  }
}

/**
 * For a refused attempt the actor never got the record, so the service could not name its person. The refusal is
 * written in system context, which may look the person up: a citizen's access request (GDPR Art. 15) must show
 * refused attempts on their records too. The person id goes only into the audit row, never back to the actor.
 */
export async function personOfRecordInTrx(tx: Queryable, recordId: string): Promise<string | null> {
  const r = await tx.query<{ person_id: string | null }>(
    `SELECT coalesce(
       (SELECT id FROM persons WHERE id = $1),
       (SELECT person_id FROM cases WHERE id = $1),
       (SELECT person_id FROM concerns WHERE id = $1),
       (SELECT c.person_id FROM courses x JOIN cases c ON c.id = x.case_id WHERE x.id = $1),
       (SELECT c.person_id FROM offers x JOIN cases c ON c.id = x.case_id WHERE x.id = $1),
       (SELECT c.person_id FROM follow_ups x JOIN cases c ON c.id = x.case_id WHERE x.id = $1)
     ) AS person_id`,
    [recordId],
  );
  return r.rows[0]?.person_id ?? null;
}
