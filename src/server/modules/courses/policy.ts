import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';
import { caseReachSql } from '../cases/index.ts';

/**
 * SQL predicate for a course (alias co) joined with its case (alias c), given the actor's reaches. 'mentor' is the
 * course's own mentor or coach only: a mentor of another course on the same case does not reach this one.
 */
export function courseReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], course = 'co', kase = 'c'): string {
  const parts: string[] = [];
  const caseReaches = reaches.filter((r) => r !== 'mentor');
  if (caseReaches.length) parts.push(caseReachSql(caseReaches, actor, params, kase));
  if (reaches.includes('mentor')) {
    params.push(actor.id);
    parts.push(`${course}.mentor_id = $${params.length}`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}
