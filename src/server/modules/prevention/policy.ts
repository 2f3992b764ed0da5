import type { Role } from '../../../shared/roles.ts';

/**
 * Need-to-know for prevention work beyond the policy table (src/shared/policy.ts), whose prevention actions all
 * reach by 'unit' (applied in repo.ts). Pure policy: no I/O.
 */

/**
 * Analysts see aggregates only, with small counts suppressed (docs/domain.md, "Who uses it"); the staff who ran the
 * activity see their own survey's exact counts.
 */
export function suppressesSmallCounts(role: Role): boolean {
  return role === 'analyst';
}
