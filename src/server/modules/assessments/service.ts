import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { assessmentRepo } from './repo.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { assessmentProgression, ratingErrors, type Assessment, type AssessmentInput, type Instrument } from '../../../shared/assessments.ts';


export const assessments = {
  /** The instrument with its versioned dimensions and scale (reference data, no personal data: not audited). */
  async getInstrument(s: Scope, id: string): Promise<Instrument> {
    const instrument = await assessmentRepo(s).instrument(id);
    if (!instrument) throw errors.notFound('Instrument');
    return instrument;
  },

  /** The instrument, or undefined when there is none (for other modules: courses/service.ts checks codes with it). */
  async findInstrument(s: Scope, id: string): Promise<Instrument | undefined> {
    return assessmentRepo(s).instrument(id);
  },

  /**
   * Records an assessment on the national tool. Every dimension of the instrument must be rated exactly once, for
   * risk and for resources, each on the instrument's scale or explicitly unknown (null). A case has one start
   * assessment: progression is measured from it.
   */
  async record(s: Scope, caseId: string, input: AssessmentInput): Promise<Assessment> {
    const repo = assessmentRepo(s);
    const { kase, instrument } = await repo.caseToAssess(caseId, input.instrumentId);
    if (!instrument || !instrument.active) throw errors.invalidField('instrumentId', 'no such active instrument');
    // The coached relative's instrument is recorded on their course (courses module), never on the young person.
    if (instrument.subject === 'coached_relative') throw errors.invalidField('instrumentId', 'assesses the relative coached in a course: record it on the course');
    const scaleValues = instrument.scale.map((x) => x.value).filter((v): v is number => v !== null);
    const fieldErrors = ratingErrors({ dimensions: instrument.dimensions.map((d) => d.code), scaleValues }, input.ratings);
    if (input.assessedOn > danishDateOf(s.now)) fieldErrors.unshift({ field: 'assessedOn', reason: 'must not be in the future' });
    if (fieldErrors.length > 0) throw errors.validation(fieldErrors, fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; '));
    const startConflict = () => errors.conflict('The case already has a start assessment. Record a six_months, end or other assessment instead.', {
      allowed: ['six_months', 'end', 'other'],
    });
    if (input.kind === 'start' && await repo.hasStart(kase)) throw startConflict();
    const saved = await repo.create(kase, instrument, input);
    if (!saved) throw startConflict();
    return saved;
  },

  async list(s: Scope, caseId: string): Promise<Assessment[]> {
    return assessmentRepo(s).ofCase(caseId);
  },

  /** Progression: each later assessment against the first (shared/assessments.ts, assessmentProgression). */
  async progression(s: Scope, caseId: string) {
    return assessmentProgression(await assessmentRepo(s).ofCase(caseId, 'progression'));
  },
};
