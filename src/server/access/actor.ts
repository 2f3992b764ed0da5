import type { Role } from '../../shared/roles.ts';

/** The signed-in user a request acts for. Built once per request by the session check. */
export interface Actor {
  id: string;
  role: Role;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  /** Units whose rows this actor may reach by unit (their own unit). Membership reaches further, see policy.ts. */
  unitIds: string[];
  sessionId: string;
}
