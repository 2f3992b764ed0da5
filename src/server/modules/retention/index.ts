/** The retention module's public face: the job (scheduler, CLI, tests), its data map and the DPO's routes. */
export { runRetention, HORIZON_DAYS, type RetentionRun, type ClassRun } from './service.ts';
export { DATA_MAP, CLASS_ACTIONS, CLASS_RECORD_TYPES, type ClassKey } from './data-map.ts';
export { retentionRoutes } from './routes.ts';
export { RETENTION_LOCK } from './repo.ts';
