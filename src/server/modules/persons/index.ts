/** The persons module's public face for other modules (concerns register a new person inline). */
export { personViewInTrx } from './service.ts';
export { createPersonInTrx, findPersonToLinkInTrx, findVisiblePersonInTrx, personForOverviewInTrx } from './service.ts';
export { personReachSql, presentPerson, PERSON_COLUMNS, type LinkedPerson, type PersonRow } from './repo.ts';
