/** The tasks module's public face: the rules engine for jobs and tests, and the one-concern refresh for requests. */
export { runTaskRulesOnce, TASK_RULES_LOCK } from './service.ts';
export { generateTasksInTrx, refreshConcernTasksInTrx, type TaskRunResult } from './rules.ts';
