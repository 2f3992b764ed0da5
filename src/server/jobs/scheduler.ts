import { createHash } from 'node:crypto';
import type { AppContext } from '../platform/context.ts';
import type { JobQueue } from '../platform/queue.ts';
import { runTaskRulesOnce } from '../modules/tasks/index.ts';
import { runSnoopingRulesOnce } from '../modules/snooping/index.ts';
import { sendNotificationMailOnce } from '../modules/notifications/index.ts';
import { syncCoverOnce } from '../modules/handover/index.ts';
import { writeAuditAnchor } from './audit-anchor.ts';
import { runAuditSealer } from './audit-seal.ts';
import { writeAuditCheckpoints } from './audit-checkpoint.ts';
import { runRetention } from '../modules/retention/index.ts';
import { syncCprIndex } from '../modules/known-persons/index.ts';

export interface Scheduler {
  /** Runs one tick now (skipped if one is still running in this process). */
  tick(): Promise<void>;
  /** Stops the timer and waits for a running tick to finish. */
  stop(): Promise<void>;
  /**
   * With a queue: sends the current interval's tick to the queue (see startScheduler); true if this call created it,
   * false if an instance already had. Without a queue: runs tick() and answers true.
   */
  enqueue(): Promise<boolean>;
  /** How many ticks this instance has run (a figure for tests and logs). */
  ticksRun(): number;
}

export const SCHEDULER_QUEUE = 'vink-scheduler-tick';

/** How often the snooping rules run (docs/security.md, "Snooping alerts"): a quarter of an hour. */
export const SNOOPING_EVERY_MS = 15 * 60_000;

/** The queue id of the tick of interval slot: the same on every instance, so the slot's tick is one job. */
export function tickJobId(slot: number, intervalMs: number): string {
  const h = createHash('sha256').update(`vink-scheduler-tick:${intervalMs}:${slot}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Runs the task rules every intervalMs (default one minute) and once at start. The timer is unref'd so it never
 * keeps the process alive. Since the rules derive everything from the records, a tick missed during downtime is
 * caught up by the next one.
 *
 * Across instances (docs/architecture.md, "Background jobs"): given the job queue, each instance's timer only sends
 * the tick of the current interval (slot = the context clock's time divided by intervalMs) with an id derived from
 * the slot, so every instance sends the same job and pg-boss keeps one; whichever instance's worker claims it runs
 * the tick, and no tick runs twice. runTaskRulesOnce's advisory lock stays as a second guard (a tick running long
 * into the next slot). Without a queue (tests, tools) the timer runs the tick itself.
 *
 * Every AUDIT_ANCHOR_MINUTES (by the context's clock; at start too) a tick also anchors the audit chain's head when
 * it moved since the anchor file's newest line (docs/security.md, "Verifying the audit trail"), under the anchor
 * lock so several instances do not write at once. Without an anchor file (an in-memory DATA_DIR and no
 * AUDIT_ANCHOR_FILE) or with AUDIT_ANCHOR_MINUTES=0 there is no scheduled anchor.
 * The audit sealer runs every sealEveryMs (default one second) on its own timer, and at the start of each tick, so
 * audit rows are linked into the chain about a second after they commit (docs/security.md, "The audit trail").
 * Each tick also writes the signed checkpoints of the audit chain at the month boundaries passed since the last one
 * (docs/security.md, "The audit trail"), once per boundary across instances (a try-lock and the boundary's row).
 * Each tick also asks the retention job to run; it runs once per day (UTC) across instances (docs/retention.md).
 * Every SNOOPING_EVERY_MS (by the context's clock; at start too) a tick also runs the snooping rules over the audit
 * trail (docs/security.md, "Snooping alerts"); they are idempotent per rule, user and window and take their own lock.
 * Logs counts and error codes only, never personal data.
 */
export function startScheduler(ctx: AppContext, intervalMs = 60_000, queue?: JobQueue, sealEveryMs = 1_000): Scheduler {
  let running: Promise<void> | null = null;
  let ran = 0;
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

  // Holiday cover: memberships of periods that start today come in, those of ended periods go (before the task rules).
  const coverSync = () => syncCoverOnce(ctx)
    .then((r) => {
      if (r.added || r.removed) ctx.logger.info({ job: 'cover', ...r }, 'cover memberships changed');
    })
    .catch((err: Error & { code?: string }) => {
      ctx.logger.error({ job: 'cover', err: { name: err.name, code: err.code } }, 'cover sync failed');
    });

  // Notification e-mail (only with SMTP_URL): sent from the tick, which runs as a queued job, never in a request.
  const notificationMail = () => sendNotificationMailOnce(ctx)
    .then((sent) => {
      if (sent) ctx.logger.info({ job: 'notification-mail', sent }, 'notification mail sent');
    })
    .catch((err: Error & { code?: string }) => {
      ctx.logger.error({ job: 'notification-mail', err: { name: err.name, code: err.code } }, 'notification mail failed');
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

  // Month checkpoints of the audit chain: a no-op until a month boundary has passed without one.
  const auditCheckpoints = () => writeAuditCheckpoints(ctx)
    .then((r) => {
      if (r.written) ctx.logger.info({ job: 'audit-checkpoint', written: r.written }, 'audit month checkpoints written');
    })
    .catch((err: Error & { code?: string }) => {
      ctx.logger.error({ job: 'audit-checkpoint', err: { name: err.name, code: err.code } }, 'audit month checkpoints failed');
    });

  // The retention job (docs/retention.md): every tick asks, the first tick of a day (UTC) on any instance runs it.
  const retention = () => runRetention(ctx, { trigger: 'scheduler' })
    .then((r) => {
      if (r.ran) ctx.logger.info({ job: 'retention', classes: r.classes.map((c) => ({ class: c.classKey, counts: c.counts, heldBack: c.heldBack })) }, 'retention ran');
    })
    .catch((err: Error & { code?: string }) => {
      ctx.logger.error({ job: 'retention', err: { name: err.name, code: err.code } }, 'retention failed');
    });
  let lastSnoopAt = Number.NEGATIVE_INFINITY;
  const snoopingRules = async () => {
    const now = ctx.clock.now().getTime();
    if (now - lastSnoopAt < SNOOPING_EVERY_MS) return;
    try {
      const r = await runSnoopingRulesOnce(ctx);
      if (r.ran) lastSnoopAt = now;
      if (r.created) ctx.logger.info({ job: 'snooping', created: r.created, refreshed: r.refreshed }, 'snooping alerts raised');
    } catch (err) {
      const e = err as Error & { code?: string };
      ctx.logger.error({ job: 'snooping', err: { name: e.name, code: e.code } }, 'snooping rules failed');
    }
  };

  // The cross-unit index of keyed CPR hashes (docs/security.md, "Already known elsewhere"): persons queued by the
  // database since the last tick are hashed, so the index and the access-request export stay current between questions.
  const cprIndex = () => syncCprIndex(ctx)
    .then((n) => {
      if (n) ctx.logger.info({ job: 'cpr-index', hashed: n }, 'cpr index updated');
    })
    .catch((err: Error & { code?: string }) => {
      ctx.logger.error({ job: 'cpr-index', err: { name: err.name, code: err.code } }, 'cpr index failed');
    });

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
    ran++;
    running = coverSync()
      .then(taskRules)
      .then(notificationMail)
      .then(auditSeal)
      .then(auditAnchor)
      .then(auditCheckpoints)
      .then(retention)
      .then(snoopingRules)
      .then(cprIndex)
      .finally(() => {
        running = null;
      });
    return running;
  };
  let ready: Promise<void> = Promise.resolve();
  if (queue) {
    ready = queue.define(SCHEDULER_QUEUE, { retryLimit: 0, expireInSeconds: Math.max(60, Math.ceil(intervalMs / 1000)), deleteAfterSeconds: 86_400 })
      .then(() => queue.work(SCHEDULER_QUEUE, () => tick()));
  }
  const enqueue = async (): Promise<boolean> => {
    if (!queue) {
      await tick();
      return true;
    }
    if (stopped) return false;
    await ready;
    const slot = Math.floor(ctx.clock.now().getTime() / intervalMs);
    const id = await queue.send(SCHEDULER_QUEUE, { slot }, { id: tickJobId(slot, intervalMs) });
    if (id) queue.wake(SCHEDULER_QUEUE);
    return id !== null;
  };
  const fire = () => void enqueue().catch((err: Error & { code?: string }) => {
    ctx.logger.error({ job: 'scheduler', err: { name: err.name, code: err.code } }, 'scheduler tick not sent');
  });
  const timer = setInterval(fire, intervalMs);
  timer.unref();
  const sealTimer = setInterval(() => void (stopped ? undefined : auditSeal()), sealEveryMs);
  sealTimer.unref();
  fire();
  return {
    tick,
    enqueue,
    ticksRun: () => ran,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(sealTimer);
      if (running) await running;
      if (sealing) await sealing;
    },
  };
}
