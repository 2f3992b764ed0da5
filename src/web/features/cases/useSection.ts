import { ApiError } from '../../api/client.ts';
import { useApi, type Loaded } from '../../api/useApi.ts';

export interface Section<T> extends Loaded<T> {
  /** The actor may not read this part of the case (403/404): the section is left out, not shown as an error. */
  hidden: boolean;
}

/** GET one part of a case page; a refusal hides the part (need-to-know), other failures show as errors. */
export function useSection<T>(path: string | null): Section<T> {
  const loaded = useApi<T>(path);
  const hidden = loaded.error instanceof ApiError && (loaded.error.status === 403 || loaded.error.status === 404);
  return { ...loaded, hidden };
}
