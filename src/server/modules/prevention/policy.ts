import type { Actor } from '../../access/actor.ts';
import type { Action, Reach } from '../../access/policy.ts';
import type { Scope } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ActivityKind, AudienceSector, QuestionKind, TargetGroup } from '../../../shared/prevention.ts';

/**
 * Need-to-know for prevention work. Every prevention action in access/policy.ts reaches records by 'unit' only:
 * activities, surveys and forum members belong to the unit that does the work.
 */
export function unitReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias: string): string {
  const parts: string[] = [];
  for (const r of reaches) {
    if (r === 'unit') {
      params.push(actor.unitIds);
      parts.push(`${alias}.unit_id = ANY($${params.length}::uuid[])`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/**
 * Analysts see aggregates only, with small counts suppressed (DOMAIN.md, "Who uses it"); the staff who ran the
 * activity see their own survey's exact counts.
 */
export function suppressesSmallCounts(role: Role): boolean {
  return role === 'analyst';
}

export interface ActivityRow {
  id: string;
  unit_id: string;
  held_on: string;
  kind: ActivityKind;
  title: string;
  target_group: TargetGroup;
  prevention_level: 'green' | 'yellow' | 'red';
  audience_sector: AudienceSector;
  participants: number;
  organisations: number;
  track_id: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}
export const ACTIVITY_COLUMNS = `ac.id, ac.unit_id, ac.held_on, ac.kind, ac.title, ac.target_group, ac.prevention_level, ac.audience_sector,
  ac.participants, ac.organisations, ac.track_id, ac.notes, ac.version, ac.created_at, ac.updated_at`;

export interface SurveyRow {
  id: string;
  unit_id: string;
  activity_id: string | null;
  title: string;
  public_token: string;
  opens_on: string;
  closes_on: string;
  created_at: Date;
}
export const SURVEY_COLUMNS = 'sv.id, sv.unit_id, sv.activity_id, sv.title, sv.public_token, sv.opens_on, sv.closes_on, sv.created_at';

export interface QuestionRow {
  id: string;
  position: number;
  text_da: string;
  text_en: string | null;
  kind: QuestionKind;
  indicator_key: string | null;
}

export interface ForumMemberRow {
  id: string;
  unit_id: string;
  organisation: string;
  kind: 'association' | 'religious_community' | 'housing' | 'sports' | 'education' | 'other';
  joined_on: string;
  charter_signed_on: string | null;
  left_on: string | null;
  version: number;
}
export const FORUM_COLUMNS = 'fm.id, fm.unit_id, fm.organisation, fm.kind, fm.joined_on, fm.charter_signed_on, fm.left_on, fm.version';

/**
 * Loads a record of table (alias) the actor may reach for action, or refuses with an audited 404 — also when the
 * actor's role may not do the action at all: for a record, 404 and never 403, so its existence does not leak.
 */
async function getReachable<T>(s: Scope, sql: { table: string; alias: string; columns: string }, id: string, action: Action, audit: AuditAction, recordType: string): Promise<T> {
  const params: unknown[] = [id];
  const r = await s.tx.query<T & object>(
    `SELECT ${sql.columns} FROM ${sql.table} ${sql.alias} WHERE ${sql.alias}.id = $1 AND ${unitReachSql(s.reaches(action), s.actor, params, sql.alias)}`,
    params,
  );
  if (!r.rows[0]) s.refuse({ action: audit, recordType, recordId: id });
  return r.rows[0];
}

/** An activity of the actor's unit, for action (activity.read / activity.manage). */
export function getReachableActivity(s: Scope, id: string, action: Action, audit: AuditAction): Promise<ActivityRow> {
  return getReachable<ActivityRow>(s, { table: 'activities', alias: 'ac', columns: ACTIVITY_COLUMNS }, id, action, audit, 'activity');
}

/** A survey of the actor's unit, for action (survey.manage / survey.results). */
export function getReachableSurvey(s: Scope, id: string, action: Action, audit: AuditAction): Promise<SurveyRow> {
  return getReachable<SurveyRow>(s, { table: 'surveys', alias: 'sv', columns: SURVEY_COLUMNS }, id, action, audit, 'survey');
}

/** A citizen-forum member organisation of the actor's unit, for action (forum.manage). */
export function getReachableForumMember(s: Scope, id: string, action: Action, audit: AuditAction): Promise<ForumMemberRow> {
  return getReachable<ForumMemberRow>(s, { table: 'forum_members', alias: 'fm', columns: FORUM_COLUMNS }, id, action, audit, 'forum_member');
}
