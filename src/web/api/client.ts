import type { z } from 'zod';
import type { Problem as ProblemContract } from '../../shared/contracts.ts';
import type { Purpose } from '../../shared/roles.ts';

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

/**
 * The purpose of every look-up (docs/security.md, "The purpose of every look-up"): each request carries one of the
 * closed list PURPOSES in X-Vink-Purpose: the page's own purpose (e.g. access_request on the DPO's access-request
 * pages, see usePurpose), else the role's default, set at sign-in. Kept in memory only.
 */
let defaultPurpose: Purpose | null = null;
let pagePurpose: Purpose | null = null;

export function setDefaultPurpose(purpose: Purpose | null): void {
  defaultPurpose = purpose;
}

let pageToken: object | null = null;

/**
 * Sets the purpose of the page being shown; returns the function that clears it when the page goes. The next page
 * renders before the previous one is removed, so a clear applies only while its own page's purpose is still set.
 */
export function setPagePurpose(purpose: Purpose): () => void {
  const token = {};
  pageToken = token;
  pagePurpose = purpose;
  return () => {
    if (pageToken !== token) return;
    pageToken = null;
    pagePurpose = null;
  };
}

/**
 * Break the glass: opening a person or case the user is not a member of answers 428 reason_required until the
 * request carries a short reason. The layout registers a prompt (ReasonDialog) that asks the user; the answer is
 * the reason for the page being shown (its address), kept in memory for the session and sent with every request
 * that page makes in X-Vink-Reason (percent-encoded, so any text fits a header). Cancelling leaves the 428 for the
 * page to show.
 */
type ReasonPrompt = () => Promise<string | null>;
let reasonPrompt: ReasonPrompt | null = null;
const reasons = new Map<string, string>();
let asking: Promise<string | null> | null = null;

export function setReasonPrompt(prompt: ReasonPrompt | null): void {
  reasonPrompt = prompt;
}

/** Forgets the reasons given; part of clearing all in-memory state at sign-out. */
export function clearReasons(): void {
  reasons.clear();
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

async function request<T>(method: Method, path: string, body?: unknown): Promise<ApiResponse<T>> {
  try {
    return await send<T>(method, path, body);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 428 || error.problem.code !== 'reason_required' || !reasonPrompt) throw error;
    const page = window.location.pathname;
    if (!reasons.has(page)) {
      // Several requests of one page may be refused at once (the case and its person): the user is asked once.
      asking ??= reasonPrompt().finally(() => { asking = null; });
      const reason = await asking;
      if (!reason) throw error;
      reasons.set(page, reason);
    }
    return send<T>(method, path, body);
  }
}

async function send<T>(method: Method, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const purpose = pagePurpose ?? defaultPurpose;
  if (purpose) headers['x-vink-purpose'] = purpose;
  const reason = typeof window === 'undefined' ? undefined : reasons.get(window.location.pathname);
  if (reason) headers['x-vink-reason'] = encodeURIComponent(reason);
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

export function apiPut<T>(path: string, body: object): Promise<ApiResponse<T>> {
  return request<T>('PUT', path, body);
}

export function apiPatch<T>(path: string, body: object): Promise<ApiResponse<T>> {
  return request<T>('PATCH', path, body);
}

/** A query string from opaque, non-personal values only (ids, statuses, dates); empty values are left out. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Downloads a file the server makes (with the page's purpose in its header, which a plain link cannot send) and
 * hands it to the browser as filename. The file stays in memory only until the browser has it. Answers the response's
 * headers (e.g. how many rows an export holds).
 */
export async function apiDownload(path: string, filename: string): Promise<Headers> {
  const headers: Record<string, string> = {};
  const purpose = pagePurpose ?? defaultPurpose;
  if (purpose) headers['x-vink-purpose'] = purpose;
  let response: Response;
  try {
    response = await fetch(path, { headers, credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw new ApiError({ ...((await readJson(response)) as object | undefined), status: response.status } as Problem);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return response.headers;
}

/**
 * Uploads a file as the raw body (application/octet-stream) with its metadata in headers (percent-encoded UTF-8), as
 * the documents routes take it: the file name never goes into a URL (docs/security.md, "Documents").
 */
export async function apiUpload<T>(path: string, file: Blob, headers: Record<string, string>): Promise<ApiResponse<T>> {
  const h: Record<string, string> = { accept: 'application/json, application/problem+json', 'content-type': 'application/octet-stream', ...headers };
  if (csrfToken) h['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: h, body: file, credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    throw new NetworkError(error);
  }
  const serverDate = Date.parse(response.headers.get('date') ?? '');
  const clockOffsetMs = Number.isNaN(serverDate) ? 0 : serverDate - Date.now();
  const parsed: unknown = await readJson(response);
  if (!response.ok) throw new ApiError({ ...(isObject(parsed) ? parsed : {}), status: response.status } as Problem);
  return { body: parsed as T, clockOffsetMs };
}

/** The CSRF token for a request this module does not send itself (a binary download with POST, e.g. minutes). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}
