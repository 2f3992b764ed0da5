import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';

/**
 * Who the staff directory shows the actor, for the reach 'unit' of directory.read (policy.ts): the active staff of
 * the actor's own unit, plus the police liaisons and partners of units in the same police district — the people a
 * unit works with in its Infohus (retsplejeloven § 115 cooperation is organised per police district). Staff of
 * other municipalities' prevention units are not listed: a case is never handed to them through VINK.
 * Alias u for users, un for the user's unit. Params are appended.
 */
export function directoryReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[]): string {
  if (!reaches.includes('unit')) return 'false';
  const units = `$${params.push(actor.unitIds)}::uuid[]`;
  return `(u.unit_id = ANY(${units})
    OR (u.role IN ('police_liaison', 'partner')
        AND un.police_district_id IN (SELECT own.police_district_id FROM units own WHERE own.id = ANY(${units}))))`;
}
