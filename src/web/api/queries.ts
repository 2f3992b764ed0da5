import { QueryClient, skipToken, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, apiGet } from './client.ts';

/**
 * Server data in the web app goes through one TanStack Query client per tab. It holds nothing beyond what is on
 * screen: no persistence (memory only, like the CSRF token), a query nobody shows any more is dropped at once
 * (gcTime 0), and sign-out clears it. Every read asks the server again when a page shows it (staleTime 0); the server
 * sends no-store and audits each look-up, so nothing is ever answered from an old copy. Nothing refetches by itself on
 * focus or reconnect: a page shows what the user read until they or their own change ask again, so someone else's
 * change is met as a conflict (409) the page explains, never silently swapped in under the user's eyes.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        gcTime: 0,
        staleTime: 0,
        // A refusal or a missing record will not change by asking again; a failure is shown at once.
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false, gcTime: 0 },
    },
  });
}

/**
 * A resource's query key: its API path below /api/v1, segment by segment, then its query parameters
 * ('/api/v1/cases/7/notes' → ['cases', '7', 'notes']; '/api/v1/concerns?caseId=7' → ['concerns', { caseId: '7' }]).
 * So a key names the resource, and everything below a resource shares its key's beginning.
 */
export function resourceKey(path: string): QueryKey {
  const [pathname = '', search] = path.replace(/^\/api\/v1\//, '').split('?');
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  return search ? [...segments, Object.fromEntries(new URLSearchParams(search))] : segments;
}

/** GET a resource (its body) through the query client; null means "not yet" (or "not for this user"). */
export function useResource<T>(path: string | null, seed?: T | null) {
  // A seed (the section as the page's one request already read it) is used as is until the section reloads itself.
  return useQuery<T>({
    queryKey: path === null ? ['idle'] : resourceKey(path),
    queryFn: path === null ? skipToken : async () => (await apiGet<T>(path)).body,
    ...(seed == null ? {} : { initialData: seed, staleTime: Infinity }),
  });
}

/**
 * A resource that arrived as part of a page read in one request (e.g. the case page, docs/architecture.md): shown from
 * that read without asking again, and read again alone, from its own path, when a change makes it stale. Undefined
 * seed means "not part of the page" (not for this user), and the resource stays idle.
 */
export function useSeededResource<T>(path: string, seed: T | null | undefined) {
  return useQuery<T>({
    queryKey: seed == null ? ['idle', path] : resourceKey(path),
    queryFn: seed == null ? skipToken : async () => (await apiGet<T>(path)).body,
    ...(seed == null ? {} : { initialData: seed, staleTime: Infinity }),
  });
}

/** True for an answer that means "not for you" or "not there" (403/404): need-to-know, not a failure. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

/**
 * Marks resources as changed so whoever shows them reads them again. Exact: a case's notes changing does not refetch
 * the case itself (every read is an audited look-up on the server, so the app asks only for what changed).
 */
export function useRefresh(): (...paths: string[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    async (...paths: string[]) => {
      await Promise.all(paths.map((p) => client.invalidateQueries({ queryKey: resourceKey(p), exact: true })));
    },
    [client],
  );
}
