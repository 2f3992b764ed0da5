import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { ConcernInput } from '../../../shared/intake.ts';
import { presentConcern, registerConcernInTrx } from '../concerns/index.ts';
import { CALL_COLUMNS, callReachSql, getReachableCall, type CallRow } from './policy.ts';

/** Client clocks drift; a call logged a few minutes "in the future" is a clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function present(a: CallRow) {
  return {
    id: a.id, unitId: a.unit_id, receivedAt: a.received_at.toISOString(), channel: a.channel, callerType: a.caller_type,
    callerSector: a.caller_sector, topic: a.topic, ideologyArea: a.ideology_area, outcome: a.outcome, durationMinutes: a.duration_minutes,
    concernId: a.concern_id, handledBy: a.handled_by, version: a.version, createdAt: a.created_at.toISOString(),
  };
}

export interface CallInput {
  receivedAt?: string | undefined;
  channel: CallRow['channel'];
  callerType: CallRow['caller_type'];
  callerSector?: NonNullable<CallRow['caller_sector']> | undefined;
  topic: string;
  ideologyArea: CallRow['ideology_area'];
  outcome: CallRow['outcome'];
  durationMinutes?: number | undefined;
}

export const calls = {
  /**
   * Logs an advisory call while it happens. The record holds no person (DOMAIN.md step 1); the topic must not
   * identify anyone. A professional caller's sector is recorded for the statistics, and only theirs.
   */
  async create(s: Scope, input: CallInput) {
    s.requireRole('call.create', { action: 'create', recordType: 'call' });
    if (input.callerType === 'professional' && !input.callerSector) throw errors.invalidField('callerSector', 'is required for a professional caller');
    if (input.callerType !== 'professional' && input.callerSector) throw errors.invalidField('callerSector', 'is recorded for professional callers only');
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : s.now;
    if (Number.isNaN(receivedAt.getTime())) throw errors.invalidField('receivedAt', 'is not a valid time');
    if (receivedAt.getTime() > s.now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField('receivedAt', 'must not be in the future');
    const r = await s.tx.query<CallRow>(
      `INSERT INTO calls AS a (unit_id, received_at, channel, caller_type, caller_sector, topic, ideology_area, outcome, duration_minutes, handled_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ${CALL_COLUMNS}`,
      [s.actor.unitId, receivedAt, input.channel, input.callerType, input.callerSector ?? null, input.topic, input.ideologyArea, input.outcome,
        input.durationMinutes ?? null, s.actor.id, s.now],
    );
    const row = r.rows[0]!;
    s.audit({ action: 'create', recordType: 'call', recordId: row.id });
    return present(row);
  },

  async get(s: Scope, id: string) {
    const row = await getReachableCall(s, id, 'call.read', 'read');
    s.audit({ action: 'read', recordType: 'call', recordId: id });
    return present(row);
  },

  /** Calls by date range (Danish calendar dates) and outcome; one search audit row with the criterion. */
  async list(s: Scope, q: { from?: string | undefined; to?: string | undefined; outcome?: CallRow['outcome'] | undefined }) {
    const criterion = [q.from && `from=${q.from}`, q.to && `to=${q.to}`, q.outcome && `outcome=${q.outcome}`].filter(Boolean).join('; ') || 'all';
    const reaches = s.requireRole('call.read', { action: 'search', recordType: 'call', criterion });
    if (q.from && q.to && q.from > q.to) throw errors.invalidField('to', 'must not be before from');
    const params: unknown[] = [];
    let where = callReachSql(reaches, s.actor, params);
    if (q.from) where += ` AND a.received_at >= ($${params.push(q.from)}::date::timestamp AT TIME ZONE 'Europe/Copenhagen')`;
    if (q.to) where += ` AND a.received_at < (($${params.push(q.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')`;
    if (q.outcome) where += ` AND a.outcome = $${params.push(q.outcome)}`;
    const r = await s.tx.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls a WHERE ${where} ORDER BY a.received_at DESC, a.id LIMIT 500`, params);
    s.audit({ action: 'search', recordType: 'call', criterion });
    return r.rows.map(present);
  },

  /**
   * Forwards a call as a concern: the concern is registered (channel 'call', linked to the call) and the call's
   * outcome becomes 'forwarded_concern' in the same transaction, so neither exists without the other. The one audit
   * row is the concern's creation, naming the person; the call update is part of it (criterion).
   */
  async forward(s: Scope, id: string, input: Omit<ConcernInput, 'receivedAt' | 'channel'> & { receivedAt?: string | undefined }) {
    const call = await getReachableCall(s, id, 'call.forward', 'update');
    if (call.concern_id) throw errors.conflict(`The call was already forwarded as concern ${call.concern_id}.`, { concernId: call.concern_id });
    const { row, person } = await registerConcernInTrx(s, { ...input, channel: 'call', receivedAt: input.receivedAt ?? call.received_at }, id);
    const u = await s.tx.query(
      `UPDATE calls SET outcome = 'forwarded_concern', concern_id = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND concern_id IS NULL`,
      [id, row.id, s.now],
    );
    if (u.rowCount === 0) throw errors.conflict('The call was forwarded by someone else just now. Reload it.');
    s.audit({ action: 'create', recordType: 'concern', recordId: row.id, personId: person.id, criterion: `forwarded from call ${id}` });
    return presentConcern(s, row, person);
  },
};
