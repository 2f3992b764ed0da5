/** The handover module's public face: the scheduler's cover tick. */
export { syncCoverOnce } from './service.ts';
