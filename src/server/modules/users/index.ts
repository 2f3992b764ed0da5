/**
 * The users module's public face: account and unit creation in a raw owner transaction (the tests' harness), and
 * the system-path repository the CLI, bootstrap and demo loader use.
 */
export { insertUserInTrx, ensureUnitInTrx, userSystemRepo, type NewUser, type NewUnit } from './repo.ts';
