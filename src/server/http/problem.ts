import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isDatabaseUnavailable, type ErrorCode, type FieldError, type ProblemExtra } from '../platform/errors.ts';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  second_factor_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  reason_required: 428,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<ErrorCode, string> = {
  validation: 'Invalid request',
  unauthenticated: 'Not signed in',
  second_factor_required: 'Second factor required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  reason_required: 'Reason required',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable content',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

interface ProblemBody extends Omit<ProblemExtra, 'status'> {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
  /** On a report that is not ready: its status (ProblemExtra.status; `status` is the HTTP status). */
  jobStatus?: string;
  reference?: string;
}

function body(code: ErrorCode, detail: string | undefined, extra: Partial<ProblemBody> = {}, status = STATUS[code]): ProblemBody {
  return { type: `urn:vink:problem:${code}`, title: TITLE[code], status, code, ...(detail ? { detail } : {}), ...extra };
}

function send(reply: FastifyReply, p: ProblemBody): FastifyReply {
  return reply.status(p.status).header('content-type', 'application/problem+json; charset=utf-8').send(p);
}

/** Turns zod issue paths into the dotted field names clients show next to inputs. */
function fieldErrors(err: { validation: { instancePath: string; keyword?: string; message?: string }[]; validationContext?: string }): FieldError[] {
  return err.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    // fastify-type-provider-zod puts the zod issue code in keyword; a missing key is 'received undefined'.
    const missing = v.keyword === 'invalid_type' && /received undefined/.test(v.message ?? '');
    const reason = missing ? 'is required' : (v.message ?? 'is invalid');
    return { field: path || (err.validationContext ?? 'body'), reason };
  });
}

/**
 * The one mapping from errors to HTTP. Clients get application/problem+json with a stable code; unexpected errors
 * get only a reference id, and the detail goes to the server log (without request data).
 */
export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    const { status, ...rest } = err.extra ?? {};
    const extra: Partial<ProblemBody> = { ...rest, ...(status !== undefined ? { jobStatus: status } : {}) };
    if (err.fields) extra.errors = err.fields;
    if (err.code === 'unavailable') reply.header('retry-after', '5');
    return send(reply, body(err.code, err.message, extra));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errs = fieldErrors(err as never);
    return send(reply, body('validation', errs.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors: errs }));
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    return send(reply, body('unsupported_media_type', 'Send the body as application/json.'));
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return send(reply, body('validation', 'body: is required', { errors: [{ field: 'body', reason: 'is required' }] }));
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError) {
    return send(reply, body('validation', 'body: is not valid JSON', { errors: [{ field: 'body', reason: 'is not valid JSON' }] }));
  }
  if (fe.code === 'FST_ERR_BAD_URL') {
    return send(reply, body('validation', 'path: is not valid percent-encoding', { errors: [{ field: 'path', reason: 'is not valid percent-encoding' }] }));
  }
  if (fe.statusCode === 429) return send(reply, body('rate_limited', 'Too many requests. Wait a moment and try again.'));
  if (fe.statusCode === 413) {
    return send(reply, body('validation', 'body: is too large', { errors: [{ field: 'body', reason: 'is too large' }] }, 413));
  }
  // Safety net: a PostgreSQL data exception (class 22: value out of range, bad date, bad encoding) means input the
  // schemas let through; it is the client's input, not a server fault.
  if (typeof fe.code === 'string' && /^22[0-9A-Z]{3}$/.test(fe.code)) {
    req.log.warn({ reference: req.id, pgcode: fe.code }, 'database refused a value that passed validation');
    return send(reply, body('validation', 'A value is out of range or malformed.', { errors: [{ field: 'body', reason: 'a value is out of range or malformed' }] }));
  }
  if (isDatabaseUnavailable(err)) {
    req.log.error({ reference: req.id, err: { message: err.message, code: fe.code } }, 'database unavailable');
    reply.header('retry-after', '5');
    return send(reply, body('unavailable', 'The database cannot be reached right now. Try again shortly.'));
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return send(reply, body('validation', fe.message, {}, fe.statusCode));
  }
  req.log.error({ reference: req.id, err: { message: err.message, stack: err.stack, code: fe.code } }, 'unexpected error');
  return send(reply, body('internal', 'Something went wrong. Quote the reference when reporting it.', { reference: req.id }));
}

/** 404 for routes that do not exist, in the same problem format. */
export function notFoundProblem(reply: FastifyReply): FastifyReply {
  return send(reply, body('not_found', 'No such resource.'));
}
