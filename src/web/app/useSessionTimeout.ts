import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { fetchSession, type Session } from '../api/auth.ts';

/** How long before the session ends the user is warned (WCAG 2.2.1: at least 20 s to react). */
export const WARNING_BEFORE_MS = 2 * 60_000;
const CHECK_EVERY_MS = 1_000;

export type TimeoutWarning = null | { reason: 'idle' | 'absolute' };

interface Options {
  session: Session | null;
  onRefreshed(session: Session): void;
  onExpired(): void;
}

/**
 * Watches the server session's idle and absolute expiry. Two minutes before the end it raises a warning;
 * at the end it asks the server (another tab may have kept the session alive) and reports expiry if it is gone.
 * Polling each second rather than one long timer also copes with a laptop that slept.
 */
export function useSessionTimeout({ session, onRefreshed, onExpired }: Options) {
  const [warning, setWarning] = useState<TimeoutWarning>(null);
  const [refreshFailed, setRefreshFailed] = useState(false);
  // The end the user has acknowledged and cannot postpone (absolute expiry), so it is not raised again.
  const [acknowledgedEnd, setAcknowledgedEnd] = useState<number | null>(null);
  const checking = useRef(false);
  const callbacks = useRef({ onRefreshed, onExpired });
  callbacks.current = { onRefreshed, onExpired };

  const refresh = useCallback(async (): Promise<void> => {
    if (checking.current) return;
    checking.current = true;
    try {
      const fresh = await fetchSession();
      setRefreshFailed(false);
      callbacks.current.onRefreshed(fresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) callbacks.current.onExpired();
      else setRefreshFailed(true);
    } finally {
      checking.current = false;
    }
  }, []);

  useEffect(() => {
    setWarning(null);
    if (!session) return;
    const endsAt = Math.min(session.idleExpiresAt, session.absoluteExpiresAt);
    const reason = session.absoluteExpiresAt <= session.idleExpiresAt ? 'absolute' : 'idle';
    const tick = () => {
      const now = Date.now();
      if (now >= endsAt) void refresh();
      else if (now >= endsAt - WARNING_BEFORE_MS && acknowledgedEnd !== endsAt) {
        setWarning((current) => current ?? { reason });
      }
    };
    tick();
    const timer = setInterval(tick, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [session, refresh, acknowledgedEnd]);

  /** "Stay signed in": asking the server counts as activity and moves the idle expiry. */
  const stay = useCallback(() => {
    if (warning?.reason === 'absolute' && session) {
      setAcknowledgedEnd(session.absoluteExpiresAt);
      setWarning(null);
    } else {
      void refresh();
    }
  }, [warning, session, refresh]);

  return { warning, refreshFailed, stay };
}
