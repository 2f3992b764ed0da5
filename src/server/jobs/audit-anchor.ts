import { runAsSystem, systemRepository } from '../access/scope.ts';
import {
  appendAnchor, auditAnchorKey, lastAnchorInFile, lockAuditAnchorInTrx, readAuditHeadInTrx, sealAuditTrail, signAnchor, type AuditAnchor,
} from '../audit/audit.ts';
import type { Database } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';

/** The anchor writer's view of the trail, on the system path: the head and the writer's lock. Reads no personal data. */
const auditAnchorRepo = systemRepository((tx) => ({
  lock: (wait: boolean) => lockAuditAnchorInTrx(tx, wait),
  head: () => readAuditHeadInTrx(tx),
}));

export type AnchorConfig = Pick<Config, 'VINK_AUDIT_ANCHOR_KEY' | 'VINK_SECRET_KEY' | 'DATA_DIR' | 'auditAnchorFile'>;

export type AnchorResult =
  | { written: true; anchor: AuditAnchor; file: string }
  | { written: false; reason: 'no-file' | 'empty' | 'unchanged' | 'locked'; file: string | null };

/**
 * Anchors the audit chain's sealed head outside the database (docs/security.md, "Verifying the audit trail"): signs
 * { seq, hash, count, at } with the anchor key and appends it as one line to the anchor file. Under the anchor lock
 * in one system transaction, so with several instances one writes at a time, and the head and its count come from
 * one snapshot. The scheduler (force false) skips a head that its file's newest anchor already names, and a tick
 * while another instance holds the lock; the CLI (force true) waits for the lock and always writes. Not audited
 * itself: it reads no personal data, and an audit row would move the head it has just anchored.
 */
export async function writeAuditAnchor(
  ctx: { db: Database; clock: Clock; config: AnchorConfig },
  opts: { label: 'scheduler' | 'cli'; file?: string; force?: boolean },
): Promise<AnchorResult> {
  const file = opts.file ?? ctx.config.auditAnchorFile;
  if (!file) return { written: false, reason: 'no-file', file: null };
  const key = auditAnchorKey(ctx.config);
  // The anchor covers the sealed chain: seal what has committed first, so the head is as new as it can be.
  await sealAuditTrail(ctx.db);
  return runAsSystem(ctx, opts.label, async (s): Promise<AnchorResult> => {
    const repo = auditAnchorRepo(s);
    if (!(await repo.lock(opts.force === true))) return { written: false, reason: 'locked', file };
    const head = await repo.head();
    if (!head) return { written: false, reason: 'empty', file };
    if (!opts.force) {
      const last = lastAnchorInFile(key, file);
      if (last && last.seq === head.seq && last.hash === head.hash && last.count === head.count) return { written: false, reason: 'unchanged', file };
    }
    const anchor = signAnchor(key, head, s.now);
    await appendAnchor(file, anchor);
    return { written: true, anchor, file };
  });
}
