import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { User } from '../../../shared/contracts.ts';
import { userRepo, type NewUser, type UserPatch } from './repo.ts';

/**
 * Administration of staff accounts, confined to the administrator's own unit (userRepo applies the role, the unit
 * confinement and the audit). The rules here are the workflow's: stale versions and no self-disabling.
 */
export const users = {
  list: (s: Scope): Promise<User[]> => userRepo(s).list(),

  get: (s: Scope, id: string): Promise<User> => userRepo(s).get(id),

  create: (s: Scope, input: NewUser): Promise<User> => userRepo(s).create(input),

  async update(s: Scope, id: string, patch: UserPatch): Promise<User> {
    const current = await userRepo(s).reachable(id, 'update');
    const updated = await userRepo(s).update(id, patch);
    if (!updated) throw errors.staleVersion(current.version);
    return updated;
  },

  /** Disabling ends the user's sessions at once. An administrator cannot lock themselves out. */
  async disable(s: Scope, id: string): Promise<User> {
    await userRepo(s).reachable(id, 'update');
    if (id === s.actor.id) throw errors.conflict('You cannot disable your own account.');
    return userRepo(s).disable(id);
  },

  /** The user enrols a new authenticator at next sign-in; recovery codes and sessions end now. */
  async resetSecondFactor(s: Scope, id: string): Promise<User> {
    await userRepo(s).reachable(id, 'second_factor_reset');
    return userRepo(s).resetSecondFactor(id);
  },
};
