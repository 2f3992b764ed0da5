import type { AppContext } from '../platform/context.ts';
import { runTaskRulesOnce } from '../modules/tasks/index.ts';
import { writeAuditAnchor } from './audit-anchor.ts';
import { runAuditSealer } from './audit-seal.ts';

export interface Scheduler {
  /** Runs one tick now (skipped if one is still running in this process). */
  tick(): Promise<void>;
  /** Stops the timer and waits for a running tick to finish. */
  stop(): Promise<void>;
}

/**
 * Runs the task rules every intervalMs (default one minute) and once at start. The timer is unref'd so it never
 * keeps the process alive. Across instances, runTaskRulesOnce's advisory lock lets one instance do each tick; since
 * the rules derive everything from the records, a tick missed during downtime is caught up by the next one.
 *
 * Every AUDIT_ANCHOR_MINUTES (by the context's clock; at start too) a tick also anchors the audit chain's head when
 * it moved since the anchor file's newest line (docs/security.md, "Verifying the audit trail"), under the anchor
 * lock so several instances do not write at once. Without an anchor file (an in-memory DATA_DIR and no
 * AUDIT_ANCHOR_FILE) or with AUDIT_ANCHOR_MINUTES=0 there is no scheduled anchor.
 * The audit sealer runs every sealEveryMs (default one second) on its own timer, and at the start of each tick, so
 * audit rows are linked into the chain about a second after they commit (docs/security.md, "The audit trail").
 * Logs counts and error codes only, never personal data.
 */
export function startScheduler(ctx: AppContext, intervalMs = 60_000, sealEveryMs = 1_000): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const anchorEveryMs = ctx.config.AUDIT_ANCHOR_MINUTES * 60_000;
  const anchoring = anchorEveryMs > 0 && ctx.config.auditAnchorFile !== null;
  let lastAnchorAt = Number.NEGATIVE_INFINITY;

  const taskRules = () => runTaskRulesOnce(ctx)
    .then((r) => {
      if (r.ran && (r.created || r.completed || r.reassigned || r.followUpsAdded)) ctx.logger.info({ job: 'task-rules', ...r }, 'task rules ran');
    })
    .catch((err: Error & { code?: string }) => {
      ctx.logger.error({ job: 'task-rules', err: { name: err.name, code: err.code } }, 'task rules failed');
    });

  const auditAnchor = async () => {
    const now = ctx.clock.now().getTime();
    if (!anchoring || now - lastAnchorAt < anchorEveryMs) return;
    try {
      const r = await writeAuditAnchor(ctx, { label: 'scheduler' });
      // A tick that found the lock taken tries again on the next tick; otherwise wait for the next interval.
      if (r.written || r.reason !== 'locked') lastAnchorAt = now;
      // The anchor line is logged too: a log shipper then keeps a second copy outside the database and this host.
      if (r.written) ctx.logger.info({ job: 'audit-anchor', anchor: r.anchor }, 'audit chain anchored');
    } catch (err) {
      const e = err as Error & { code?: string };
      ctx.logger.error({ job: 'audit-anchor', err: { name: e.name, code: e.code, message: e.message } }, 'audit anchor failed');
    }
  };

  let sealing: Promise<void> | null = null;
  const auditSeal = (): Promise<void> => {
    if (stopped && !running) return Promise.resolve();
    sealing ??= runAuditSealer(ctx)
      .then(() => undefined)
      .catch((err: Error & { code?: string }) => {
        ctx.logger.error({ job: 'audit-seal', err: { name: err.name, code: err.code } }, 'audit sealer failed');
      })
      .finally(() => {
        sealing = null;
      });
    return sealing;
  };

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) return running;
    running = taskRules()
      .then(auditSeal)
      .then(auditAnchor)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const sealTimer = setInterval(() => void (stopped ? undefined : auditSeal()), sealEveryMs);
  sealTimer.unref();
  void tick();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(sealTimer);
      if (running) await running;
      if (sealing) await sealing;
    },
  };
}
