import { runAsSystem, type Scope } from '../../access/scope.ts';
import type { Database } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';
import { optionalAuditAnchorKey, signAnchor } from '../../audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import { CLASS_ACTIONS, type ClassKey } from './data-map.ts';
import { retentionRepo, retentionSystemRepo, type RetentionClassShape } from './repo.ts';

/** How far ahead the dry run and the DPO's page look (docs/retention.md). */
export const HORIZON_DAYS = 30;

export interface ClassRun {
  classKey: string;
  action: string;
  periodMonths: number;
  cutoff: string;
  counts: Record<string, number>;
  heldBack: number;
  /** The receipt written (a real run), or null (a dry run, or a class with nothing to do here). */
  receiptId: string | null;
  /** Why the class was not run (the audit log is purged by dropping partitions: docs/retention.md). */
  skipped?: string;
}

export interface RetentionRun {
  /** False when another instance held the lock, or the day's scheduled run had already run. */
  ran: boolean;
  dryRun: boolean;
  classes: ClassRun[];
}

/** The rule of a class in words, for the receipt: no personal data, only the schedule's own terms. */
function ruleOf(c: RetentionClassShape): string {
  return `${c.action} ${c.key}: ${c.periodMonths} months after ${c.startsAtEvent}`;
}

/**
 * Runs the retention schedule once, as the system actor (docs/retention.md, "The job"). `trigger` 'scheduler' runs
 * at most once per day across every instance (the day's row in retention_runs); 'cli' runs now. Under one advisory
 * lock, so two instances never run at once. A dry run (`dryRun`) changes nothing and writes no receipt: it counts,
 * per class, what a run HORIZON_DAYS from now would take. A real run writes one receipt per class (counts only) and
 * one audit row per class that took or held back anything, naming the counts; a legal hold holds records back and the receipt counts them.
 */
export async function runRetention(
  ctx: { db: Database; clock: Clock; config?: Pick<Config, 'VINK_AUDIT_ANCHOR_KEY' | 'VINK_SECRET_KEY' | 'DATA_DIR'> },
  opts: { trigger: 'scheduler' | 'cli'; dryRun?: boolean },
): Promise<RetentionRun> {
  const dryRun = opts.dryRun === true;
  return runAsSystem(ctx, opts.trigger, async (s) => {
    const repo = retentionSystemRepo(s);
    if (!(await repo.tryLock())) return { ran: false, dryRun, classes: [] };
    if (!dryRun && opts.trigger === 'scheduler' && !(await repo.claimDay())) return { ran: false, dryRun, classes: [] };
    const at = dryRun ? new Date(s.now.getTime() + HORIZON_DAYS * 86_400_000) : s.now;
    if (!dryRun) await repo.ensureAuditPartitions();
    // The checkpoints before an audit purge are signed with the anchor key (docs/security.md), never stored here.
    const key = ctx.config ? optionalAuditAnchorKey(ctx.config) : null;
    const out: ClassRun[] = [];
    for (const c of await repo.classes()) {
      const cutoff = await repo.cutoff(at, c.periodMonths);
      const base = { classKey: c.key, action: c.action, periodMonths: c.periodMonths, cutoff: cutoff.toISOString() };
      if (dryRun) {
        out.push({ ...base, ...(await repo.candidates(c.key, cutoff)), receiptId: null });
        continue;
      }
      if (!(c.key in CLASS_ACTIONS) || CLASS_ACTIONS[c.key as ClassKey] !== c.action) {
        out.push({ ...base, counts: {}, heldBack: 0, receiptId: null, skipped: 'no rule for this class and action in the data map' });
        continue;
      }
      if (c.key === 'audit_log' && !key) {
        out.push({ ...base, counts: {}, heldBack: 0, receiptId: null, skipped: 'no audit anchor key to sign the checkpoint (VINK_AUDIT_ANCHOR_KEY or VINK_SECRET_KEY)' });
        continue;
      }
      let done: { counts: Record<string, number>; heldBack: number };
      if (c.key === 'audit_log') {
        const purge = await repo.purgeAudit(cutoff, (head) => signAnchor(key!, head, s.now));
        if (purge.skipped) {
          out.push({ ...base, counts: {}, heldBack: purge.heldPartitions, receiptId: null, skipped: purge.skipped });
          continue;
        }
        done = { counts: { audit_partition: purge.partitions, audit_row: purge.rows }, heldBack: purge.heldPartitions };
      } else {
        done = await repo.apply(c.key, cutoff);
      }
      const receiptId = await repo.writeReceipt({ classKey: c.key, rule: ruleOf(c), cutoff, counts: done.counts, heldBack: done.heldBack });
      const total = Object.values(done.counts).reduce((n, x) => n + x, 0);
      // What the job did to personal data is audited; a class that took nothing leaves its receipt only.
      if (total > 0 || done.heldBack > 0) s.audit({
        action: 'delete', outcome: 'ok', recordType: 'retention_receipt', recordId: receiptId,
        criterion: `class=${c.key} ${Object.entries(done.counts).map(([k, v]) => `${k}=${v}`).join(' ')} held_back=${done.heldBack} total=${total}`,
      }, { purpose: 'administration' });
      out.push({ ...base, counts: done.counts, heldBack: done.heldBack, receiptId });
    }
    return { ran: true, dryRun, classes: out };
  });
}

/** The DPO's page: the schedule, the receipts, the upcoming deletions, and the change of a period. */
export const retention = {
  classes: (s: Scope) => retentionRepo(s).classes(),
  receipts: (s: Scope, limit: number) => retentionRepo(s).receipts(limit),
  upcoming: (s: Scope) => retentionRepo(s).upcoming(HORIZON_DAYS),
  setPeriod: (s: Scope, key: string, change: { periodMonths: number; version: number }) =>
    retentionRepo(s).setPeriod(key, change.periodMonths, change.version),
};
