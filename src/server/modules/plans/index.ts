/**
 * The plans module's public face. Other modules (the yearly report, the CLI, demo data) use only these.
 */
export { buildYearReport, computeMeasure, installReferencePlansInTrx } from './service.ts';
export { REFERENCE_PLAN_KEYS } from './reference.ts';
/** The analysts' small-count suppression, reused by the bias watch (docs/security.md). */
export { SMALL_COUNT, publishFigure } from './suppression.ts';
/**
 * The caseload funnel's shaping and the analysts' suppression, for the national view (modules/national), which counts
 * across units in its own SECURITY DEFINER functions and publishes each unit's years exactly as the unit's analyst
 * would see them.
 */
export { publishCaseloadOverYears, sumPublishedCaseloads, type RawCaseloadRow } from './suppression.ts';
export { assembleCaseload, callsByGroup, groupOrder, type ConcernGroupCounts } from './statistics.ts';
