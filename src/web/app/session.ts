import { createContext, useContext } from 'react';
import { reachesFor, type Action, type Reach } from '../../shared/policy.ts';
import type { Me } from '../api/auth.ts';

/** The signed-in user, for pages inside the app layout. */
export const UserContext = createContext<Me | null>(null);

export function useUser(): Me {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser outside the signed-in layout');
  return user;
}

/**
 * Where the signed-in user starts (the first entry of their navigation). The layout provides it from the route table,
 * so pages can link "back to the start" without importing the route table (which imports every page).
 */
export const LandingContext = createContext('/');

export function useLanding(): string {
  return useContext(LandingContext);
}

/**
 * True when the user's role may attempt the action at all: the capabilities /auth/me lists from the need-to-know
 * table (src/shared/policy.ts). Menus and buttons ask this instead of naming roles; the server still decides each
 * record by its reach, so a capability only means that asking is not pointless.
 */
export function can(me: Me, action: Action): boolean {
  return me.capabilities.includes(action);
}

/** True when the user's role may attempt the action through the given reach (e.g. course.read as the mentor). */
export function canVia(me: Me, action: Action, reach: Reach): boolean {
  return can(me, action) && reachesFor(action, me.role).includes(reach);
}

/** What of a case decides a reach: its unit, its owner and who is on it. */
export interface CaseReach {
  unitId: string;
  ownerId: string | null;
  members: readonly { id: string }[];
}

/**
 * True when the user may do the action on this case: one of the role's reaches for it holds for the case (a
 * coordinator through the unit, an adviser only as the owner, and so on). The same table the server applies, so a
 * button is shown exactly when the server would let the request through.
 */
export function canOnCase(me: Me, action: Action, c: CaseReach): boolean {
  if (!can(me, action)) return false;
  return reachesFor(action, me.role).some((reach) => {
    switch (reach) {
      case 'any':
        return true;
      case 'unit':
        return c.unitId === me.unitId;
      case 'owner':
        return c.ownerId === me.id;
      case 'member':
        return c.ownerId === me.id || c.members.some((m) => m.id === me.id);
      default:
        return false;
    }
  });
}
