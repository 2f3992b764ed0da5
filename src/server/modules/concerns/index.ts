/** The concerns module's public face for other modules (calls forward a call as a concern). */
export { registerConcernInTrx, type NewConcern } from './service.ts';
export { presentConcern } from './repo.ts';
