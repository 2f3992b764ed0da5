/** The auth module's public face for other modules: password hashing and ending a user's sessions. */
export { hashPassword, newEnrolmentCode, enrolmentCodeDigest, ENROLMENT_CODE_HOURS } from './credentials.ts';
export { endSessionsOfUserInTrx, type SessionEndReason } from './repo.ts';
