/**
 * The prevention module's public face for other modules (the action plan computes its indicators with these).
 * Each helper takes (s, unitIds, from, to, params) and runs inside the caller's scope.
 */
export { peopleReached, activitiesHeld, localActorsInvolved, shareAgreeing, type ActivityFilter } from './indicators.ts';
