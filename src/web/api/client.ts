import type { z } from 'zod';
import type { Problem as ProblemContract } from '../../shared/contracts.ts';

/**
 * The one place the web client talks HTTP. Credentials are the server's HttpOnly session cookie; the CSRF
 * token lives in this module's memory only (never in browser storage) and is sent with every unsafe request.
 */

/**
 * A problem+json body as received (src/shared/contracts.ts Problem). Every field but the status may be missing: a
 * proxy or a crashed server answers with something else, and the status is taken from the response itself.
 */
export type Problem = Partial<z.infer<typeof ProblemContract>> & { status: number };

/** The server answered with an error status. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(`HTTP ${problem.status}${problem.code ? ` ${problem.code}` : ''}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** Optimistic locking or a status machine refused the change: someone else changed the record first. */
  get isConflict(): boolean {
    return this.status === 409;
  }

  /** The fields the server flagged, field path → the server's (English, technical) reason. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field] ??= e.reason;
    return out;
  }

  /** True when the server flagged this input field. */
  hasFieldError(field: string): boolean {
    return this.problem.errors?.some((e) => e.field === field) ?? false;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Network error', { cause });
    this.name = 'NetworkError';
  }
}

/** A successful answer and the server's clock at the time, for turning server timestamps into local deadlines. */
export interface ApiResponse<T> {
  body: T;
  /** Server time minus local time, in ms (0 when the server sent no Date header). */
  clockOffsetMs: number;
}

let csrfToken: string | null = null;

/** Remembers the latest CSRF token the server handed out. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Forgets the CSRF token; part of clearing all in-memory state at sign-out. */
export function clearCsrfToken(): void {
  csrfToken = null;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

async function request<T>(method: Method, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const serverDate = Date.parse(response.headers.get('date') ?? '');
  const clockOffsetMs = Number.isNaN(serverDate) ? 0 : serverDate - Date.now();
  const parsed: unknown = await readJson(response);
  if (!response.ok) {
    throw new ApiError({ ...(isObject(parsed) ? parsed : {}), status: response.status } as Problem);
  }
  if (isObject(parsed) && typeof parsed.csrfToken === 'string') setCsrfToken(parsed.csrfToken);
  return { body: parsed as T, clockOffsetMs };
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function apiGet<T>(path: string): Promise<ApiResponse<T>> {
  return request<T>('GET', path);
}

export function apiPost<T>(path: string, body: object = {}): Promise<ApiResponse<T>> {
  return request<T>('POST', path, body);
}

export function apiPatch<T>(path: string, body: object): Promise<ApiResponse<T>> {
  return request<T>('PATCH', path, body);
}

/** A whole new version of a resource (e.g. the yearly report's texts). */
export function apiPut<T>(path: string, body: object): Promise<ApiResponse<T>> {
  return request<T>('PUT', path, body);
}

/** A query string from opaque, non-personal values only (ids, statuses, dates); empty values are left out. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
