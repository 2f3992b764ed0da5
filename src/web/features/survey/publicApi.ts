import type { z } from 'zod';
import type { PublicSurvey as PublicSurveySchema } from '../../../shared/prevention.ts';

/**
 * The public survey's own HTTP: no session, no CSRF token and no cookies either way (credentials: 'omit'), so an
 * answer cannot be tied to a signed-in member of staff who happens to use the same browser.
 */
export type PublicSurvey = z.infer<typeof PublicSurveySchema>;
export type PublicQuestion = PublicSurvey['questions'][number];

/** The survey is unknown, not yet open or closed (the server answers all three alike). */
export class SurveyUnavailable extends Error {}
/** Too many requests from this network for now. */
export class SurveyBusy extends Error {}
/** The page's single-use answer ticket was already used (the answer was received once). */
export class SurveyTicketUsed extends Error {}

async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method,
    credentials: 'omit',
    cache: 'no-store',
    headers: method === 'POST' ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 404) throw new SurveyUnavailable();
  if (response.status === 429) throw new SurveyBusy();
  if (response.status === 409) throw new SurveyTicketUsed();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

export function fetchPublicSurvey(token: string): Promise<PublicSurvey> {
  return send('GET', `/api/v1/public/surveys/${encodeURIComponent(token)}`) as Promise<PublicSurvey>;
}

/** Sends the answers with the single-use ticket that came with the questions: one answer per ticket. */
export async function submitAnswers(token: string, ticket: string, answers: { questionId: string; value: number | null }[]): Promise<void> {
  await send('POST', `/api/v1/public/surveys/${encodeURIComponent(token)}/responses`, { ticket, answers });
}
