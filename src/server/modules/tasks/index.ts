/** The tasks module's public face: the rules engine for jobs and tests, and the one-concern refresh for requests. */
export { runTaskRulesOnce, generateTasksInTrx, refreshConcernTasksInTrx, refreshConsentTasksInTrx, refreshAccessRequestTasksInTrx, refreshCaseTasksInTrx, completeTasksInTrx, createHotlineForwardTaskInTrx, type TaskRunResult } from './service.ts';
export { TASK_RULES_LOCK } from './repo.ts';
