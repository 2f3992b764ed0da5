/** The tasks module's public face: the rules engine for jobs and tests. */
export { runTaskRulesOnce, TASK_RULES_LOCK } from './service.ts';
export { generateTasksInTrx, type TaskRunResult } from './rules.ts';
