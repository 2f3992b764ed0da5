import { useEffect, useRef, useState } from 'react';
import { apiGet, query } from './client.ts';
import { useResource } from './queries.ts';

/** A page of a paged list (src/shared/lists.ts). */
export interface PageOf<T> {
  items: T[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * A server-paged list (docs/architecture.md, "Lists"): the first page through the query client, later pages appended
 * by showMore() ("Vis flere"). A change of the filters starts again from the first page. After showMore() the first
 * new row's element (id `${rowIdPrefix}${item.id}`) gets the focus, so a keyboard user goes on where the new rows begin.
 * The filters go into the API path only: never names or CPR (none of the lists' filters are personal data).
 */
export function usePagedList<T extends { id: string }>(path: string, filters: Record<string, string | number | undefined>, rowIdPrefix: string) {
  const key = query(filters);
  const first = useResource<PageOf<T>>(`${path}${key}`);
  const [more, setMore] = useState<{ key: string; items: T[]; next: string | null }>({ key, items: [], next: null });
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const focusId = useRef<string | null>(null);
  const extra = more.key === key ? more : { key, items: [], next: null };
  const items = [...(first.data?.items ?? []), ...extra.items];
  const next = extra.items.length ? extra.next : (first.data?.nextCursor ?? null);

  useEffect(() => {
    if (!focusId.current) return;
    document.getElementById(`${rowIdPrefix}${focusId.current}`)?.focus();
    focusId.current = null;
  }, [more, rowIdPrefix]);

  async function showMore() {
    if (!next) return;
    setBusy(true);
    setLoadError(null);
    try {
      const page = (await apiGet<PageOf<T>>(`${path}${query({ ...filters, cursor: next })}`)).body;
      focusId.current = page.items[0]?.id ?? null;
      setMore({ key, items: [...extra.items, ...page.items], next: page.nextCursor });
    } catch (err) {
      setLoadError(err);
    } finally {
      setBusy(false);
    }
  }

  return { loaded: first.data !== undefined, items, total: first.data?.total ?? 0, next, busy, error: first.error ?? loadError, showMore };
}
