import { runAsSystem, systemRepository } from '../access/scope.ts';
import { optionalAuditAnchorKey, sealAuditTrail, writeMonthCheckpointsInTrx } from '../audit/audit.ts';
import type { Database } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';

/** The month checkpoints' writer on the system path. Reads no personal data: positions, hashes and counts. */
const auditCheckpointRepo = systemRepository((tx, s) => ({
  write: (key: Buffer) => writeMonthCheckpointsInTrx(tx, s.now, key),
}));

export type CheckpointResult = { written: number } | { written: 0; reason: 'no-key' | 'locked' };

/**
 * Writes the signed checkpoints of the audit chain at each month (partition) boundary that has passed and has none
 * yet (docs/security.md, "The audit trail"), after sealing what has committed. Called by the scheduler's tick on
 * whichever instance runs it; a try-lock and one checkpoint per boundary make a second instance's call a no-op. Without
 * an anchor key (an in-memory data directory and no VINK_AUDIT_ANCHOR_KEY or VINK_SECRET_KEY) nothing is written. Not
 * audited itself, as the anchor is not: an audit row would move the head it has just checkpointed.
 */
export async function writeAuditCheckpoints(
  ctx: { db: Database; clock: Clock; config: Pick<Config, 'VINK_AUDIT_ANCHOR_KEY' | 'VINK_SECRET_KEY' | 'DATA_DIR'> },
): Promise<CheckpointResult> {
  const key = optionalAuditAnchorKey(ctx.config);
  if (!key) return { written: 0, reason: 'no-key' };
  await sealAuditTrail(ctx.db);
  return runAsSystem(ctx, 'scheduler', async (s) => {
    const n = await auditCheckpointRepo(s).write(key);
    return n === null ? { written: 0, reason: 'locked' } : { written: n };
  });
}
