import { runAsSystem, type Scope } from '../../access/scope.ts';
import type { Database } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';
import type { ResolveAlertInput, WatchFlagInput } from '../../../shared/watch.ts';
import { snoopingJobRepo, snoopingRepo } from './repo.ts';

/** How far back each run looks (hours): windows are re-evaluated until they are this old (docs/security.md). */
export const SNOOPING_LOOKBACK_HOURS = 48;

export interface SnoopingRunResult {
  ran: boolean;
  created?: number;
  refreshed?: number;
}

/**
 * Runs every enabled snooping rule once over the last SNOOPING_LOOKBACK_HOURS, on the system path (label 'scheduler'),
 * unless another instance is running them now. Idempotent: an alert is unique per rule, user and window, so a rerun
 * (or a second instance after the first) adds nothing and only refreshes open alerts that grew. Counts only leave it.
 */
export async function runSnoopingRulesOnce(ctx: { db: Database; clock: Clock }): Promise<SnoopingRunResult> {
  return runAsSystem(ctx, 'scheduler', async (s) => {
    const repo = snoopingJobRepo(s);
    if (!(await repo.tryLock())) return { ran: false };
    const from = new Date(s.now.getTime() - SNOOPING_LOOKBACK_HOURS * 3_600_000);
    let created = 0, refreshed = 0;
    for (const rule of await repo.rules()) {
      if (!rule.enabled) continue;
      const r = await repo.apply(rule, from, s.now);
      created += r.created;
      refreshed += r.refreshed;
    }
    return { ran: true, created, refreshed };
  });
}

/** The DPO's alert list, drill-down and resolution, and the persons the rules watch. */
export const snooping = {
  async overview(s: Scope, status: 'open' | 'resolved' | undefined) {
    const alerts = await snoopingRepo(s).list(status);
    return { alerts, rules: await snoopingRepo(s).rules() };
  },
  get: (s: Scope, id: string) => snoopingRepo(s).get(id),
  resolve: (s: Scope, id: string, input: ResolveAlertInput) => snoopingRepo(s).resolve(id, input.version, input.note),
  flags: (s: Scope) => snoopingRepo(s).flags(),
  flag: (s: Scope, input: WatchFlagInput) => snoopingRepo(s).flag(input),
  lift: (s: Scope, id: string, version: number) => snoopingRepo(s).lift(id, version),
};
