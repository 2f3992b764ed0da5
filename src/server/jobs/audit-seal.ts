import { runAsSystem, systemRepository } from '../access/scope.ts';
import { sealAuditTrail, unsealedStateInTrx, UNSEALED_ALARM_MS, type UnsealedState } from '../audit/audit.ts';
import type { Database } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';

/** The sealer's view of the trail on the system path: the rows waiting to be sealed. Reads no personal data. */
const auditSealRepo = systemRepository((tx) => ({
  unsealed: (now: Date) => unsealedStateInTrx(tx, now),
}));

export interface SealResult {
  /** The rows waiting when this run began; overdue > 0 is the alarm. */
  before: UnsealedState;
  sealed: number;
  /** Another transaction (another instance) held the sealer's lock: it is sealing. */
  locked: boolean;
}

/**
 * One run of the audit sealer (docs/security.md, "The audit trail"): reads the rows waiting to be sealed, raising
 * the alarm (an error log line with counts and times only) when some waited longer than UNSEALED_ALARM_MS, then
 * links every committed unsealed row into the chain in small batches under the sealer's try-lock. Safe to run from
 * several instances at once; the scheduler runs it about every second, the CLI on demand, and verification first.
 */
export async function runAuditSealer(ctx: { db: Database; clock: Clock; logger?: Logger }, label: 'scheduler' | 'cli' = 'scheduler'): Promise<SealResult> {
  const before = await runAsSystem(ctx, label, (s) => auditSealRepo(s).unsealed(s.now));
  if (before.overdue > 0) {
    ctx.logger?.error({ job: 'audit-seal', alarm: 'unsealed-audit-rows', unsealed: before, boundSeconds: UNSEALED_ALARM_MS / 1000 },
      'audit alarm: audit rows waited longer than the bound to be sealed into the chain');
  }
  const r = before.count > 0 ? await sealAuditTrail(ctx.db) : { sealed: 0, locked: false };
  return { before, ...r };
}
