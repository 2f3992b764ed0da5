import { runAsSystem, type Scope, type ScopeDeps } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { maskCprsInText, parseCpr } from '../../../shared/cpr.ts';
import type { KnownPersonAnswer } from '../../../shared/known-persons.ts';
import { cprIndexRepo, knownPersonRepo } from './repo.ts';

const BATCH = 2000;

/**
 * Brings the cross-unit index up to date (docs/security.md, "Already known elsewhere"): the persons the database queued
 * since (a new CPR number, a corrected one) get their keyed hash. The system path, because it reads CPR numbers of
 * every unit; nothing it reads leaves this function. Runs before every question and on the scheduler's tick.
 */
export async function syncCprIndex(deps: ScopeDeps & { secretBox: SecretBox }): Promise<number> {
  let done = 0;
  for (let round = 0; round < 100; round++) {
    const n = await runAsSystem(deps, 'cpr_index', async (s) => {
      const repo = cprIndexRepo(s);
      const rows = await repo.pending(BATCH);
      if (rows.length === 0) {
        await repo.dropStale();
        return 0;
      }
      await repo.store(rows.map((r) => ({ ...r, key: deps.secretBox.cprKey(r.cpr) })));
      return rows.length;
    });
    done += n;
    if (n < BATCH) break;
  }
  return done;
}

const entry = (questionId: string, criterion: string, personId: string | null) =>
  ({ action: 'search' as const, recordType: 'known_person_question', recordId: questionId, personId, criterion });

export const knownPersons = {
  /**
   * "Is this person already known?" (docs/domain.md, "Already known elsewhere"): with a CPR number and a purpose, the
   * units with an open case or concern about the person that take part, and whom to contact there: no content. The
   * question is audited in the asking unit and in every unit it concerns, with the purpose (the asking side's row
   * names the unit's own person when there is one). A unit that has switched the question off does not ask (403) and
   * is not named in an answer: its refusal is audited in its own trail only, so the asker cannot tell it from a unit
   * that does not know the person.
   */
  async ask(s: Scope, box: SecretBox, input: { cpr: string; purpose: string }): Promise<KnownPersonAnswer> {
    s.requireRole('known_person.ask', { action: 'search', recordType: 'known_person_question', criterion: 'already-known question' });
    const repo = knownPersonRepo(s);
    const mine = await repo.settings();
    if (!mine.enabled) {
      s.refuse({ action: 'search', recordType: 'known_person_question', criterion: 'already-known question: switched off in this unit' },
        errors.forbidden('Your unit has switched the already-known question off (a manager or the DPO can switch it on).'));
    }
    const cpr = parseCpr(input.cpr);
    if (!cpr) throw errors.invalidField('cpr', 'must be a CPR number DDMMYY-SSSS with a real date');
    const purpose = maskCprsInText(input.purpose);
    const rows = await repo.ask(box.cprKey(cpr.normalised), purpose);
    const questionId = rows[0]!.question_id;
    const known = rows.filter((r) => r.outcome === 'known');
    s.audit(entry(questionId, `already-known question; purpose: ${purpose}; answer: ${known.length ? `known in ${known.map((r) => r.unit_name).join(', ')}` : 'not known in another unit that takes part'}`, rows[0]!.asking_person_id));
    for (const r of rows) {
      if (r.outcome === 'known') {
        s.auditInUnit(r.unit_id!, entry(questionId, `already-known question from ${s.actor.unitName}; purpose: ${purpose}; answer: known here, the coordinators' contact was given`, r.person_id));
      } else if (r.outcome === 'switched_off') {
        s.otherUnits.push({ unitId: r.unit_id!, entry: { ...entry(questionId, `already-known question from ${s.actor.unitName}; purpose: ${purpose}; refused: this unit has switched the question off, it was not named`, r.person_id), outcome: 'denied' } });
      }
    }
    return {
      questionId, askedAt: s.now.toISOString(),
      knownIn: known.map((r) => ({ unitId: r.unit_id!, unitName: r.unit_name!, contact: r.contact, coordinators: r.coordinators })),
    };
  },

  async settings(s: Scope) {
    s.requireRole('known_person.settings.read', { action: 'read', recordType: 'known_person_settings' });
    const r = await knownPersonRepo(s).settings();
    return { unitId: r.unit_id, enabled: r.enabled, contact: r.contact, version: r.version };
  },

  async saveSettings(s: Scope, input: { enabled: boolean; contact?: string | null | undefined; version: number }) {
    s.requireRole('known_person.settings.manage', { action: 'update', recordType: 'known_person_settings' });
    const r = await knownPersonRepo(s).saveSettings({ enabled: input.enabled, contact: input.contact, version: input.version });
    return { unitId: r.unit_id, enabled: r.enabled, contact: r.contact, version: r.version };
  },
};

/**
 * The questions about a person, as items of the person's access-request export (modules/access-requests): each question
 * the DPO's unit asked about the person and each it answered, with date, asking unit, purpose and answer. Only under the
 * purpose access_request (checked again in vink_known_person_questions_for, migration 0380).
 */
export async function knownPersonQuestionsForAccessRequestInTrx(s: Scope, personId: string) {
  s.accessRequestReaches();
  return knownPersonRepo(s).questionsFor(personId);
}
