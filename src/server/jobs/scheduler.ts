import type { AppContext } from '../platform/context.ts';
import { runTaskRulesOnce } from '../modules/tasks/index.ts';

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
 * Logs counts and error codes only, never personal data.
 */
export function startScheduler(ctx: AppContext, intervalMs = 60_000): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) return running;
    running = runTaskRulesOnce(ctx)
      .then((r) => {
        if (r.ran && (r.created || r.completed || r.reassigned || r.followUpsAdded)) ctx.logger.info({ job: 'task-rules', ...r }, 'task rules ran');
      })
      .catch((err: Error & { code?: string }) => {
        ctx.logger.error({ job: 'task-rules', err: { name: err.name, code: err.code } }, 'task rules failed');
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
