/** The persons module's public face for other modules (concerns register a new person inline). */
export { createPersonInTrx, findPersonInUnitInTrx, findVisiblePersonInTrx, presentPerson, PERSON_COLUMNS, type PersonRow } from './service.ts';
export { personReachSql } from './repo.ts';
