import { createContext, useContext } from 'react';
import type { Me } from '../api/auth.ts';

/** The signed-in user, for pages inside the app layout. */
export const UserContext = createContext<Me | null>(null);

export function useUser(): Me {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser outside the signed-in layout');
  return user;
}
