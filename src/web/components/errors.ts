import { ApiError, NetworkError } from '../api/client.ts';

/** The translation key for an error nobody expected to handle specifically. */
export function generalErrorKey(error: unknown): string {
  if (error instanceof NetworkError) return 'errors.network';
  if (error instanceof ApiError && error.status === 429) return 'errors.rateLimited';
  return 'errors.generic';
}
