import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet } from './client.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetch again (after a change, or after a 409). */
  reload(): void;
  /** Replace the data with a server answer already in hand (e.g. the body of a successful POST). */
  set(data: T): void;
}

/**
 * GET a resource into component state. Nothing is cached beyond the component's life: the server sends no-store and
 * personal data should leave memory when the page does. path null means "not yet".
 */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (path === null) return;
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    apiGet<T>(path)
      .then((r) => {
        if (ticket === latest.current) setData(r.body);
      })
      .catch((e: unknown) => {
        if (ticket === latest.current) setError(e);
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload, set: setData };
}
