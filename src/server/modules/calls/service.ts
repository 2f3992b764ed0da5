import type { Scope } from '../../access/scope.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { CallCorrectionInput } from '../../../shared/corrections.ts';
import type { ConcernInput } from '../../../shared/intake.ts';
import { reporterSectorOfCaller } from '../../../shared/watch.ts';
import { presentConcern, registerConcernInTrx } from '../concerns/index.ts';
import { createHotlineForwardTaskInTrx } from '../tasks/index.ts';
import { onlineAndCategory } from '../vocabularies/index.ts';
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
  callerMunicipality?: string | undefined;
  citizenMunicipality?: string | undefined;
  online?: boolean | undefined;
  onlinePlatform?: string | undefined;
  category?: string | undefined;
}

/** Hotline figures are shared across member units, so every count under this is withheld (as for analysts). */
const HOTLINE_SMALL_COUNT = 5;

/**
 * Primary and complementary suppression per dimension (docs/security.md, "Crossing units"): counts under five become
 * null, and when exactly one cell of a dimension is hidden the next smallest is hidden too, so the dimension's total
 * (the same in every dimension) does not give it away.
 */
export function suppressHotlineCounts<R extends { dimension: string; calls: number }>(rows: readonly R[]): (Omit<R, 'calls'> & { calls: number | null })[] {
  const out: (Omit<R, 'calls'> & { calls: number | null })[] = rows.map((r) => ({ ...r, calls: r.calls < HOTLINE_SMALL_COUNT ? null : r.calls }));
  for (const dim of new Set(rows.map((r) => r.dimension))) {
    const cells = out.filter((r) => r.dimension === dim);
    if (cells.filter((r) => r.calls === null).length === 1) {
      const next = cells.filter((r) => r.calls !== null).sort((a, b) => a.calls! - b.calls!)[0];
      if (next) next.calls = null;
    }
  }
  return out;
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
    // Online activity, its platform and the category are vocabularies' codes (docs/domain.md, "Vocabularies").
    const added = await onlineAndCategory(s, input);
    return callRepo(s).create({
      receivedAt, channel: input.channel, callerType: input.callerType, callerSector: input.callerSector ?? null, topic: input.topic,
      ideologyArea: input.ideologyArea, outcome: input.outcome, durationMinutes: input.durationMinutes ?? null,
      callerMunicipality: input.callerMunicipality ?? null, citizenMunicipality: input.citizenMunicipality ?? null, ...added,
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

  /**
   * Forwards a shared-hotline call to the unit of the citizen's municipality (docs/domain.md, "The shared hotline").
   * The one explicit crossing (Scope.crossInto): the database checks that both units belong to one hotline and the
   * receiving unit does case work; the concern, its new person and the coordinator's task are created in the
   * receiving unit, whose audit trail records them with the legal basis; the sending unit keeps the call, marked
   * forwarded with the legal basis in its own trail. The sending adviser cannot read the concern afterwards (404).
   */
  async forwardAcross(s: Scope, id: string, input: Omit<ConcernInput, 'receivedAt' | 'channel'> & { receivedAt?: string | undefined; legalBasis: string }) {
    const repo = callRepo(s);
    const call = await repo.forForward(id);
    if (call.concern_id) throw errors.conflict(`The call was already forwarded as concern ${call.concern_id}.`, { concernId: call.concern_id });
    if (call.referred_to_name) throw errors.conflict(`The call was already referred to ${call.referred_to_name}.`);
    if (call.channel !== 'national_hotline') throw errors.invalidField('channel', 'only a call on the shared hotline is forwarded to another unit');
    if (!call.citizen_municipality) throw errors.invalidField('citizenMunicipality', 'is not recorded on the call: the receiving unit is not known');
    if (input.personId) throw errors.invalidField('personId', 'a forward to another unit registers a new person there (give person)');
    const target = await repo.unitOfMunicipality(call.citizen_municipality);
    if (!target) throw errors.invalidField('citizenMunicipality', `municipality ${call.citizen_municipality} does not use VINK: record where the call was referred`);
    if (target === call.unit_id) throw errors.invalidField('citizenMunicipality', 'is the call\'s own unit: forward the call as usual');
    const sector = input.reporter.sector ?? reporterSectorOfCaller(call.caller_type, call.caller_sector) ?? undefined;
    const { legalBasis, ...concernInput } = input;
    const concern = await s.crossInto(target, repo.mayForwardTo(target), async (there) => {
      const base = { ...concernInput, reporter: { ...concernInput.reporter, sector }, channel: 'call' as const, receivedAt: concernInput.receivedAt ?? call.received_at };
      let registered;
      try {
        registered = await registerConcernInTrx(there, base, null);
      } catch (err) {
        // The citizen is already registered in the receiving unit under this CPR number: the concern joins that
        // registration (by the sealed handle the refusal gives), so the forward is never lost and the sender
        // learns nothing of the receiving unit's record (docs/domain.md, "The shared hotline").
        const existing = err instanceof AppError && err.code === 'conflict' ? err.extra?.existingPersonId : undefined;
        if (typeof existing !== 'string') throw err;
        const { person: _new, ...rest } = base;
        void _new;
        registered = await registerConcernInTrx(there, { ...rest, personId: existing }, null);
      }
      const { row } = registered;
      there.audit({ action: 'create', recordType: 'hotline_forward', recordId: row.id,
        criterion: `received from the shared hotline, call ${call.id} of unit ${call.unit_id}; legal basis: ${legalBasis}` });
      await createHotlineForwardTaskInTrx(there, row.id);
      return row;
    });
    await repo.markForwardedAcross(call, concern.id, target, legalBasis);
    return repo.get(id);
  },

  /** Records where a call was referred when the citizen's municipality does not use VINK (name, date, channel). */
  async refer(s: Scope, id: string, input: { name: string; on: string; channel: NonNullable<CallRow['referred_channel']> }) {
    const repo = callRepo(s);
    const call = await repo.forForward(id);
    if (input.on > s.now.toISOString().slice(0, 10)) throw errors.invalidField('on', 'must not be in the future');
    return repo.refer(call, input);
  },

  /** The shared hotline's figures over its member units, suppressed (counts only; no call is shown). */
  async hotlineStatistics(s: Scope, q: { from: string; to: string }) {
    const criterion = `hotline statistics ${q.from}..${q.to}`;
    s.requireRole('call.statistics', { action: 'search', recordType: 'hotline_statistics', criterion });
    if (q.from > q.to) throw errors.invalidField('to', 'must not be before from');
    const from = new Date(`${q.from}T00:00:00Z`);
    const to = new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000);
    const rows = await callRepo(s).hotlineCounts(from, to, criterion);
    return { from: q.from, to: q.to, rows: suppressHotlineCounts(rows) as { dimension: 'caller_type' | 'topic' | 'outcome' | 'municipality'; value: string; calls: number | null }[] };
  },
};
