import type { Actor } from '../../access/actor.ts';
import type { Action, Reach } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { reachSql, type Scope } from '../../access/scope.ts';

/** An advisory call; alias a. There is no person column: a call is anonymous by design. */
export interface CallRow {
  id: string;
  unit_id: string;
  received_at: Date;
  channel: 'vink_line' | 'national_hotline' | 'email' | 'web';
  caller_type: 'professional' | 'parent' | 'relative' | 'citizen' | 'anonymous';
  caller_sector: 'school' | 'club' | 'social_services' | 'psychiatry' | 'housing' | 'police' | 'other' | null;
  topic: string;
  ideology_area: 'militant_islamism' | 'right_wing' | 'left_wing' | 'other_unclear' | 'none';
  outcome: 'advice_only' | 'forwarded_concern' | 'child_at_risk_report' | 'acute_police';
  duration_minutes: number | null;
  concern_id: string | null;
  handled_by: string;
  version: number;
  created_at: Date;
}
export const CALL_COLUMNS = `a.id, a.unit_id, a.received_at, a.channel, a.caller_type, a.caller_sector, a.topic, a.ideology_area, a.outcome,
  a.duration_minutes, a.concern_id, a.handled_by, a.version, a.created_at`;

/** SQL predicate for a call alias: unit → the actor's unit; creator → the actor took the call. */
export function callReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'a'): string {
  return reachSql(reaches, actor, params, alias, { creator: (a, id) => `${a}.handled_by = ${id}` });
}

/** Loads a call the actor may reach for action, or refuses (audited, 404). */
export async function getReachableCall(s: Scope, id: string, action: Action, audit: AuditAction): Promise<CallRow> {
  const params: unknown[] = [id];
  const r = await s.tx.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls a WHERE a.id = $1 AND ${callReachSql(s.reaches(action), s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'call', recordId: id });
  return r.rows[0];
}
