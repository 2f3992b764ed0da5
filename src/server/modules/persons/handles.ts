import { randomBytes } from 'node:crypto';
import type { Actor } from '../../access/actor.ts';
import { SecretBox } from '../../platform/secrets.ts';

/**
 * Match handles: how an actor links a new concern to a registered person outside their person.read reach without
 * learning who it is (docs/domain.md, "Who uses it"; docs/security.md, threat model: a signed-in user reading beyond
 * their need to know). The handle is the person's id sealed with AES-256-GCM together with the actor's id and an
 * expiry, under a key that lives only in this process's memory: it cannot be read, forged, moved to another actor or
 * kept. A fresh IV per answer means two look-ups of the same person (by CPR, by name and birth date) give different
 * handles, so they cannot be joined. A restart, or a request served by another process, turns a handle into "search
 * again" (400), which the intake page shows on the person field.
 */

const box = new SecretBox(randomBytes(32));
const PREFIX = 'pmh.';
/** Long enough to finish the intake form during a call; short enough that a handle is not a standing reference. */
export const HANDLE_TTL_MINUTES = 30;

interface Sealed {
  p: string;
  a: string;
  x: number;
}

/** A handle on personId for actor, valid for HANDLE_TTL_MINUTES from now. */
export function issueHandle(personId: string, actor: Actor, now: Date): string {
  const sealed: Sealed = { p: personId, a: actor.id, x: now.getTime() + HANDLE_TTL_MINUTES * 60_000 };
  return PREFIX + box.seal(JSON.stringify(sealed));
}

export function isHandle(ref: string): boolean {
  return ref.startsWith(PREFIX);
}

/** The person id behind a handle issued to actor and not expired at now; null for anything else. */
export function openHandle(handle: string, actor: Actor, now: Date): string | null {
  if (!isHandle(handle)) return null;
  let sealed: Partial<Sealed>;
  try {
    sealed = JSON.parse(box.open(handle.slice(PREFIX.length))) as Partial<Sealed>;
  } catch {
    return null;
  }
  if (typeof sealed.p !== 'string' || sealed.a !== actor.id || typeof sealed.x !== 'number' || sealed.x < now.getTime()) return null;
  return sealed.p;
}
