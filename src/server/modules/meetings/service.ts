import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { ItemDecisionInput, Meeting, MeetingInput, MeetingItem, MinutesInput } from '../../../shared/meetings.ts';
import { assessConcernInTrx } from '../concerns/index.ts';
import { meetingRepo, type ItemRow, type MeetingRow, type ParticipantRow } from './repo.ts';

/**
 * The Infohus meeting (docs/domain.md, "The Infohus meeting"). The concern's decision is the concerns module's own
 * Infohus assessment (status machine, case opened on 'justified', disclosures with legal basis, audit), called once
 * per item, so a single decision outside a meeting stays possible (POST /concerns/:id/infohus).
 */

function presentItem(i: ItemRow): MeetingItem {
  return {
    id: i.id, position: i.position, kind: i.concern_id ? 'concern' : 'case_review', concernId: i.concern_id, caseId: i.case_id,
    personName: i.person_name, severity: i.severity, concernVersion: i.concern_version, decision: i.decision, reasoning: i.reasoning,
    sharedWith: i.shared_with, followUpAuthority: i.follow_up_authority, followUpAction: i.follow_up_action,
    decidedAt: i.decided_at?.toISOString() ?? null, version: i.version,
  };
}

function present(m: MeetingRow, participants: ParticipantRow[], items: ItemRow[]): Meeting {
  return {
    id: m.id, unitId: m.unit_id, meetingOn: m.meeting_on, place: m.place, version: m.version,
    participants: participants.map((p) => ({ userId: p.user_id, displayName: p.display_name, role: p.role, organisation: p.organisation })),
    items: items.map(presentItem),
  };
}

/**
 * Which items the actor sees: the unit's staff (reach 'unit' on the meeting's unit) all of them; a participant from
 * the police or a partner only the items disclosed to their organisation (none when their account names none).
 */
async function organisationFilter(s: Scope, m: MeetingRow): Promise<string | null | undefined> {
  if (s.reaches('meeting.read').includes('unit') && s.actor.unitIds.includes(m.unit_id)) return undefined;
  return meetingRepo(s).actorOrganisation();
}

export const meetings = {
  async list(s: Scope) {
    const reaches = s.requireRole('meeting.read', { action: 'read', recordType: 'meeting', criterion: 'calendar' });
    const rows = await meetingRepo(s).list(reaches);
    return rows.map((r) => ({ id: r.id, meetingOn: r.meeting_on, place: r.place, items: r.items, decided: r.decided }));
  },

  async create(s: Scope, input: MeetingInput): Promise<Meeting> {
    const reaches = s.requireRole('meeting.manage', { action: 'create', recordType: 'meeting' });
    const repo = meetingRepo(s);
    const id = await repo.create(input);
    const m = await repo.load(id, reaches, 'create');
    return present(m, await repo.participants(id), await repo.items(m, undefined, null));
  },

  async get(s: Scope, id: string): Promise<Meeting> {
    const repo = meetingRepo(s);
    const m = await repo.load(id, s.reaches('meeting.read'), 'read');
    const org = await organisationFilter(s, m);
    return present(m, await repo.participants(id), await repo.items(m, org, { action: 'read', recordType: 'meeting' }));
  },

  /**
   * The decision on one agenda item, in the meeting. A concern goes through the concerns module's assessment (the
   * meeting's date and participants, the disclosures with their legal basis); the item keeps which organisations it
   * was disclosed to (for their minutes) and which authority owns the follow-up.
   */
  async decide(s: Scope, id: string, itemId: string, input: ItemDecisionInput): Promise<MeetingItem> {
    const repo = meetingRepo(s);
    const m = await repo.load(id, s.reaches('meeting.manage'), 'update', 'meeting_item');
    const item = await repo.item(m, itemId);
    if (item.decision) throw errors.conflict(`This item is already decided ('${item.decision}'). Allowed next: none.`, { allowed: [], current: item.decision });
    if (item.version !== input.version) throw errors.staleVersion(item.version);
    const sharedWith = [...new Set((input.disclosures ?? []).map((d) => d.partnerOrganisation))];
    let assessmentId: string | null = null;
    if (item.concern_id) {
      if (input.decision === 'reviewed') throw errors.invalidField('decision', "must be 'justified' or 'unfounded' for a concern");
      if (input.concernVersion === undefined) throw errors.invalidField('concernVersion', 'is required for a concern: the concern version the decision is based on');
      const participants = (await repo.participants(id)).map((p) => (p.organisation ? `${p.display_name} (${p.organisation})` : p.display_name));
      const result = await assessConcernInTrx(s, item.concern_id, {
        version: input.concernVersion, meetingDate: m.meeting_on, participants, decision: input.decision, reasoning: input.reasoning,
        disclosures: input.disclosures,
      });
      assessmentId = result.assessmentId;
    } else {
      if (input.decision !== 'reviewed') throw errors.invalidField('decision', "must be 'reviewed' for a case due for review");
      if (input.disclosures?.length) throw errors.invalidField('disclosures', 'are made on the case itself (POST /cases/:id/disclosures), not in a review item');
    }
    // The concern's assessment wrote the request's audit row (naming the person); a case review writes its own.
    await repo.decide(itemId, { ...input, assessmentId, sharedWith }, item.concern_id ? null : item.person_id);
    const fresh = (await repo.items(m, undefined, null)).find((i) => i.id === itemId)!;
    return presentItem(fresh);
  },

  /** What the minutes hold for the actor (and the organisation asked for); the export is audited. */
  async minutes(s: Scope, id: string, input: MinutesInput) {
    const repo = meetingRepo(s);
    const m = await repo.load(id, s.reaches('meeting.read'), 'export', 'meeting_minutes');
    const own = await organisationFilter(s, m);
    // The unit's staff choose the recipient (or the full minutes); police and partners always get their own.
    const organisation = own === undefined ? (input.organisation ?? null) : own;
    const filter = own === undefined && input.organisation === undefined ? undefined : organisation;
    const items = await repo.items(m, filter, { action: 'export', recordType: 'meeting_minutes', criterion: organisation ? `minutes for ${organisation}` : 'full minutes' });
    // Minutes hold what was decided; an open item is not news to a recipient.
    return { meeting: m, participants: await repo.participants(id), items: filter === undefined ? items : items.filter((i) => i.decision), organisation };
  },
};
