/**
 * The text typed in the header search, handed to the search page. Kept in this module's memory only: never in the URL
 * (names and CPR numbers stay out of history, logs and Referer headers) and never in browser storage.
 */
let pending: string | null = null;
const listeners = new Set<(text: string) => void>();

/** Hands text to the search page: to the one on screen at once, else to the next one that opens. */
export function submitSearch(text: string): void {
  if (listeners.size > 0) for (const l of listeners) l(text);
  else pending = text;
}

/** The text handed over before the search page opened (then forgotten). */
export function takePendingSearch(): string | null {
  const text = pending;
  pending = null;
  return text;
}

/** The search page listens while it is on screen; returns the unsubscribe. */
export function onSearch(listener: (text: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
