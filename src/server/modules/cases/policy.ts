import type { Scope } from '../../access/scope.ts';
import type { Reach } from '../../access/policy.ts';
import type { Role } from '../../../shared/roles.ts';

export type MemberRelation = 'owner' | 'adviser' | 'police' | 'partner' | 'mentor' | 'resource_person' | 'ssp';

/**
 * The relations a user may have on a case, by role: the relation follows the role. Police and partners join only as
 * 'police' and 'partner', which always record a legal basis and a disclosure (docs/domain.md, step 4: every
 * disclosure records its legal basis; retsplejeloven § 115), and which the field rules read (partners see only
 * shared notes). The unit's own staff join as 'adviser' or 'owner', mentors as 'mentor'. Roles not listed are never
 * case members: managers read the unit's cases by unit, and analysts, the DPO and administrators read no case.
 */
export const MEMBER_RELATIONS: Partial<Record<Role, readonly MemberRelation[]>> = {
  adviser: ['adviser', 'owner'],
  coordinator: ['adviser', 'owner'],
  police_liaison: ['police'],
  // A partner may also be the case's resource person (e.g. the social worker doing the 1-1 work) or its SSP contact.
  partner: ['partner', 'resource_person', 'ssp'],
  mentor: ['mentor'],
};

/** Whether a member with this relation is a disclosure outside the unit's staff (legal basis and disclosure log). */
export function memberIsDisclosure(relation: MemberRelation): boolean {
  return relation === 'police' || relation === 'partner' || relation === 'resource_person' || relation === 'ssp';
}

/**
 * The case-level reaches of course.read (the same split as courses/policy.ts): coordinator and manager by unit,
 * adviser as a member. The mentor reach is dropped: a mentor reaches only their own course (GET /courses/mine,
 * GET /courses/:id), never the list of a case's courses, which would show the case's other mentors and courses.
 */
export function caseCourseReaches(s: Scope): readonly Reach[] {
  return s.reaches('course.read').filter((r) => r !== 'mentor');
}
