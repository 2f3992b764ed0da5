import { createContext, useContext } from 'react';
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
