import type { Role } from '../../../shared/roles.ts';

/**
 * Whether a role sees who reported a concern. The reporter's identity stays inside the unit: police and partners
 * learn whether the reporter is anonymous, not who it is (reporters are protected, and the police check and the
 * Infohus need the person of concern, not the reporter).
 */
export function seesReporter(role: Role): boolean {
  return role !== 'police_liaison' && role !== 'partner';
}
