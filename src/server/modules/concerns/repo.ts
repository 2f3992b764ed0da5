import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';
import { reachSql, repository, type Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { maskCpr } from '../../../shared/cpr.ts';
import {
  allowedTransitions, handledInTime, triageClock, TRIAGED_STATUSES, type ConcernStatus, type Severity,
} from '../../../shared/concern-workflow.ts';
import { concernMinor, isMinor, type MinorAnswer } from '../../../shared/intake.ts';
import type { ReporterSector } from '../../../shared/watch.ts';
import { findVisiblePersonInTrx, personReachSql, type LinkedPerson } from '../persons/index.ts';
import type { ConcernListQuery } from './contracts.ts';
import type { ConcernPageQuery } from '../../../shared/lists.ts';
import type { ConcernExportQuery } from '../../../shared/list-exports.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import { seesReporter } from './policy.ts';
import { diffFields, fieldHistoryInTrx, recordFieldChangesInTrx } from '../../platform/field-history.ts';

/**
 * The concerns module's repository: the only place where SQL on concerns, concern_behaviours, concern_shares and
 * infohus_assessments lives (docs/architecture.md). Other modules reach these tables only through ./index.ts. Each
 * method that shows or changes a concern applies the actor's reach, the field rules (the reporter hidden from police
 * and partners, the CPR number masked) and records the audit row itself.
 */

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
  /** The journal number (migration 0240), e.g. 101-2026-0042. */
  number: string;
  behaviours: string[];
  /** The behaviour codes with their labels (D8: no page shows a raw code, whatever the role). */
  behaviour_labels: { code: string; labelDa: string; labelEn: string }[];
  minor_stated: MinorAnswer | null;
  religion_override: boolean;
  child_report: ChildReportRow | null;
  reporter_sector: ReporterSector | null;
  online: boolean;
  online_platform: string | null;
  category: string | null;
  returnee: boolean;
}

/** The child-report decision as the row's JSON column holds it (timestamps as text). */
interface ChildReportRow {
  made: boolean;
  recipient: string | null;
  reported_at: string | null;
  reason: string | null;
  recorded_by: string;
  recorded_at: string;
}
const CONCERN_COLUMNS = `k.id, k.unit_id, k.received_at, k.channel, k.call_id, k.reporter_anonymous, k.reporter_name, k.reporter_contact,
  k.reporter_organisation, k.person_id, k.ideology_area, k.severity, k.behaviour_description, k.status, k.triage_deadline_at, k.triaged_at,
  k.handled_in_time, k.police_check_outcome, k.police_checked_at, k.registered_by, k.case_id, k.version, k.number,
  ARRAY(SELECT b.indicator_code FROM concern_behaviours b WHERE b.concern_id = k.id ORDER BY b.indicator_code) AS behaviours,
  (SELECT coalesce(json_agg(json_build_object('code', i.code, 'labelDa', i.label_da, 'labelEn', i.label_en) ORDER BY i.position, i.code), '[]'::json)
     FROM concern_behaviours b JOIN behaviour_indicators i ON i.code = b.indicator_code WHERE b.concern_id = k.id) AS behaviour_labels,
  k.minor_stated, k.religion_override_reason IS NOT NULL AS religion_override, k.reporter_sector, k.online, k.online_platform, k.category, k.returnee,
  (SELECT json_build_object('made', r.made, 'recipient', r.recipient, 'reported_at', r.reported_at, 'reason', r.reason,
     'recorded_by', r.recorded_by, 'recorded_at', r.recorded_at) FROM concern_child_reports r WHERE r.concern_id = k.id) AS child_report`;

/**
 * SQL predicate for a concern alias given the actor's reaches (policy.ts): unit → the concern belongs to the actor's
 * unit; creator → the actor registered it; shared → it was shared with the actor with a recorded legal basis.
 */
function concernReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'k'): string {
  return reachSql(reaches, actor, params, alias, {
    creator: (k, id) => `${k}.registered_by = ${id}`,
    shared: (k, id) => `EXISTS (SELECT 1 FROM concern_shares cs WHERE cs.concern_id = ${k}.id AND cs.user_id = ${id})`,
  });
}

/**
 * The person as the concern shows it. A person outside the actor's person.read reach (an adviser's concern linked to
 * a registration found by a match) shows only that it is registered, and the duty to report a minor to the children and youth
 * authority (barnets lov § 133), never its id, name, birth date or CPR number (docs/domain.md, "Who uses it").
 */
function presentConcernPerson(s: Scope, person: LinkedPerson, stated: MinorAnswer | null) {
  // A person without a birth date is a minor as the intake answered, and of unknown age (null, never "not a minor")
  // when it answered 'unknown'; the duty stays in view (concernMinor).
  const minor = person.birth_date ? isMinor(person.birth_date, s.now) : stated === 'yes' ? true : stated === 'no' ? false : null;
  const duty = concernMinor(person.birth_date, stated, s.now);
  if (!person.readable) return { visible: false as const, registered: true as const, minor, socialServicesReportDuty: duty };
  return {
    visible: true as const, id: person.id, fullName: person.full_name, birthDate: person.birth_date, cprMasked: maskCpr(person.cpr), minor,
    socialServicesReportDuty: duty,
  };
}

function presentChildReport(r: ChildReportRow | null) {
  if (!r) return null;
  const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());
  return { made: r.made, recipient: r.recipient, reportedAt: iso(r.reported_at), reason: r.reason, recordedBy: r.recorded_by, recordedAt: iso(r.recorded_at)! };
}

/**
 * Presenter. The triage clock is computed from the injected now. Police and partners learn whether the reporter is
 * anonymous, not who it is (./policy.ts); the person is shown as far as the actor may read it (presentConcernPerson).
 */
export function presentConcern(s: Scope, k: ConcernRow, person: LinkedPerson) {
  const clock = triageClock(k.triage_deadline_at, s.now, k.triaged_at);
  const reporterShown = seesReporter(s.actor.role);
  return {
    id: k.id, unitId: k.unit_id, receivedAt: k.received_at.toISOString(), channel: k.channel, callId: k.call_id,
    reporter: {
      anonymous: k.reporter_anonymous,
      name: reporterShown ? k.reporter_name : null,
      contact: reporterShown ? k.reporter_contact : null,
      organisation: reporterShown ? k.reporter_organisation : null,
      // The sector is not the reporter's identity: everyone who sees the concern sees it (bias watch).
      sector: k.reporter_sector,
    },
    person: presentConcernPerson(s, person, k.minor_stated),
    ideologyArea: k.ideology_area, severity: k.severity, acute: k.severity === 'acute',
    behaviourIndicators: k.behaviours, behaviourLabels: k.behaviour_labels, behaviourDescription: k.behaviour_description,
    online: k.online, onlinePlatform: k.online_platform, category: k.category, returnee: k.returnee,
    status: k.status, allowedTransitions: [...allowedTransitions(k.status)],
    deadlineAt: clock.deadlineAt.toISOString(), timeLeftMinutes: clock.timeLeftMinutes, overdue: clock.overdue,
    triagedAt: k.triaged_at?.toISOString() ?? null, handledInTime: k.handled_in_time,
    policeCheck: k.police_check_outcome && k.police_checked_at ? { outcome: k.police_check_outcome, checkedAt: k.police_checked_at.toISOString() } : null,
    caseId: k.case_id, registeredBy: k.registered_by, version: k.version, number: k.number,
    minorStated: k.minor_stated, religionOverride: k.religion_override, childReport: presentChildReport(k.child_report),
    childReportDue: k.child_report === null && concernMinor(person.birth_date, k.minor_stated, k.received_at),
  };
}

/** The queue's row. person_readable: whether the actor may read the person (person.read); if not, its id stays hidden. */
function presentSummary(s: Scope, k: ConcernRow & { person_readable: boolean }) {
  const clock = triageClock(k.triage_deadline_at, s.now, k.triaged_at);
  return {
    id: k.id, unitId: k.unit_id, receivedAt: k.received_at.toISOString(), channel: k.channel, ideologyArea: k.ideology_area,
    severity: k.severity, acute: k.severity === 'acute', status: k.status, deadlineAt: clock.deadlineAt.toISOString(),
    timeLeftMinutes: clock.timeLeftMinutes, overdue: clock.overdue, triagedAt: k.triaged_at?.toISOString() ?? null,
    handledInTime: k.handled_in_time, caseId: k.case_id, version: k.version, number: k.number, personId: k.person_readable ? k.person_id : null,
  };
}

export type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other';

/** A concern to register, as the service validated it (status and deadline follow from severity and receipt). */
export interface NewConcernRecord {
  receivedAt: Date;
  channel: ConcernRow['channel'];
  callId: string | null;
  reporter: { anonymous: boolean; name: string | null; contact: string | null; organisation: string | null; sector: ReporterSector };
  personId: string;
  ideologyArea: ConcernRow['ideology_area'];
  severity: Severity;
  behaviourDescription: string;
  behaviourCodes: string[];
  status: ConcernStatus;
  triageDeadlineAt: Date;
  /** The intake's answer when the person has no birth date, else null. */
  minorStated: MinorAnswer | null;
  /** Saved past the religion-only check: the stated reason and the term list's version. */
  religionOverride: { reason: string; termsVersion: number } | null;
  /** Online activity and its platform, the category and the returnee flag (migration 0360). */
  online: boolean;
  onlinePlatform: string | null;
  category: string | null;
  returnee: boolean;
}

/** An Infohus decision as a correction reads it (infohus_assessments). */
export interface InfohusRow {
  id: string;
  /** The follow-up authority on the meeting item the decision was made in (migration 0320), or null. */
  follow_up_authority: string | null;
  meeting_date: string;
  participants: string[];
  decision: 'justified' | 'unfounded';
  reasoning: string;
  version: number;
}

/** A correction of an Infohus decision the service checked, with the case it opened or joined for a decision made justified. */
export interface InfohusCorrection {
  meetingDate?: string | undefined;
  participants?: string[] | undefined;
  decision?: 'justified' | 'unfounded' | undefined;
  reasoning?: string | undefined;
  followUpAuthority?: string | undefined;
  caseId: string | null;
  caseCreated: boolean;
}

/** A child-report decision the service checked (made: recipient and reportedAt; not made: reason). */
export interface ChildReportDecision {
  made: boolean;
  recipient: string | null;
  reportedAt: Date | null;
  reason: string | null;
}

/** A share the service checked: the recipient is an active police liaison or partner; next is the resulting status. */
export interface ConcernShare {
  version: number;
  userId: string;
  legalBasis: LegalBasis;
  legalBasisText?: string | undefined;
  contentSummary?: string | undefined;
  recipient: { role: 'police_liaison' | 'partner'; organisation: string | null };
  next: ConcernStatus;
  /** The consent a share on the basis 'consent' rests on (checked by the consents module). */
  consentId: string | null;
}

/** A correction the service checked: the fields to set (undefined: unchanged) and the new triage deadline, if any. */
export interface ConcernCorrection {
  severity?: Severity | undefined;
  behaviourDescription?: string | undefined;
  behaviourIndicators?: string[] | undefined;
  reporter?: { anonymous: boolean; name: string | null; contact: string | null; organisation: string | null } | undefined;
  triageDeadlineAt: Date | null;
}

/** An Infohus decision the service checked, with the case the service opened or joined for a justified concern. */
export interface InfohusDecision {
  version: number;
  meetingDate: string;
  participants: string[];
  decision: 'justified' | 'unfounded';
  reasoning: string;
  disclosures: {
    partnerOrganisation: string; legalBasis: LegalBasis; legalBasisText?: string | undefined; contentSummary: string; consentId?: string | undefined;
  }[];
  caseId: string | null;
  caseCreated: boolean;
}

/** The queue's filters and sort, as the paged list and the export take them (src/shared/lists.ts). */
type ConcernQueueFilters = Pick<ConcernPageQuery, 'status' | 'severity' | 'overdue' | 'number' | 'sort'>;

/** The audit criterion naming the queue's filters and sort (no personal data: statuses, levels, number endings). */
function queueCriterion(q: ConcernQueueFilters): string {
  return [q.status && `status=${q.status}`, q.severity && `severity=${q.severity}`, q.overdue && `overdue=${q.overdue}`,
    q.number && `number=${q.number}`, `sort=${q.sort}`].filter(Boolean).join('; ');
}

/**
 * The queue's order. triage: group 0, the clock runs (deadline, id ascending); group 1, triaged (receipt, id
 * descending). newest: by receipt.
 */
function queueOrder(sort: ConcernPageQuery['sort']): string {
  return sort === 'newest' ? 'k.received_at DESC, k.id DESC'
    : `(k.triaged_at IS NOT NULL), CASE WHEN k.triaged_at IS NULL THEN k.triage_deadline_at END,
          CASE WHEN k.triaged_at IS NULL THEN k.id END, k.received_at DESC, k.id DESC`;
}

export const concernRepo = repository((tx, s) => {
  /** The queue's filters as SQL within reaches (the paged list and the export share them); appends to params. */
  function queueWhere(reaches: readonly Reach[], q: ConcernQueueFilters, params: unknown[]): string {
    let where = concernReachSql(reaches, s.actor, params);
    if (q.status) where += ` AND k.status = $${params.push(q.status)}`;
    if (q.severity) where += ` AND k.severity = $${params.push(q.severity)}`;
    if (q.number) where += ` AND k.number LIKE $${params.push(`%${q.number}`)}`;
    if (q.overdue) {
      where += ` AND (k.triaged_at IS NULL AND k.triage_deadline_at < $${params.push(s.now)}) = $${params.push(q.overdue === 'true')}`;
    }
    return where;
  }

  /** A concern by id with no reach check: only for a concern this request has just reached or written. */
  async function load(id: string): Promise<ConcernRow> {
    const r = await tx.query<ConcernRow>(`SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE k.id = $1`, [id]);
    return r.rows[0]!;
  }

  /** A concern the actor may reach for action, or an audited refusal answering 404 (existence does not leak). */
  async function reachable(
    id: string,
    action: 'concern.read' | 'concern.share' | 'concern.police_check' | 'concern.assess' | 'concern.child_report' | 'handover.manage'
      | 'psychiatry.read' | 'psychiatry.manage',
    audit: 'read' | 'update',
  ) {
    const params: unknown[] = [id];
    const r = await tx.query<ConcernRow>(`SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE k.id = $1 AND ${concernReachSql(s.reaches(action), s.actor, params)}`, params);
    return r.rows[0] ?? s.refuse({ action: audit, recordType: 'concern', recordId: id });
  }

  async function personOf(k: ConcernRow): Promise<LinkedPerson> {
    const p = await findVisiblePersonInTrx(s, k.person_id);
    // Row-level security shows the person to everyone who reaches the concern (unit, or shared: migration 0010).
    if (!p) throw errors.notFound('Concern');
    return p;
  }

  /** The concern as it now stands, presented to the actor. */
  async function reloaded(id: string) {
    const row = await load(id);
    return presentConcern(s, row, await personOf(row));
  }

  /**
   * The unit's record of a concern's flow for the concern page (shared/corrections.ts ConcernRecord): the Infohus
   * decision, each share and disclosure with its legal basis, and the field history of corrections. The caller has
   * reached the concern and audits the look.
   */
  async function recordOf(k: ConcernRow) {
    const infohus = await tx.query<{
      id: string; meeting_date: string; participants: string[]; decision: 'justified' | 'unfounded'; reasoning: string; decided_at: Date; display_name: string; version: number;
      follow_up_authority: string | null;
    }>(
      `SELECT a.id, a.meeting_date, a.participants, a.decision, a.reasoning, a.decided_at, u.display_name, a.version,
              vink_meeting_item_authority(a.id) AS follow_up_authority
         FROM infohus_assessments a JOIN users u ON u.id = a.decided_by WHERE a.concern_id = $1`, [k.id],
    );
    const shares = await tx.query<{ display_name: string; organisation: string | null; legal_basis: LegalBasis; legal_basis_text: string | null; shared_at: Date }>(
      `SELECT u.display_name, u.organisation, cs.legal_basis, cs.legal_basis_text, cs.shared_at
         FROM concern_shares cs JOIN users u ON u.id = cs.user_id WHERE cs.concern_id = $1 ORDER BY cs.shared_at, u.display_name`, [k.id],
    );
    const disclosures = await tx.query<{ id: string; partner_organisation: string; legal_basis: LegalBasis; legal_basis_text: string | null; content_summary: string; disclosed_at: Date }>(
      `SELECT d.id, d.partner_organisation, d.legal_basis, d.legal_basis_text, d.content_summary, d.disclosed_at
         FROM disclosures d WHERE d.concern_id = $1 ORDER BY d.disclosed_at, d.id`, [k.id],
    );
    const a = infohus.rows[0];
    return {
      infohus: a ? {
        meetingDate: a.meeting_date, participants: a.participants, decision: a.decision, reasoning: a.reasoning, decidedAt: a.decided_at.toISOString(),
        decidedBy: a.display_name, followUpAuthority: a.follow_up_authority, version: a.version, corrections: await fieldHistoryInTrx(tx, 'infohus_assessment', a.id),
      } : null,
      shares: shares.rows.map((x) => ({
        recipient: x.display_name, organisation: x.organisation, legalBasis: x.legal_basis, legalBasisText: x.legal_basis_text, sharedAt: x.shared_at.toISOString(),
      })),
      disclosures: disclosures.rows.map((x) => ({
        id: x.id, partnerOrganisation: x.partner_organisation, legalBasis: x.legal_basis, legalBasisText: x.legal_basis_text,
        contentSummary: x.content_summary, disclosedAt: x.disclosed_at.toISOString(),
      })),
      corrections: await fieldHistoryInTrx(tx, 'concern', k.id),
    };
  }

  /** Updates status and triage fields under optimistic locking; a stale version is a 409 with the current one. */
  async function move(k: ConcernRow, version: number, to: ConcernStatus, policeOutcome: ConcernRow['police_check_outcome'] = null) {
    const triaged = TRIAGED_STATUSES.includes(to) && k.triaged_at === null;
    const r = await tx.query<{ id: string }>(
      `UPDATE concerns SET status = $3, version = version + 1, updated_at = $4,
         triaged_at = CASE WHEN $5::boolean THEN $4 ELSE triaged_at END,
         handled_in_time = CASE WHEN $5::boolean THEN $6 ELSE handled_in_time END,
         police_check_outcome = coalesce($7, police_check_outcome),
         police_checked_at = CASE WHEN $7::text IS NULL THEN police_checked_at ELSE $4 END,
         police_checked_by = CASE WHEN $7::text IS NULL THEN police_checked_by ELSE $8 END,
         coordinator_id = CASE WHEN $9::boolean THEN $8 ELSE coordinator_id END
       WHERE id = $1 AND version = $2 RETURNING id`,
      [k.id, version, to, s.now, triaged, handledInTime(k.triage_deadline_at, s.now), policeOutcome, s.actor.id,
        s.actor.role === 'coordinator'],
    );
    if (r.rowCount === 0) throw errors.staleVersion(k.version);
  }

  return {
    /**
     * Hands the concern to another coordinator of its unit (handover.manage), if the version still matches (else 409
     * with the stored one). Audited as an update of the concern naming the person and the new coordinator.
     */
    async handover(id: string, version: number, coordinatorId: string): Promise<{ id: string; version: number; coordinatorId: string }> {
      const k = await reachable(id, 'handover.manage', 'update');
      const to = await tx.query<{ id: string }>(
        `SELECT id FROM users WHERE id = $1 AND unit_id = $2 AND role = 'coordinator' AND disabled_at IS NULL`, [coordinatorId, k.unit_id]);
      if (!to.rows[0]) throw errors.invalidField('coordinatorId', "must be an active coordinator of the concern's unit");
      const r = await tx.query<{ version: number }>(
        `UPDATE concerns SET coordinator_id = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2 RETURNING version`,
        [id, version, coordinatorId, s.now]);
      if (!r.rows[0]) throw errors.staleVersion(k.version);
      s.audit({ action: 'update', recordType: 'concern', recordId: id, personId: k.person_id, criterion: `handover: coordinator ${coordinatorId}` });
      return { id, version: r.rows[0].version, coordinatorId };
    },

    /** A concern within the actor's reach for a psychiatry-pathway action (another module's step on it), or an audited 404. */
    forPsychiatry(id: string, action: 'psychiatry.read' | 'psychiatry.manage', audit: 'read' | 'update'): Promise<ConcernRow> {
      return reachable(id, action, audit);
    },

    /** A concern the actor may change for action (audited as 'update' when refused), for the service's checks. */
    forUpdate(id: string, action: 'concern.share' | 'concern.police_check' | 'concern.assess' | 'concern.child_report'): Promise<ConcernRow> {
      return reachable(id, action, 'update');
    },

    async get(id: string) {
      const k = await reachable(id, 'concern.read', 'read');
      const person = await personOf(k);
      // The unit's own record of the flow (Infohus decision, shares, disclosures, corrections) is part of the same
      // look: one audit row. Police and partners see the concern as shared with them, not the unit's record.
      const record = seesReporter(s.actor.role) ? await recordOf(k) : null;
      s.audit({ action: 'read', recordType: 'concern', recordId: id, personId: k.person_id });
      return { ...presentConcern(s, k, person), record };
    },

    /** A concern the actor may correct (concern.correct), locked for the correction; otherwise an audited 404. */
    async forCorrection(id: string): Promise<ConcernRow> {
      const params: unknown[] = [id];
      const r = await tx.query<ConcernRow>(
        `SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE k.id = $1 AND ${concernReachSql(s.reaches('concern.correct'), s.actor, params)} FOR UPDATE OF k`, params,
      );
      return r.rows[0] ?? s.refuse({ action: 'update', recordType: 'concern', recordId: id });
    },

    /**
     * Writes a checked correction of a concern loaded with forCorrection at the version the client saw: the fields,
     * the behaviour codes, the triage deadline when the severity changes before triage, one field_history row per
     * changed field, and one audit row naming the fields. Answers the concern as the page shows it.
     */
    async correct(k: ConcernRow, c: ConcernCorrection) {
      const before: Record<string, unknown> = {
        severity: k.severity, behaviourDescription: k.behaviour_description, behaviourIndicators: k.behaviours,
        'reporter.anonymous': k.reporter_anonymous, 'reporter.name': k.reporter_name, 'reporter.contact': k.reporter_contact,
        'reporter.organisation': k.reporter_organisation,
      };
      const after: Record<string, unknown> = {
        severity: c.severity, behaviourDescription: c.behaviourDescription, behaviourIndicators: c.behaviourIndicators,
        ...(c.reporter ? {
          'reporter.anonymous': c.reporter.anonymous, 'reporter.name': c.reporter.name, 'reporter.contact': c.reporter.contact,
          'reporter.organisation': c.reporter.organisation,
        } : {}),
      };
      const changes = diffFields(before, after);
      if (changes.length === 0) {
        // Nothing differs: no new version and no history, but the answer shows the concern, so the look is audited.
        s.audit({ action: 'read', recordType: 'concern', recordId: k.id, personId: k.person_id, criterion: 'correction without changes' });
        return { concern: { ...presentConcern(s, k, await personOf(k)), record: await recordOf(k) }, changed: [] as string[] };
      }
      const r = await tx.query<{ version: number }>(
        `UPDATE concerns SET severity = coalesce($3, severity), behaviour_description = coalesce($4, behaviour_description),
           reporter_anonymous = CASE WHEN $5::boolean IS NULL THEN reporter_anonymous ELSE $5 END,
           reporter_name = CASE WHEN $5::boolean IS NULL THEN reporter_name ELSE $6 END,
           reporter_contact = CASE WHEN $5::boolean IS NULL THEN reporter_contact ELSE $7 END,
           reporter_organisation = CASE WHEN $5::boolean IS NULL THEN reporter_organisation ELSE $8 END,
           triage_deadline_at = coalesce($9, triage_deadline_at), version = version + 1, updated_at = $10
         WHERE id = $1 AND version = $2 RETURNING version`,
        [k.id, k.version, c.severity ?? null, c.behaviourDescription ?? null, c.reporter ? c.reporter.anonymous : null, c.reporter?.name ?? null,
          c.reporter?.contact ?? null, c.reporter?.organisation ?? null, c.triageDeadlineAt, s.now],
      );
      if (!r.rows[0]) throw errors.staleVersion(k.version);
      if (c.behaviourIndicators) {
        await tx.query('DELETE FROM concern_behaviours WHERE concern_id = $1 AND NOT (indicator_code = ANY($2::text[]))', [k.id, c.behaviourIndicators]);
        await tx.query(
          `INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) SELECT $1, $2, x FROM unnest($3::text[]) AS x ON CONFLICT DO NOTHING`,
          [k.id, k.unit_id, c.behaviourIndicators],
        );
      }
      await recordFieldChangesInTrx(tx, { type: 'concern', id: k.id, unitId: k.unit_id, concernId: k.id, personId: k.person_id, version: r.rows[0].version },
        changes, { actorId: s.actor.id, at: s.now });
      const fields = changes.map((x) => x.field);
      s.audit({ action: 'update', recordType: 'concern', recordId: k.id, personId: k.person_id, criterion: `corrected: ${fields.join(', ')}` });
      const row = await load(k.id);
      return { concern: { ...presentConcern(s, row, await personOf(row)), record: await recordOf(row) }, changed: fields };
    },

    /** The Infohus decision of a concern loaded with forUpdate, locked for a correction; null when none is recorded. */
    async infohusForCorrection(k: ConcernRow): Promise<InfohusRow | null> {
      const r = await tx.query<InfohusRow>(
        `SELECT a.id, a.meeting_date, a.participants, a.decision, a.reasoning, a.version, vink_meeting_item_authority(a.id) AS follow_up_authority
           FROM infohus_assessments a WHERE a.concern_id = $1 FOR UPDATE OF a`, [k.id]);
      return r.rows[0] ?? null;
    },

    /**
     * Writes a checked correction of an Infohus decision (docs/domain.md, "Corrections") at the version the client
     * read: the changed fields, one field_history row each, and, for a decision corrected to justified, the concern's
     * status and the case the service opened or joined. One audit row (an update of the concern naming the fields).
     * Answers the concern as the page shows it.
     */
    async correctInfohus(k: ConcernRow, a: InfohusRow, c: InfohusCorrection) {
      const before = { meetingDate: a.meeting_date, participants: a.participants, decision: a.decision, reasoning: a.reasoning, followUpAuthority: a.follow_up_authority };
      const changes = diffFields(before, {
        meetingDate: c.meetingDate, participants: c.participants, decision: c.decision, reasoning: c.reasoning, followUpAuthority: c.followUpAuthority,
      });
      if (changes.length === 0) {
        s.audit({ action: 'read', recordType: 'concern', recordId: k.id, personId: k.person_id, criterion: 'infohus correction without changes' });
        return { concern: { ...presentConcern(s, k, await personOf(k)), record: await recordOf(k) }, changed: [] as string[] };
      }
      const r = await tx.query<{ version: number }>(
        `UPDATE infohus_assessments SET meeting_date = coalesce($3, meeting_date), participants = coalesce($4::text[], participants),
           decision = coalesce($5, decision), reasoning = coalesce($6, reasoning), version = version + 1
         WHERE id = $1 AND version = $2 RETURNING version`,
        [a.id, a.version, c.meetingDate ?? null, c.participants ?? null, c.decision ?? null, c.reasoning ?? null],
      );
      if (!r.rows[0]) throw errors.staleVersion(a.version);
      if (changes.some((x) => x.field === 'followUpAuthority')) {
        await tx.query('SELECT vink_set_meeting_item_authority($1, $2)', [a.id, c.followUpAuthority]);
      }
      if (c.decision === 'justified' && a.decision !== 'justified') {
        await tx.query(`UPDATE concerns SET status = 'justified', case_id = coalesce($2, case_id), version = version + 1, updated_at = $3 WHERE id = $1`,
          [k.id, c.caseId, s.now]);
      }
      await recordFieldChangesInTrx(tx, { type: 'infohus_assessment', id: a.id, unitId: k.unit_id, concernId: k.id, personId: k.person_id, version: r.rows[0].version },
        changes, { actorId: s.actor.id, at: s.now });
      const fields = changes.map((x) => x.field);
      s.audit({
        action: 'update', recordType: 'concern', recordId: k.id, personId: k.person_id,
        criterion: `infohus corrected: ${fields.join(', ')}${c.caseId ? (c.caseCreated ? '; case opened' : '; joined open case') : ''}`,
      });
      const row = await load(k.id);
      return { concern: { ...presentConcern(s, row, await personOf(row)), record: await recordOf(row) }, changed: fields };
    },

    /**
     * The coordinator's queue within the actor's concern.read reach: overdue first, then by deadline; one search
     * audit row naming the person searched for. casePerson is the person of q.caseId as far as the actor sees the
     * case (null otherwise): the case's list holds the concerns linked to the case or about its person.
     */
    async list(q: ConcernListQuery, casePerson: string | null) {
      const criterion = [q.status && `status=${q.status}`, q.overdue && `overdue=${q.overdue}`, q.caseId && `case=${q.caseId}`,
        q.personId && `person=${q.personId}`].filter(Boolean).join('; ') || 'all';
      const personId = q.personId ?? casePerson;
      const reaches = s.requireRole('concern.read', { action: 'search', recordType: 'concern', criterion, personId });
      const params: unknown[] = [s.now];
      let where = concernReachSql(reaches, s.actor, params);
      if (q.status) where += ` AND k.status = $${params.push(q.status)}`;
      if (q.overdue) where += ` AND (k.triaged_at IS NULL AND k.triage_deadline_at < $1) = $${params.push(q.overdue === 'true')}`;
      if (q.personId) where += ` AND k.person_id = $${params.push(q.personId)}`;
      if (q.caseId) {
        where += ` AND (k.case_id = $${params.push(q.caseId)}${casePerson ? ` OR k.person_id = $${params.push(casePerson)}` : ''})`;
      }
      const readable = `EXISTS (SELECT 1 FROM persons p WHERE p.id = k.person_id AND ${personReachSql(s.reaches('person.read'), s.actor, params)})`;
      const r = await tx.query<ConcernRow & { person_readable: boolean }>(
        `SELECT ${CONCERN_COLUMNS}, ${readable} AS person_readable FROM concerns k WHERE ${where}
         ORDER BY (k.triaged_at IS NULL AND k.triage_deadline_at < $1) DESC, k.triage_deadline_at ASC, k.id`,
        params,
      );
      s.audit({ action: 'search', recordType: 'concern', criterion, personId });
      return r.rows.map((k) => presentSummary(s, k));
    },

    /**
     * Every concern about the person within concern.read (unfounded and closed ones too), newest first, for the person
     * overview (modules/overview); null when the role may not read concerns at all. Not audited here: the overview
     * writes its one row, the read of the person.
     */
    async ofPersonForOverview(personId: string) {
      const reaches = s.reaches('concern.read');
      if (reaches.length === 0) return null;
      const params: unknown[] = [personId];
      const where = concernReachSql(reaches, s.actor, params);
      const r = await tx.query<ConcernRow>(
        `SELECT ${CONCERN_COLUMNS} FROM concerns k WHERE k.person_id = $1 AND ${where} ORDER BY k.received_at DESC, k.id`, params);
      // The caller has shown that the actor reads the person.
      return r.rows.map((k) => presentSummary(s, { ...k, person_readable: true }));
    },

    /**
     * One page of the queue (docs/architecture.md, "Lists"): keyset pagination within the actor's concern.read reach
     * and the filters, with the true total. Sort triage: open concerns (clock running) first, soonest deadline first
     * (so overdue ones lead), then triaged ones newest first; sort newest: by receipt, newest first. One search audit
     * row per page looked at, as the list writes; its criterion names the filters, the sort and the page's position.
     */
    async page(q: ConcernPageQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, q.sort) : null;
      const criterion = [queueCriterion(q), after && 'page>1'].filter(Boolean).join('; ');
      const reaches = s.requireRole('concern.read', { action: 'search', recordType: 'concern', criterion });
      const params: unknown[] = [];
      let where = queueWhere(reaches, q, params);
      const total = Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM concerns k WHERE ${where}`, [...params])).rows[0]!.n);
      const order = queueOrder(q.sort);
      if (q.sort === 'newest') {
        if (after) where += ` AND (k.received_at, k.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)`;
      } else if (after?.g === 0) {
        where += ` AND (k.triaged_at IS NOT NULL OR (k.triage_deadline_at, k.id) > ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid))`;
      } else if (after) {
        where += ` AND k.triaged_at IS NOT NULL AND (k.received_at, k.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)`;
      }
      const readable = `EXISTS (SELECT 1 FROM persons p WHERE p.id = k.person_id AND ${personReachSql(s.reaches('person.read'), s.actor, params)})`;
      const r = await tx.query<ConcernRow & { person_readable: boolean }>(
        `SELECT ${CONCERN_COLUMNS}, ${readable} AS person_readable FROM concerns k WHERE ${where}
         ORDER BY ${order} LIMIT $${params.push(q.limit + 1)}`,
        params,
      );
      s.audit({ action: 'search', recordType: 'concern', criterion });
      const rows = r.rows.slice(0, q.limit);
      const last = rows.at(-1);
      const hasMore = r.rows.length > q.limit && last !== undefined;
      const nextCursor = hasMore && last
        ? encodeCursor(q.sort === 'newest' || last.triaged_at !== null
          ? { s: q.sort, g: 1, t: last.received_at.toISOString(), id: last.id }
          : { s: q.sort, g: 0, t: last.triage_deadline_at.toISOString(), id: last.id })
        : null;
      return { items: rows.map((k) => presentSummary(s, k)), total, hasMore, nextCursor };
    },

    /**
     * The whole queue with its filters and sort for an Excel export (docs/architecture.md, "Exports of a list"): every
     * page at once, within the actor's concern.list.export reach (never wider than concern.read), up to ceiling rows,
     * with the true total so the sheet can say when the ceiling cut it. One 'export' audit row naming the filters and
     * how many rows left the system. No person, reporter or description: the same columns as the list.
     */
    async exportRows(q: ConcernExportQuery, ceiling: number) {
      const criterion = `list export: ${queueCriterion(q)}`;
      const reaches = s.requireRole('concern.list.export', { action: 'export', recordType: 'concern', criterion });
      const params: unknown[] = [];
      const where = queueWhere(reaches, q, params);
      const total = Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM concerns k WHERE ${where}`, [...params])).rows[0]!.n);
      const r = await tx.query<ConcernRow & { person_readable: boolean }>(
        `SELECT ${CONCERN_COLUMNS}, false AS person_readable FROM concerns k WHERE ${where}
         ORDER BY ${queueOrder(q.sort)} LIMIT $${params.push(ceiling)}`,
        params,
      );
      s.audit({ action: 'export', recordType: 'concern', criterion: `${criterion}; rows=${r.rows.length} of ${total}` });
      return { items: r.rows.map((k) => presentSummary(s, k)), total };
    },

    /** The person of a concern loaded with forUpdate, as far as row-level security shows it. */
    personOf,

    /**
     * Records the child-report decision (barnets lov § 133) on a concern loaded with forUpdate, once: a decision
     * already recorded is a 409 (never overwritten). Audited as an update of the concern naming the person.
     */
    async recordChildReport(k: ConcernRow, d: ChildReportDecision) {
      const r = await tx.query(
        `INSERT INTO concern_child_reports (concern_id, unit_id, made, recipient, reported_at, reason, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (concern_id) DO NOTHING RETURNING concern_id`,
        [k.id, k.unit_id, d.made, d.recipient, d.reportedAt, d.reason, s.actor.id, s.now],
      );
      if (r.rows.length === 0) throw errors.conflict('The child-report decision is already recorded on this concern.', {});
      s.audit({ action: 'update', recordType: 'concern', recordId: k.id, personId: k.person_id, criterion: `child report ${d.made ? 'made' : 'not made'}` });
      return reloaded(k.id);
    },

    /**
     * How many concerns in the actor's units were saved past the religion-only check (a figure, no personal data);
     * audited as a search.
     */
    async religionOverrideCount(): Promise<number> {
      // Unit reach only (src/shared/policy.ts); the database function counts in the actor's units (migration 0190).
      s.requireRole('concern.religion_overrides', { action: 'search', recordType: 'concern', criterion: 'religion overrides' });
      const r = await tx.query<{ n: string }>('SELECT vink_religion_override_count() AS n');
      s.audit({ action: 'search', recordType: 'concern', criterion: 'religion overrides' });
      return Number(r.rows[0]!.n);
    },

    /** The behaviour indicators to choose from (reference data, no personal data: not audited when allowed). */
    async indicators() {
      s.requireRole('indicators.read', { action: 'read', recordType: 'behaviour_indicators' });
      const r = await tx.query<{ code: string; label_da: string; label_en: string; position: number }>(
        'SELECT code, label_da, label_en, position FROM behaviour_indicators WHERE active ORDER BY position, code',
      );
      return r.rows.map((b) => ({ code: b.code, labelDa: b.label_da, labelEn: b.label_en, position: b.position }));
    },

    /** Which of codes are active behaviour indicators. */
    async activeIndicators(codes: string[]): Promise<string[]> {
      const r = await tx.query<{ code: string }>('SELECT code FROM behaviour_indicators WHERE code = ANY($1::text[]) AND active', [codes]);
      return r.rows.map((b) => b.code);
    },

    /**
     * Writes a concern of the actor's unit and its behaviour codes, registered by the actor (and coordinated by them
     * when they are the coordinator). The request's one audit row is the concern's creation, naming the person;
     * criterion says how it came (with a new person, forwarded from a call).
     */
    async insert(c: NewConcernRecord, criterion: string | null): Promise<ConcernRow> {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO concerns (unit_id, received_at, channel, call_id, reporter_anonymous, reporter_name, reporter_contact, reporter_organisation,
           person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at, registered_by, coordinator_id, created_at, updated_at,
           minor_stated, religion_override_reason, religion_terms_version, reporter_sector, online, online_platform, category, returnee)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, $19, $20, $21, $22, $23, $24, $25) RETURNING id`,
        [s.actor.unitId, c.receivedAt, c.channel, c.callId, c.reporter.anonymous, c.reporter.name, c.reporter.contact, c.reporter.organisation,
          c.personId, c.ideologyArea, c.severity, c.behaviourDescription, c.status, c.triageDeadlineAt, s.actor.id,
          s.actor.role === 'coordinator' ? s.actor.id : null, s.now, c.minorStated, c.religionOverride?.reason ?? null,
          c.religionOverride?.termsVersion ?? null, c.reporter.sector, c.online, c.onlinePlatform, c.category, c.returnee],
      );
      const id = r.rows[0]!.id;
      await tx.query(`INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) SELECT $1, $2, unnest($3::text[])`, [
        id, s.actor.unitId, c.behaviourCodes,
      ]);
      s.audit({ action: 'create', recordType: 'concern', recordId: id, personId: c.personId, criterion });
      return load(id);
    },

    /**
     * The role and organisation of an active user a concern may be shared with, or null. Read under row-level
     * security; the service decides whether the role may receive it.
     */
    async recipient(userId: string): Promise<{ role: string; organisation: string | null } | null> {
      const u = await tx.query<{ role: string; organisation: string | null }>('SELECT role, organisation FROM users WHERE id = $1 AND disabled_at IS NULL', [
        userId,
      ]);
      return u.rows[0] ?? null;
    },

    /**
     * Shares a concern loaded with forUpdate: moves it to share.next, records the share and the disclosure with its
     * legal basis (every share is a disclosure), and audits the update.
     */
    async share(k: ConcernRow, share: ConcernShare) {
      const toPolice = share.recipient.role === 'police_liaison';
      await move(k, share.version, share.next);
      await tx.query(
        `INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, legal_basis_text, shared_at, shared_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (concern_id, user_id) DO UPDATE SET legal_basis = EXCLUDED.legal_basis, legal_basis_text = EXCLUDED.legal_basis_text,
           shared_at = EXCLUDED.shared_at, shared_by = EXCLUDED.shared_by`,
        [k.id, share.userId, k.unit_id, share.legalBasis, share.legalBasisText ?? null, s.now, s.actor.id],
      );
      const summary = share.contentSummary ?? (toPolice
        ? 'Bekymringshenvendelse med person og beskrevet adfærd, delt til politiets tjek.'
        : 'Bekymringshenvendelse med person og beskrevet adfærd, delt til Infohus-vurdering.');
      const d = await tx.query<{ id: string }>(
        `INSERT INTO disclosures (unit_id, concern_id, partner_organisation, recipient_user_id, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by, consent_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [k.unit_id, k.id, share.recipient.organisation ?? (toPolice ? 'Politiet' : 'Samarbejdspartner'), share.userId, share.legalBasis,
          share.legalBasisText ?? null, summary, s.now, s.actor.id, share.consentId],
      );
      s.audit({ action: 'update', recordType: 'concern', recordId: k.id, personId: k.person_id, criterion: `shared (${share.legalBasis})` });
      return {
        concern: await reloaded(k.id),
        share: { userId: share.userId, legalBasis: share.legalBasis, sharedAt: s.now.toISOString(), disclosureId: d.rows[0]!.id },
      };
    },

    /** Records the police check on a concern loaded with forUpdate, moving it to to; audited as an update. */
    async recordPoliceCheck(k: ConcernRow, version: number, to: ConcernStatus, outcome: 'clear' | 'police_take_over' | 'acute') {
      await move(k, version, to, outcome);
      s.audit({ action: 'update', recordType: 'concern', recordId: k.id, personId: k.person_id, criterion: `police check ${outcome}` });
      return reloaded(k.id);
    },

    /**
     * Records the Infohus decision on a concern loaded with forUpdate: the status, the assessment, the link to the
     * case (justified) and each disclosure to a partner with its legal basis; audited as one update of the concern.
     */
    async assess(k: ConcernRow, d: InfohusDecision) {
      await move(k, d.version, d.decision);
      const a = await tx.query<{ id: string }>(
        `INSERT INTO infohus_assessments (concern_id, unit_id, meeting_date, participants, decision, reasoning, decided_by, decided_at)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8) RETURNING id`,
        [k.id, k.unit_id, d.meetingDate, d.participants, d.decision, d.reasoning, s.actor.id, s.now],
      );
      if (d.caseId) await tx.query('UPDATE concerns SET case_id = $2 WHERE id = $1', [k.id, d.caseId]);
      const disclosureIds: string[] = [];
      for (const x of d.disclosures) {
        const r = await tx.query<{ id: string }>(
          `INSERT INTO disclosures (unit_id, concern_id, case_id, partner_organisation, legal_basis, legal_basis_text, content_summary, disclosed_at, disclosed_by, consent_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [k.unit_id, k.id, d.caseId, x.partnerOrganisation, x.legalBasis, x.legalBasisText ?? null, x.contentSummary, s.now, s.actor.id, x.consentId ?? null],
        );
        disclosureIds.push(r.rows[0]!.id);
      }
      s.audit({
        action: 'update', recordType: 'concern', recordId: k.id, personId: k.person_id,
        criterion: `infohus ${d.decision}${d.caseId ? (d.caseCreated ? '; case opened' : '; joined open case') : ''}`,
      });
      return { concern: await reloaded(k.id), assessmentId: a.rows[0]!.id, caseId: d.caseId, caseCreated: d.caseCreated, disclosureIds };
    },
  };
});

/**
 * Everything about a person held in the concerns module, for the citizen's access request (docs/security.md, "Access
 * requests"): the DPO's purpose-bound reach (Scope.accessRequestReaches), no audit row (the compilation writes one).
 * With whom a concern was shared is said by organisation and role, never by staff name.
 */
export const concernAccessRequestRepo = repository((tx, s) => ({
  async ofPerson(personId: string) {
    const params: unknown[] = [personId];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'k', {});
    const concerns = await tx.query<{
      id: string; received_at: Date; channel: string; call_id: string | null; reporter_anonymous: boolean; reporter_organisation: string | null;
      ideology_area: string | null; severity: string; behaviour_description: string; status: string; triaged_at: Date | null;
      police_check_outcome: string | null; behaviours: string[] | null;
    }>(
      `SELECT k.id, k.received_at, k.channel, k.call_id, k.reporter_anonymous, k.reporter_organisation, k.ideology_area, k.severity,
              k.behaviour_description, k.status, k.triaged_at, k.police_check_outcome,
              (SELECT array_agg(b.indicator_code ORDER BY b.indicator_code) FROM concern_behaviours b WHERE b.concern_id = k.id) AS behaviours
         FROM concerns k WHERE k.person_id = $1 AND ${reach} ORDER BY k.received_at, k.id`,
      params,
    );
    const ids = concerns.rows.map((k) => k.id);
    const shares = await tx.query<{ concern_id: string; shared_at: Date; legal_basis: string; role: string; organisation: string | null }>(
      `SELECT cs.concern_id, cs.shared_at, cs.legal_basis, u.role, u.organisation
         FROM concern_shares cs JOIN users u ON u.id = cs.user_id WHERE cs.concern_id = ANY($1::uuid[]) ORDER BY cs.shared_at`, [ids]);
    const infohus = await tx.query<{ id: string; concern_id: string; meeting_date: string; decision: string; reasoning: string | null }>(
      `SELECT i.id, i.concern_id, to_char(i.meeting_date, 'YYYY-MM-DD') AS meeting_date, i.decision, i.reasoning
         FROM infohus_assessments i WHERE i.concern_id = ANY($1::uuid[]) ORDER BY i.meeting_date`, [ids]);
    const childReports = await tx.query<{ concern_id: string; made: boolean; reason: string | null; recipient: string | null; reported_at: Date | null; recorded_at: Date }>(
      `SELECT r.concern_id, r.made, r.reason, r.recipient, r.reported_at, r.recorded_at
         FROM concern_child_reports r WHERE r.concern_id = ANY($1::uuid[]) ORDER BY r.recorded_at`, [ids]);
    return { concerns: concerns.rows, shares: shares.rows, infohus: infohus.rows, childReports: childReports.rows };
  },
}));
