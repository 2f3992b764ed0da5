/** The snooping module's public face: the rules run for the scheduler and tests (docs/security.md, "Snooping alerts"). */
export { runSnoopingRulesOnce, SNOOPING_LOOKBACK_HOURS, type SnoopingRunResult } from './service.ts';
