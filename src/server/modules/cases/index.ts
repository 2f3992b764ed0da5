/** The cases module's public face for other modules (assessments, offers, courses …). */
export { getReachableCase, reachesCase, advanceCaseInTrx, CASE_COLUMNS, type CaseRow } from './policy.ts';
export { caseReachSql } from './repo.ts';
