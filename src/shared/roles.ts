import { z } from 'zod';

/** The roles of docs/domain.md, "Who uses it". One per user. */
export const ROLES = ['adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'analyst', 'dpo', 'admin'] as const;
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
};
