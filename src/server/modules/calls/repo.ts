import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';
import { reachSql, repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { diffFields, fieldHistoryInTrx, recordFieldChangesInTrx } from '../../platform/field-history.ts';

/**
 * The calls module's repository: the only place where SQL on calls lives (docs/architecture.md). Each method that
 * shows or changes a call applies the actor's reach and records the audit row itself.
 */

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
  caller_municipality: string | null;
  citizen_municipality: string | null;
  forwarded_unit_id: string | null;
  forward_legal_basis: string | null;
  referred_to_name: string | null;
  referred_on: string | null;
  referred_channel: 'phone' | 'email' | 'secure_mail' | 'letter' | 'meeting' | null;
  online: boolean;
  online_platform: string | null;
  category: string | null;
}
const CALL_COLUMNS = `a.id, a.unit_id, a.received_at, a.channel, a.caller_type, a.caller_sector, a.topic, a.ideology_area, a.outcome,
  a.duration_minutes, a.concern_id, a.handled_by, a.version, a.created_at, a.caller_municipality, a.citizen_municipality,
  a.forwarded_unit_id, a.forward_legal_basis, a.referred_to_name, to_char(a.referred_on, 'YYYY-MM-DD') AS referred_on, a.referred_channel,
  a.online, a.online_platform, a.category`;

/** SQL predicate for a call alias: unit → the actor's unit; creator → the actor took the call. */
function callReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'a'): string {
  return reachSql(reaches, actor, params, alias, { creator: (a, id) => `${a}.handled_by = ${id}` });
}

function present(a: CallRow) {
  return {
    id: a.id, unitId: a.unit_id, receivedAt: a.received_at.toISOString(), channel: a.channel, callerType: a.caller_type,
    callerSector: a.caller_sector, topic: a.topic, ideologyArea: a.ideology_area, outcome: a.outcome, durationMinutes: a.duration_minutes,
    concernId: a.concern_id, handledBy: a.handled_by, version: a.version, createdAt: a.created_at.toISOString(),
    callerMunicipality: a.caller_municipality, citizenMunicipality: a.citizen_municipality, forwardedUnitId: a.forwarded_unit_id,
    forwardLegalBasis: a.forward_legal_basis, online: a.online, onlinePlatform: a.online_platform, category: a.category,
    referral: a.referred_to_name ? { name: a.referred_to_name, on: a.referred_on!, channel: a.referred_channel! } : null,
  };
}

/** A call to log, as the service validated it (the sector only for a professional caller). */
export interface NewCall {
  receivedAt: Date;
  channel: CallRow['channel'];
  callerType: CallRow['caller_type'];
  callerSector: CallRow['caller_sector'];
  topic: string;
  ideologyArea: CallRow['ideology_area'];
  outcome: CallRow['outcome'];
  durationMinutes: number | null;
  callerMunicipality: string | null;
  citizenMunicipality: string | null;
  /** Online activity and its platform, and the category (migration 0360). */
  online: boolean;
  onlinePlatform: string | null;
  category: string | null;
}

/** A correction the service checked: the fields to set (undefined: unchanged). */
export interface CallCorrection {
  receivedAt?: Date | undefined;
  channel?: CallRow['channel'] | undefined;
  callerType?: CallRow['caller_type'] | undefined;
  callerSector: CallRow['caller_sector'];
  topic?: string | undefined;
  ideologyArea?: CallRow['ideology_area'] | undefined;
  durationMinutes?: number | null | undefined;
}

/** The list's filters (Danish calendar dates) and the criterion its audit row records. */
export interface CallFilter {
  from?: string | undefined;
  to?: string | undefined;
  outcome?: CallRow['outcome'] | undefined;
  criterion: string;
}

export const callRepo = repository((tx, s) => {
  /** A call the actor may reach for action, or an audited refusal answering 404 (existence does not leak). */
  async function reachable(id: string, action: 'call.read' | 'call.forward' | 'call.correct', audit: 'read' | 'update', lock = false): Promise<CallRow> {
    const params: unknown[] = [id];
    const r = await tx.query<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM calls a WHERE a.id = $1 AND ${callReachSql(s.reaches(action), s.actor, params)}${lock ? ' FOR UPDATE OF a' : ''}`, params,
    );
    return r.rows[0] ?? s.refuse({ action: audit, recordType: 'call', recordId: id });
  }

  return {
    /** Logs a call taken by the actor in the actor's unit; audited as its creation. */
    async create(c: NewCall) {
      s.requireRole('call.create', { action: 'create', recordType: 'call' });
      const r = await tx.query<CallRow>(
        `INSERT INTO calls AS a (unit_id, received_at, channel, caller_type, caller_sector, topic, ideology_area, outcome, duration_minutes, handled_by,
           created_at, updated_at, caller_municipality, citizen_municipality, online, online_platform, category)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16) RETURNING ${CALL_COLUMNS}`,
        [s.actor.unitId, c.receivedAt, c.channel, c.callerType, c.callerSector, c.topic, c.ideologyArea, c.outcome, c.durationMinutes, s.actor.id, s.now,
          c.callerMunicipality, c.citizenMunicipality, c.online, c.onlinePlatform, c.category],
      );
      const row = r.rows[0]!;
      s.audit({ action: 'create', recordType: 'call', recordId: row.id });
      return present(row);
    },

    async get(id: string) {
      const row = await reachable(id, 'call.read', 'read');
      s.audit({ action: 'read', recordType: 'call', recordId: id });
      return { ...present(row), corrections: await fieldHistoryInTrx(tx, 'call', id) };
    },

    /** A call the actor may correct (call.correct), locked for the correction; otherwise an audited 404. */
    forCorrection(id: string): Promise<CallRow> {
      return reachable(id, 'call.correct', 'update', true);
    },

    /**
     * Writes a checked correction of a call loaded with forCorrection: the fields, one field_history row per changed
     * field and one audit row naming the fields. Answers the call with its history.
     */
    async correct(a: CallRow, c: CallCorrection) {
      const before: Record<string, unknown> = {
        receivedAt: a.received_at, channel: a.channel, callerType: a.caller_type, callerSector: a.caller_sector, topic: a.topic,
        ideologyArea: a.ideology_area, durationMinutes: a.duration_minutes,
      };
      const after: Record<string, unknown> = {
        receivedAt: c.receivedAt, channel: c.channel, callerType: c.callerType, callerSector: c.callerSector, topic: c.topic,
        ideologyArea: c.ideologyArea, durationMinutes: c.durationMinutes,
      };
      const changes = diffFields(before, after);
      if (changes.length === 0) {
        // Nothing differs: no new version and no history; the answer shows the call, so the look is audited.
        s.audit({ action: 'read', recordType: 'call', recordId: a.id, criterion: 'correction without changes' });
        return { ...present(a), corrections: await fieldHistoryInTrx(tx, 'call', a.id) };
      }
      const r = await tx.query<CallRow>(
        `UPDATE calls AS a SET received_at = coalesce($3, received_at), channel = coalesce($4, channel), caller_type = coalesce($5, caller_type),
           caller_sector = $6, topic = coalesce($7, topic), ideology_area = coalesce($8, ideology_area),
           duration_minutes = CASE WHEN $9::boolean THEN $10::integer ELSE duration_minutes END, version = version + 1, updated_at = $11
         WHERE id = $1 AND version = $2 RETURNING ${CALL_COLUMNS}`,
        [a.id, a.version, c.receivedAt ?? null, c.channel ?? null, c.callerType ?? null, c.callerSector, c.topic ?? null, c.ideologyArea ?? null,
          c.durationMinutes !== undefined, c.durationMinutes ?? null, s.now],
      );
      const row = r.rows[0];
      if (!row) throw errors.staleVersion(a.version);
      await recordFieldChangesInTrx(tx, { type: 'call', id: a.id, unitId: a.unit_id, concernId: null, personId: null, version: row.version },
        changes, { actorId: s.actor.id, at: s.now });
      s.audit({ action: 'update', recordType: 'call', recordId: a.id, criterion: `corrected: ${changes.map((x) => x.field).join(', ')}` });
      return { ...present(row), corrections: await fieldHistoryInTrx(tx, 'call', a.id) };
    },

    /** Calls within the actor's call.read reach by date range and outcome; one search audit row with the criterion. */
    async list(q: CallFilter) {
      const reaches = s.requireRole('call.read', { action: 'search', recordType: 'call', criterion: q.criterion });
      const params: unknown[] = [];
      let where = callReachSql(reaches, s.actor, params);
      if (q.from) where += ` AND a.received_at >= ($${params.push(q.from)}::date::timestamp AT TIME ZONE 'Europe/Copenhagen')`;
      if (q.to) where += ` AND a.received_at < (($${params.push(q.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')`;
      if (q.outcome) where += ` AND a.outcome = $${params.push(q.outcome)}`;
      const r = await tx.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls a WHERE ${where} ORDER BY a.received_at DESC, a.id LIMIT 500`, params);
      s.audit({ action: 'search', recordType: 'call', criterion: q.criterion });
      return r.rows.map(present);
    },

    /** A call the actor may forward as a concern (call.forward), or an audited refusal (404). */
    forForward(id: string): Promise<CallRow> {
      return reachable(id, 'call.forward', 'update');
    },

    /**
     * Marks a call loaded with forForward as forwarded to the concern. Not audited here: the request's one row is
     * the concern's creation, which names the call. Someone else forwarding it first is a 409.
     */
    async markForwarded(call: CallRow, concernId: string): Promise<void> {
      const u = await tx.query(
        `UPDATE calls SET outcome = 'forwarded_concern', concern_id = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND concern_id IS NULL`,
        [call.id, concernId, s.now],
      );
      if (u.rowCount === 0) throw errors.conflict('The call was forwarded by someone else just now. Reload it.');
    },

    /** The VINK unit of a municipality code, or null when the municipality does not use VINK (migration 0290). */
    async unitOfMunicipality(code: string): Promise<string | null> {
      const r = await tx.query<{ id: string | null }>('SELECT vink_unit_of_municipality($1) AS id', [code]);
      return r.rows[0]?.id ?? null;
    },

    /** The database's crossing check for Scope.crossInto: the two units share a hotline and the target does case work. */
    mayForwardTo(target: string): (q: typeof tx) => Promise<boolean> {
      return async (q) => (await q.query<{ ok: boolean }>('SELECT vink_hotline_may_forward($1) AS ok', [target])).rows[0]?.ok === true;
    },

    /**
     * Marks a hotline call as forwarded to a concern in another unit, with the legal basis; audited in the sending
     * unit's trail (the receiving side's rows are written by the crossed scope). 409 when forwarded meanwhile.
     */
    async markForwardedAcross(call: CallRow, concernId: string, unitId: string, legalBasis: string): Promise<void> {
      const u = await tx.query(
        `UPDATE calls SET outcome = 'forwarded_concern', concern_id = $2, forwarded_unit_id = $3, forward_legal_basis = $4, version = version + 1, updated_at = $5
          WHERE id = $1 AND concern_id IS NULL AND referred_to_name IS NULL`,
        [call.id, concernId, unitId, legalBasis, s.now],
      );
      if (u.rowCount === 0) throw errors.conflict('The call was forwarded or referred by someone else just now. Reload it.');
      s.audit({ action: 'update', recordType: 'call', recordId: call.id, criterion: `hotline forward to unit ${unitId} as concern ${concernId}; legal basis: ${legalBasis}` });
    },

    /** Records where a call was referred (a municipality without VINK): name, date, channel. Audited as an update. */
    async refer(call: CallRow, r: { name: string; on: string; channel: NonNullable<CallRow['referred_channel']> }) {
      const u = await tx.query<CallRow>(
        `UPDATE calls a SET referred_to_name = $2, referred_on = $3, referred_channel = $4, version = version + 1, updated_at = $5
          WHERE a.id = $1 AND a.concern_id IS NULL AND a.referred_to_name IS NULL RETURNING ${CALL_COLUMNS}`,
        [call.id, r.name, r.on, r.channel, s.now],
      );
      if (u.rowCount === 0) throw errors.conflict('The call was already forwarded or referred. Reload it.');
      s.audit({ action: 'update', recordType: 'call', recordId: call.id, criterion: `referred to ${r.name} on ${r.on} by ${r.channel}` });
      return present(u.rows[0]!);
    },

    /** The hotline's figures over its member units (counts only, migration 0290); audited as a search. */
    async hotlineCounts(from: Date, to: Date, criterion: string) {
      s.requireRole('call.statistics', { action: 'search', recordType: 'hotline_statistics', criterion });
      const r = await tx.query<{ dimension: string; value: string; calls: number }>(
        'SELECT dimension, value, calls FROM vink_hotline_call_counts($1, $2) ORDER BY dimension, value', [from, to]);
      s.audit({ action: 'search', recordType: 'hotline_statistics', criterion });
      return r.rows;
    },

    /**
     * The yearly report's hotline figures for unitId (docs/domain.md, "The yearly report"): the hotlines it belongs to
     * (none: null), the counts over their member units (vink_hotline_call_counts, migration 0290), the unit's own
     * calls on the hotline channel and the concerns forwarded to it (its hotline_forward tasks). Counts only; the
     * report's collect writes the audit row.
     */
    async hotlineYear(unitId: string, from: Date, to: Date) {
      const h = await tx.query<{ name: string }>(
        'SELECT h.name FROM hotlines h JOIN hotline_members m ON m.hotline_id = h.id WHERE m.unit_id = $1 ORDER BY h.name', [unitId]);
      if (h.rows.length === 0) return null;
      const counts = await tx.query<{ dimension: string; value: string | null; calls: number }>(
        'SELECT dimension, value, calls FROM vink_hotline_call_counts($1, $2) ORDER BY dimension, value', [from, to]);
      const own = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM calls WHERE unit_id = $1 AND channel = 'national_hotline' AND received_at >= $2 AND received_at < $3`, [unitId, from, to]);
      const fwd = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tasks WHERE unit_id = $1 AND kind = 'hotline_forward' AND created_at >= $2 AND created_at < $3`, [unitId, from, to]);
      return { hotlineNames: h.rows.map((r) => r.name), rows: counts.rows, ownCalls: own.rows[0]!.n, forwardedIn: fwd.rows[0]!.n };
    },
  };
});

/**
 * The calls that became the person's concerns, for the citizen's access request (docs/security.md, "Access requests"):
 * the DPO's purpose-bound reach (Scope.accessRequestReaches); no audit row (the compilation writes one).
 */
export const callAccessRequestRepo = repository((tx, s) => ({
  async ofConcerns(concernIds: readonly string[]) {
    const params: unknown[] = [concernIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'c', {});
    const r = await tx.query<{ id: string; received_at: Date; channel: string; caller_type: string | null; topic: string | null; outcome: string | null }>(
      `SELECT c.id, c.received_at, c.channel, c.caller_type, c.topic, c.outcome FROM calls c
        WHERE c.concern_id = ANY($1::uuid[]) AND ${reach} ORDER BY c.received_at, c.id`,
      params,
    );
    return r.rows;
  },
}));
