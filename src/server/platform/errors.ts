/**
 * The closed set of errors VINK answers with. Each has a stable code that clients and tests rely on;
 * the mapping to HTTP lives in http/problem.ts and nowhere else.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'second_factor_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'reason_required'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  field: string;
  reason: string;
}

/**
 * What a problem may carry beyond its message, declared once: http/problem.ts copies every field to the wire and
 * shared/contracts.ts's Problem schema documents them, so nothing a service sets is dropped silently.
 */
export interface ProblemExtra {
  /** On a stale version: the version the record has now. */
  currentVersion?: number;
  /** On a workflow conflict: the steps that are allowed from the current state. */
  allowed?: readonly string[];
  /** On a workflow conflict: the current state. */
  current?: string;
  /** On a report that is not ready: its status. */
  status?: string;
  /** On a follow-up answered too early: the day it falls due. */
  dueOn?: string;
  /** On a call already forwarded: the concern it became. */
  concernId?: string;
  /** On a refused duplicate registration: the person already registered. */
  existingPersonId?: string;
  /** On closing a case with running courses: the courses, so the client can name them. */
  runningCourses?: readonly { id: string; kind: string; mentorName: string; startedOn: string }[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly extra: ProblemExtra | undefined;
  constructor(code: ErrorCode, message: string, opts: { fields?: FieldError[]; extra?: ProblemExtra } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields;
    this.extra = opts.extra;
  }
}

export const errors = {
  validation: (fields: FieldError[], message = 'The request has invalid fields.') =>
    new AppError('validation', message, { fields }),
  invalidField: (field: string, reason: string) =>
    new AppError('validation', `${field}: ${reason}`, { fields: [{ field, reason }] }),
  unauthenticated: (message = 'Sign-in required.') => new AppError('unauthenticated', message),
  forbidden: (message = 'You may not do this.') => new AppError('forbidden', message),
  /** Used both for records that do not exist and for records outside the actor's scope, so existence does not leak. */
  notFound: (what = 'Record') => new AppError('not_found', `${what} not found.`),
  conflict: (message: string, extra?: ProblemExtra) => new AppError('conflict', message, { extra }),
  staleVersion: (currentVersion: number) =>
    new AppError('conflict', 'The record was changed by someone else. Reload and apply your change again.', {
      extra: { currentVersion },
    }),
  /**
   * Break the glass (docs/security.md, "The purpose of every look-up"): the record is within reach but the actor is not
   * a member of it; the request must carry a short reason (header X-Vink-Reason), which goes into the audit row.
   */
  reasonRequired: () => new AppError('reason_required', 'Opening a record you are not a member of needs a short reason (header X-Vink-Reason).'),
  /** Well-formed input that cannot be accepted for what it contains (e.g. a file the malware scanner flags). */
  unprocessable: (field: string, reason: string) =>
    new AppError('unprocessable', `${field}: ${reason}`, { fields: [{ field, reason }] }),
  unavailable: (message = 'The service is temporarily unavailable.') => new AppError('unavailable', message),
};

/** True for errors that mean the database cannot be reached (as opposed to a query that failed). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '53300'].includes(code))
    return true;
  if (code.startsWith('08')) return true;
  const msg = e.message ?? '';
  return /PGlite is closed|Connection terminated|connection timeout|Client has encountered a connection error/i.test(msg);
}
