import { z } from 'zod';

/** The roles of docs/domain.md, "Who uses it". One per user. */
export const ROLES = [
  'adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'analyst', 'dpo', 'admin', 'national_analyst', 'national_admin',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Why a look-up happens; recorded with every audit row so a citizen can learn when and why they were looked up. */
export const PURPOSES = ['casework', 'triage', 'infohus', 'course', 'supervision', 'administration', 'access_request', 'audit'] as const;
export const Purpose = z.enum(PURPOSES);
export type Purpose = z.infer<typeof Purpose>;

export const DEFAULT_PURPOSE: Record<Role, Purpose> = {
  adviser: 'casework',
  coordinator: 'casework',
  police_liaison: 'infohus',
  partner: 'infohus',
  mentor: 'course',
  manager: 'supervision',
  analyst: 'supervision',
  dpo: 'audit',
  admin: 'administration',
  national_analyst: 'supervision',
  national_admin: 'administration',
};

/**
 * The national roles (docs/domain.md, "The national view"): they sit in a national unit (units.kind 'national',
 * migration 0370), reach no record of any municipality, and are given from the CLI only (never by a unit's
 * administrator in the web app).
 */
export const NATIONAL_ROLES: readonly Role[] = ['national_analyst', 'national_admin'];
