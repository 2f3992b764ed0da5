import type { Reach } from '../../access/policy.ts';
import { reachSql, repository, type Scope } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import type { ItemDecisionInput, MeetingInput } from '../../../shared/meetings.ts';

/**
 * The meetings module's repository: the only place where SQL on infohus_meetings, infohus_meeting_participants and
 * infohus_meeting_items lives (docs/architecture.md). It reads concerns, cases, persons and tasks only to build the
 * agenda and to name an item's person, under their own row-level security. Every method applies the actor's reach
 * (src/shared/policy.ts) and records the request's audit entry.
 */

export interface MeetingRow {
  id: string;
  unit_id: string;
  meeting_on: string;
  place: string;
  version: number;
}

export interface ItemRow {
  id: string;
  position: number;
  concern_id: string | null;
  case_id: string | null;
  person_id: string;
  person_name: string;
  severity: string | null;
  concern_version: number | null;
  decision: 'justified' | 'unfounded' | 'reviewed' | null;
  reasoning: string | null;
  shared_with: string[];
  follow_up_authority: string | null;
  follow_up_action: string | null;
  decided_at: Date | null;
  version: number;
}

export interface ParticipantRow {
  user_id: string;
  display_name: string;
  role: string;
  organisation: string | null;
}

const MEETING_COLUMNS = `m.id, m.unit_id, to_char(m.meeting_on, 'YYYY-MM-DD') AS meeting_on, m.place, m.version`;

/** unit → the meeting belongs to the actor's unit; shared → the actor takes part in it. */
function meetingReachSql(reaches: readonly Reach[], s: Scope, params: unknown[], alias = 'm'): string {
  return reachSql(reaches, s.actor, params, alias, {
    shared: (m, id) => `EXISTS (SELECT 1 FROM infohus_meeting_participants p WHERE p.meeting_id = ${m}.id AND p.user_id = ${id})`,
  });
}

export const meetingRepo = repository((tx, s: Scope) => {
  async function find(id: string, reaches: readonly Reach[]): Promise<MeetingRow | null> {
    const params: unknown[] = [id];
    const r = await tx.query<MeetingRow>(`SELECT ${MEETING_COLUMNS} FROM infohus_meetings m WHERE m.id = $1 AND ${meetingReachSql(reaches, s, params)}`, params);
    return r.rows[0] ?? null;
  }

  return {
    /** The meeting the actor reaches for the action's reaches, or an audited refusal (404). */
    async load(id: string, reaches: readonly Reach[], audit: AuditAction, recordType = 'meeting'): Promise<MeetingRow> {
      const m = await find(id, reaches);
      if (!m) return s.refuse({ action: audit, recordType, recordId: id });
      return m;
    },

    /** Meetings within reach, by date (the calendar). Dates, places and counts: no citizen data, not audited. */
    async list(reaches: readonly Reach[]) {
      const params: unknown[] = [];
      const r = await tx.query<{ id: string; meeting_on: string; place: string; items: number; decided: number }>(
        `SELECT m.id, to_char(m.meeting_on, 'YYYY-MM-DD') AS meeting_on, m.place,
                (SELECT count(*)::int FROM infohus_meeting_items i WHERE i.meeting_id = m.id) AS items,
                (SELECT count(*)::int FROM infohus_meeting_items i WHERE i.meeting_id = m.id AND i.decision IS NOT NULL) AS decided
           FROM infohus_meetings m WHERE ${meetingReachSql(reaches, s, params)} ORDER BY m.meeting_on DESC, m.id LIMIT 500`, params);
      return r.rows;
    },

    /** The actor's own organisation (staff data), for the items disclosed to it. */
    async actorOrganisation(): Promise<string | null> {
      const r = await tx.query<{ organisation: string | null }>('SELECT organisation FROM users WHERE id = $1', [s.actor.id]);
      return r.rows[0]?.organisation ?? null;
    },

    /**
     * Plans a meeting in the actor's unit with participants from the unit's active staff, and fills its agenda: the
     * unit's concerns awaiting the Infohus assessment, then the cases whose reassessment is due by the meeting day.
     */
    async create(input: MeetingInput): Promise<string> {
      const ids = [...new Set(input.participantIds)];
      const staff = await tx.query<{ id: string; organisation: string | null }>(
        // Whom the staff directory offers (src/server/modules/directory/repo.ts): the unit's own staff, and the police
        // liaisons and partners of the same police district, who take part in its Infohus.
        `SELECT u.id, u.organisation FROM users u JOIN units un ON un.id = u.unit_id
          WHERE u.id = ANY($1::uuid[]) AND u.disabled_at IS NULL
            AND (u.unit_id = $2 OR (u.role IN ('police_liaison', 'partner') AND un.police_district_id = (SELECT own.police_district_id FROM units own WHERE own.id = $2)))`,
        [ids, s.actor.unitId]);
      if (staff.rows.length !== ids.length) throw errors.invalidField('participantIds', 'must be active staff from the directory (your unit, or police and partners of its police district)');
      const m = await tx.query<{ id: string }>(
        `INSERT INTO infohus_meetings (unit_id, meeting_on, place, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [s.actor.unitId, input.meetingOn, input.place, s.actor.id, s.now]);
      const id = m.rows[0]!.id;
      for (const u of staff.rows) {
        await tx.query(`INSERT INTO infohus_meeting_participants (meeting_id, user_id, unit_id, organisation) VALUES ($1, $2, $3, $4)`,
          [id, u.id, s.actor.unitId, u.organisation]);
      }
      // The agenda: concerns awaiting assessment (oldest first), then cases due for review by the meeting day.
      await tx.query(
        `INSERT INTO infohus_meeting_items (meeting_id, unit_id, position, concern_id)
         SELECT $1, $2, row_number() OVER (ORDER BY k.received_at, k.id), k.id
           FROM concerns k WHERE k.unit_id = $2 AND k.status = 'infohus'`, [id, s.actor.unitId]);
      await tx.query(
        `INSERT INTO infohus_meeting_items (meeting_id, unit_id, position, case_id)
         SELECT $1, $2, (SELECT count(*) FROM infohus_meeting_items WHERE meeting_id = $1) + row_number() OVER (ORDER BY min(t.due_at), t.case_id), t.case_id
           FROM tasks t JOIN cases c ON c.id = t.case_id
          WHERE c.unit_id = $2 AND c.status <> 'closed' AND t.kind = 'reassessment' AND t.done_at IS NULL AND t.due_at < ($3::date + 1)
          GROUP BY t.case_id`, [id, s.actor.unitId, input.meetingOn]);
      s.audit({ action: 'create', recordType: 'meeting', recordId: id });
      return id;
    },

    async participants(meetingId: string): Promise<ParticipantRow[]> {
      const r = await tx.query<ParticipantRow>(
        `SELECT p.user_id, u.display_name, u.role, p.organisation FROM infohus_meeting_participants p JOIN users u ON u.id = p.user_id
          WHERE p.meeting_id = $1 ORDER BY p.organisation NULLS FIRST, u.display_name`, [meetingId]);
      return r.rows;
    },

    /**
     * The agenda items the actor may see: all of them for the unit's staff; for police and partners (reach 'shared')
     * only the decided items disclosed to their organisation. One audit row for the look (none when the caller has
     * already recorded the request's row, e.g. right after planning the meeting).
     */
    async items(m: MeetingRow, onlyOrganisation: string | null | undefined, audit: { action: AuditAction; recordType: string; criterion?: string } | null): Promise<ItemRow[]> {
      const params: unknown[] = [m.id];
      let filter = '';
      if (onlyOrganisation !== undefined) filter = ` AND $${params.push(onlyOrganisation)}::text = ANY(i.shared_with)`;
      const r = await tx.query<ItemRow>(
        // The person through vink_meeting_item_person (migration 0261): police and partners see the name of an item
        // disclosed to their organisation without otherwise reaching the concern; the concern's own fields only
        // where its row-level security lets the actor read it.
        `SELECT i.id, i.position, i.concern_id, i.case_id, ip.person_id, ip.full_name AS person_name,
                k.severity, k.version AS concern_version, i.decision, i.reasoning, i.shared_with, i.follow_up_authority, i.follow_up_action,
                i.decided_at, i.version
           FROM infohus_meeting_items i
           CROSS JOIN LATERAL vink_meeting_item_person(i.id) ip
           LEFT JOIN concerns k ON k.id = i.concern_id
          WHERE i.meeting_id = $1${filter} ORDER BY i.position`, params);
      if (audit) s.audit({ action: audit.action, recordType: audit.recordType, recordId: m.id, criterion: audit.criterion ?? `${r.rows.length} items` });
      return r.rows;
    },

    /** One agenda item of a meeting the caller loaded (for its decision); 404 when it is not on this meeting. */
    async item(m: MeetingRow, itemId: string): Promise<{ id: string; concern_id: string | null; case_id: string | null; decision: string | null; version: number; person_id: string }> {
      const r = await tx.query<{ id: string; concern_id: string | null; case_id: string | null; decision: string | null; version: number; person_id: string }>(
        `SELECT i.id, i.concern_id, i.case_id, i.decision, i.version,
                coalesce((SELECT person_id FROM concerns WHERE id = i.concern_id), (SELECT person_id FROM cases WHERE id = i.case_id)) AS person_id
           FROM infohus_meeting_items i WHERE i.id = $1 AND i.meeting_id = $2`, [itemId, m.id]);
      const row = r.rows[0];
      if (!row) return s.refuse({ action: 'update', recordType: 'meeting_item', recordId: itemId });
      return row;
    },

    /** Records the decision on an item (409 on a stale item version). The concern's own decision is audited by the concerns module. */
    async decide(itemId: string, d: ItemDecisionInput & { assessmentId: string | null; sharedWith: string[] }, auditPerson: string | null): Promise<void> {
      const r = await tx.query(
        `UPDATE infohus_meeting_items SET decision = $2, reasoning = $3, assessment_id = $4, shared_with = $5, follow_up_authority = $6,
                follow_up_action = $7, decided_by = $8, decided_at = $9, version = version + 1
          WHERE id = $1 AND version = $10`,
        [itemId, d.decision, d.reasoning, d.assessmentId, d.sharedWith, d.followUpAuthority ?? null, d.followUpAction ?? null, s.actor.id, s.now, d.version]);
      if (r.rowCount === 0) throw errors.staleVersion(d.version + 1);
      if (auditPerson) s.audit({ action: 'update', recordType: 'meeting_item', recordId: itemId, personId: auditPerson, criterion: `decision ${d.decision}` });
    },
  };
});

/**
 * Access requests (docs/security.md, "Access requests"): the Infohus meeting items about the citizen's concerns and
 * cases (meeting date, decision and reasoning, the organisations it was shared with, the follow-up), read with the
 * purpose-bound reach access_request.compile on the unit's meetings. Never the participants. The caller audits.
 */
export const meetingAccessRequestRepo = repository((tx, s: Scope) => ({
  async itemsOf(concernIds: readonly string[], caseIds: readonly string[]) {
    const params: unknown[] = [concernIds, caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'i', {});
    const r = await tx.query<{
      id: string; meeting_on: string; decision: 'justified' | 'unfounded' | 'reviewed' | null; reasoning: string | null; shared_with: string[];
      follow_up_authority: string | null; follow_up_action: string | null; decided_at: Date | null;
    }>(
      `SELECT i.id, to_char(m.meeting_on, 'YYYY-MM-DD') AS meeting_on, i.decision, i.reasoning, i.shared_with, i.follow_up_authority,
              i.follow_up_action, i.decided_at
         FROM infohus_meeting_items i JOIN infohus_meetings m ON m.id = i.meeting_id
        WHERE (i.concern_id = ANY($1::uuid[]) OR i.case_id = ANY($2::uuid[])) AND ${reach} ORDER BY m.meeting_on, i.position, i.id`, params);
    return r.rows;
  },
}));
