/**
 * The plans module's public face. Other modules (the yearly report, the CLI, demo data) use only these.
 */
export { buildYearReport, computeMeasure, installReferencePlansInTrx } from './service.ts';
export { REFERENCE_PLAN_KEYS } from './reference.ts';
/** The analysts' small-count suppression, reused by the bias watch (docs/security.md). */
export { SMALL_COUNT, publishFigure } from './suppression.ts';
