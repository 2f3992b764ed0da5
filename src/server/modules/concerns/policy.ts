import type { Actor } from '../../access/actor.ts';
import type { Action, Reach } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { reachSql, type Scope } from '../../access/scope.ts';
import type { ConcernStatus, Severity } from '../../../shared/concern-workflow.ts';

/** A concern row with its behaviour codes; alias k. */
export interface ConcernRow {
  id: string;
  unit_id: string;
  received_at: Date;
  channel: 'call' | 'professional' | 'partner' | 'web_form';
  call_id: string | null;
  reporter_anonymous: boolean;
  reporter_name: string | null;
  reporter_contact: string | null;
  reporter_organisation: string | null;
  person_id: string;
  ideology_area: 'militant_islamism' | 'right_wing' | 'left_wing' | 'other_unclear';
  severity: Severity;
  behaviour_description: string;
  status: ConcernStatus;
  triage_deadline_at: Date;
  triaged_at: Date | null;
  handled_in_time: boolean | null;
  police_check_outcome: 'clear' | 'police_take_over' | 'acute' | null;
  police_checked_at: Date | null;
  registered_by: string;
  case_id: string | null;
  version: number;
  behaviours: string[];
}
export const CONCERN_COLUMNS = `k.id, k.unit_id, k.received_at, k.channel, k.call_id, k.reporter_anonymous, k.reporter_name, k.reporter_contact,
  k.reporter_organisation, k.person_id, k.ideology_area, k.severity, k.behaviour_description, k.status, k.triage_deadline_at, k.triaged_at,
  k.handled_in_time, k.police_check_outcome, k.police_checked_at, k.registered_by, k.case_id, k.version,
  ARRAY(SELECT b.indicator_code FROM concern_behaviours b WHERE b.concern_id = k.id ORDER BY b.indicator_code) AS behaviours`;

/**
 * SQL predicate for a concern alias given the actor's reaches (policy.ts): unit → the concern belongs to the actor's
 * unit; creator → the actor registered it; shared → it was shared with the actor with a recorded legal basis.
 */
export function concernReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'k'): string {
  return reachSql(reaches, actor, params, alias, {
    creator: (k, id) => `${k}.registered_by = ${id}`,
    shared: (k, id) => `EXISTS (SELECT 1 FROM concern_shares cs WHERE cs.concern_id = ${k}.id AND cs.user_id = ${id})`,
  });
}

/**
 * Loads a concern the actor may reach for action. Anything else is an audited refusal answering 404, so a concern's
 * existence does not leak.
 */
export async function getReachableConcern(s: Scope, id: string, action: Action, audit: AuditAction): Promise<ConcernRow> {
  const params: unknown[] = [id];
  const r = await s.tx.query<ConcernRow>(`SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE k.id = $1 AND ${concernReachSql(s.reaches(action), s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'concern', recordId: id });
  return r.rows[0];
}
