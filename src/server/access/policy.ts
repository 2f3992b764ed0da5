import type { Role } from '../../shared/roles.ts';

/**
 * Need-to-know in one table (DOMAIN.md, "Who uses it"). For each action, the roles that may do it and how a record
 * must relate to them:
 * - unit:    the record belongs to the actor's unit
 * - member:  the actor is a member of the case (or of a case about the person)
 * - owner:   the actor is the case's owner
 * - creator: the actor registered the person
 * - any:     no record involved (creating in the actor's own unit, administration)
 * A role that is not listed may not do the action at all. The repositories turn these reaches into SQL, and the
 * access-matrix test walks every route against this same table.
 */
export type Reach = 'unit' | 'member' | 'owner' | 'creator' | 'any';

export const POLICY = {
  'person.create': { adviser: ['any'], coordinator: ['any'] },
  'person.read': {
    coordinator: ['unit'], manager: ['unit'], adviser: ['creator', 'member'],
    police_liaison: ['member'], partner: ['member'], mentor: ['member'],
  },
  'person.update': { coordinator: ['unit'], adviser: ['creator', 'member'] },
  'case.create': { coordinator: ['any'] },
  'case.read': {
    coordinator: ['unit'], manager: ['unit'], adviser: ['member'], police_liaison: ['member'], partner: ['member'], mentor: ['member'],
  },
  'case.update': { coordinator: ['unit'], adviser: ['owner'] },
  'case.members.manage': { coordinator: ['unit'], adviser: ['owner'] },
  'case.notes.read': { coordinator: ['unit'], manager: ['unit'], adviser: ['member'], police_liaison: ['member'], partner: ['member'] },
  'case.notes.create': { coordinator: ['unit'], adviser: ['member'], police_liaison: ['member'] },
  'users.manage': { admin: ['any'] },
  'units.read': { admin: ['any'], coordinator: ['any'], manager: ['any'], dpo: ['any'] },
  'audit.read': { dpo: ['any'] },
} as const satisfies Record<string, Partial<Record<Role, readonly Reach[]>>>;

export type Action = keyof typeof POLICY;

/** The reaches through which role may perform action; empty when it may not at all. */
export function reachesFor(action: Action, role: Role): readonly Reach[] {
  const byRole = POLICY[action] as Partial<Record<Role, readonly Reach[]>>;
  return byRole[role] ?? [];
}

/** True when role may perform action in at least one way. */
export function mayAttempt(action: Action, role: Role): boolean {
  return reachesFor(action, role).length > 0;
}

/**
 * Partners see only notes explicitly shared with partners; everything else a member can read is the case summary.
 * Kept here so every need-to-know rule sits in one file.
 */
export function seesOnlySharedNotes(role: Role): boolean {
  return role === 'partner';
}
