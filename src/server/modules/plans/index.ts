/**
 * The plans module's public face. Other modules (the yearly report, the CLI, demo data) use only these.
 */
export { buildYearReport } from './service.ts';
export { installReferencePlans, REFERENCE_PLAN_KEYS } from './reference.ts';
export { computeMeasure } from './indicators.ts';
