import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { CallCorrectionInput } from '../../../shared/corrections.ts';
import type { ConcernInput } from '../../../shared/intake.ts';
import { reporterSectorOfCaller } from '../../../shared/watch.ts';
import { presentConcern, registerConcernInTrx } from '../concerns/index.ts';
import { callRepo, type CallRow } from './repo.ts';

/** Client clocks drift; a call logged a few minutes "in the future" is a clock, not a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

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
   * Logs an advisory call while it happens. The record holds no person (docs/domain.md, step 1); the topic must not
   * identify anyone. A professional caller's sector is recorded for the statistics, and only theirs.
   */
  async create(s: Scope, input: CallInput) {
    // The role gate comes before validation, so a role that may not log calls learns nothing more.
    s.requireRole('call.create', { action: 'create', recordType: 'call' });
    if (input.callerType === 'professional' && !input.callerSector) throw errors.invalidField('callerSector', 'is required for a professional caller');
    if (input.callerType !== 'professional' && input.callerSector) throw errors.invalidField('callerSector', 'is recorded for professional callers only');
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : s.now;
    if (Number.isNaN(receivedAt.getTime())) throw errors.invalidField('receivedAt', 'is not a valid time');
    if (receivedAt.getTime() > s.now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField('receivedAt', 'must not be in the future');
    return callRepo(s).create({
      receivedAt, channel: input.channel, callerType: input.callerType, callerSector: input.callerSector ?? null, topic: input.topic,
      ideologyArea: input.ideologyArea, outcome: input.outcome, durationMinutes: input.durationMinutes ?? null,
    });
  },

  get: (s: Scope, id: string) => callRepo(s).get(id),

  /**
   * Corrects a call (docs/domain.md, "Corrections") at the version the client saw (409 on a stale one). The intake's
   * rules hold for the result: a sector for a professional caller and only for one, no time in the future. Each changed
   * field leaves one history row the call shows.
   */
  async correct(s: Scope, id: string, input: CallCorrectionInput) {
    const repo = callRepo(s);
    const call = await repo.forCorrection(id);
    if (call.version !== input.version) throw errors.staleVersion(call.version);
    const callerType = input.callerType ?? call.caller_type;
    // A caller who is no longer a professional loses the sector; one who becomes one must name it.
    let callerSector = input.callerSector !== undefined ? input.callerSector : call.caller_sector;
    if (callerType !== 'professional' && input.callerType !== undefined && input.callerSector === undefined) callerSector = null;
    if (callerType === 'professional' && !callerSector) throw errors.invalidField('callerSector', 'is required for a professional caller');
    if (callerType !== 'professional' && callerSector) throw errors.invalidField('callerSector', 'is recorded for professional callers only');
    let receivedAt: Date | undefined;
    if (input.receivedAt !== undefined) {
      receivedAt = new Date(input.receivedAt);
      if (Number.isNaN(receivedAt.getTime())) throw errors.invalidField('receivedAt', 'is not a valid time');
      if (receivedAt.getTime() > s.now.getTime() + FUTURE_TOLERANCE_MS) throw errors.invalidField('receivedAt', 'must not be in the future');
    }
    return repo.correct(call, {
      receivedAt, channel: input.channel, callerType: input.callerType, callerSector, topic: input.topic, ideologyArea: input.ideologyArea,
      durationMinutes: input.durationMinutes,
    });
  },

  /** Calls by date range (Danish calendar dates) and outcome; one search audit row with the criterion. */
  async list(s: Scope, q: { from?: string | undefined; to?: string | undefined; outcome?: CallRow['outcome'] | undefined }) {
    const criterion = [q.from && `from=${q.from}`, q.to && `to=${q.to}`, q.outcome && `outcome=${q.outcome}`].filter(Boolean).join('; ') || 'all';
    s.requireRole('call.read', { action: 'search', recordType: 'call', criterion });
    if (q.from && q.to && q.from > q.to) throw errors.invalidField('to', 'must not be before from');
    return callRepo(s).list({ ...q, criterion });
  },

  /**
   * Forwards a call as a concern: the concern is registered (channel 'call', linked to the call) and the call's
   * outcome becomes 'forwarded_concern' in the same transaction, so neither exists without the other. The one audit
   * row is the concern's creation, naming the person and the call (registerConcernInTrx writes it).
   */
  async forward(s: Scope, id: string, input: Omit<ConcernInput, 'receivedAt' | 'channel'> & { receivedAt?: string | undefined }) {
    const repo = callRepo(s);
    const call = await repo.forForward(id);
    if (call.concern_id) throw errors.conflict(`The call was already forwarded as concern ${call.concern_id}.`, { concernId: call.concern_id });
    // The reporter's sector follows from the call's caller unless the form says otherwise (bias watch).
    const sector = input.reporter.sector ?? reporterSectorOfCaller(call.caller_type, call.caller_sector) ?? undefined;
    const { row, person } = await registerConcernInTrx(s, {
      ...input, reporter: { ...input.reporter, sector }, channel: 'call', receivedAt: input.receivedAt ?? call.received_at,
    }, id);
    await repo.markForwarded(call, row.id);
    return presentConcern(s, row, person);
  },
};
