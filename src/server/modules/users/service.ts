import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { RoleGrant, User, UserWithCode } from '../../../shared/contracts.ts';
import { NATIONAL_ROLES, type Role } from '../../../shared/roles.ts';
import { roleGrantRepo, userRepo, type IssuedCode, type NewUser, type UserPatch } from './repo.ts';

/**
 * The national roles are given from the CLI only, in the national unit (docs/domain.md, "The national view"): a unit's
 * administrator cannot make anyone a national analyst or administrator.
 */
function refuseNationalRole(role: Role | undefined): void {
  if (role && NATIONAL_ROLES.includes(role)) throw errors.invalidField('role', 'a national role is given from the CLI only');
}

/** The wire shape of an account with the enrolment code shown this once. */
function withCode(u: User & { enrolment: IssuedCode | null }): UserWithCode {
  const { enrolment, ...user } = u;
  return { ...user, enrolmentCode: enrolment?.code ?? null, enrolmentCodeExpiresAt: enrolment?.expiresAt.toISOString() ?? null };
}

/**
 * Administration of staff accounts, confined to the administrator's own unit (userRepo applies the role, the unit
 * confinement and the audit). The rules here are the workflow's: stale versions and no self-disabling.
 */
export const users = {
  list: (s: Scope): Promise<User[]> => userRepo(s).list(),

  get: (s: Scope, id: string): Promise<User> => userRepo(s).get(id),

  /** A local account gets a one-time enrolment code (shown once); a role that needs approval waits for it. */
  create: async (s: Scope, input: NewUser): Promise<UserWithCode> => {
    refuseNationalRole(input.role);
    return withCode(await userRepo(s).create(input));
  },

  async update(s: Scope, id: string, patch: UserPatch): Promise<User> {
    const current = await userRepo(s).reachable(id, 'update');
    refuseNationalRole(patch.role);
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
  async resetSecondFactor(s: Scope, id: string): Promise<UserWithCode> {
    await userRepo(s).reachable(id, 'second_factor_reset');
    return withCode(await userRepo(s).resetSecondFactor(id));
  },
};

/** Role grants: four eyes on every role that reads case content (docs/security.md, "Role grants"). */
export const roleGrants = {
  list: (s: Scope, status: RoleGrant['status'] | undefined): Promise<RoleGrant[]> => roleGrantRepo(s).list(status),
  approve: (s: Scope, id: string, version: number, note: string | undefined) => roleGrantRepo(s).decide(id, 'approved', version, note),
  reject(s: Scope, id: string, version: number, note: string | undefined): Promise<RoleGrant> {
    if (!note) throw errors.invalidField('note', 'is required when a role grant is rejected');
    return roleGrantRepo(s).decide(id, 'rejected', version, note);
  },
  withdraw: (s: Scope, id: string, version: number) => roleGrantRepo(s).withdraw(id, version),
  countOpen: (s: Scope): Promise<number> => roleGrantRepo(s).countOpen(),
};
