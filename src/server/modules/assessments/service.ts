import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { getReachableCase } from '../cases/index.ts';
import {
  assessmentProgression, ratingErrors, type Assessment, type AssessmentInput, type AssessmentKind, type Instrument,
} from '../../../shared/assessments.ts';

interface InstrumentRow {
  id: string;
  name: string;
  version: number;
  active: boolean;
  scale: unknown;
}

/** The explicit "unknown" step every instrument has: a rating may be left unknown, stored as NULL, never as a number. */
const UNKNOWN_STEP = { value: null, label: { da: 'Ukendt', en: 'Unknown' } };

/** Reads the instrument's scale from its jsonb ([{value, da, en}, …]); the lowest value first. */
function parseScale(raw: unknown): { value: number; label: { da: string; en: string } }[] {
  const steps = Array.isArray(raw) ? raw : [];
  return steps
    .filter((x): x is { value: number; da: string; en: string } => !!x && typeof x === 'object' && Number.isInteger((x as { value: unknown }).value))
    .map((x) => ({ value: x.value, label: { da: String(x.da ?? x.value), en: String(x.en ?? x.value) } }))
    .sort((a, b) => a.value - b.value);
}

async function findInstrument(s: Scope, id: string): Promise<Instrument | undefined> {
  const i = await s.tx.query<InstrumentRow>('SELECT id, name, version, active, scale FROM assessment_instruments WHERE id = $1', [id]);
  const row = i.rows[0];
  if (!row) return undefined;
  const d = await s.tx.query<{ code: string; position: number; label_da: string; label_en: string }>(
    'SELECT code, position, label_da, label_en FROM assessment_dimensions WHERE instrument_id = $1 ORDER BY position, code',
    [id],
  );
  return {
    id: row.id, name: row.name, version: row.version, active: row.active,
    dimensions: d.rows.map((x) => ({ code: x.code, position: x.position, label: { da: x.label_da, en: x.label_en } })),
    scale: [...parseScale(row.scale), UNKNOWN_STEP],
  };
}

/** Today's date where the unit works: an assessment made this morning in Denmark is not "in the future". */
function localToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

interface AssessmentRow {
  id: string;
  case_id: string;
  instrument_id: string;
  kind: AssessmentKind;
  assessed_on: string;
  summary: string | null;
  assessed_by: string;
  created_at: Date;
}

/** A case's assessments with their ratings (in the instrument's dimension order), oldest first. */
async function findAssessmentsInTrx(s: Scope, caseId: string): Promise<Assessment[]> {
  const a = await s.tx.query<AssessmentRow>(
    `SELECT id, case_id, instrument_id, kind, to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on, summary, assessed_by, created_at
     FROM assessments WHERE case_id = $1 ORDER BY assessed_on, created_at, id`,
    [caseId],
  );
  const r = await s.tx.query<{ assessment_id: string; dimension_code: string; risk: number | null; resources: number | null; comment: string | null }>(
    `SELECT r.assessment_id, r.dimension_code, r.risk, r.resources, r.comment
     FROM assessment_ratings r JOIN assessments a ON a.id = r.assessment_id
     JOIN assessment_dimensions d ON d.instrument_id = r.instrument_id AND d.code = r.dimension_code
     WHERE a.case_id = $1 ORDER BY d.position, d.code`,
    [caseId],
  );
  return a.rows.map((x) => ({
    id: x.id, caseId: x.case_id, instrumentId: x.instrument_id, kind: x.kind, assessedOn: x.assessed_on, summary: x.summary,
    assessedBy: x.assessed_by, createdAt: x.created_at.toISOString(),
    ratings: r.rows.filter((y) => y.assessment_id === x.id)
      .map((y) => ({ dimension: y.dimension_code, risk: y.risk, resources: y.resources, comment: y.comment })),
  }));
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

export const assessments = {
  /** The instrument with its versioned dimensions and scale (reference data, no personal data: not audited). */
  async getInstrument(s: Scope, id: string): Promise<Instrument> {
    s.requireRole('assessment.read', { action: 'read', recordType: 'assessment_instrument' });
    const instrument = await findInstrument(s, id);
    if (!instrument) throw errors.notFound('Instrument');
    return instrument;
  },

  /**
   * Records an assessment on the national tool. Every dimension of the instrument must be rated exactly once, for
   * risk and for resources, each on the instrument's scale or explicitly unknown (null). A case has one start
   * assessment: progression is measured from it.
   */
  async record(s: Scope, caseId: string, input: AssessmentInput): Promise<Assessment> {
    const c = await getReachableCase(s, caseId, 'assessment.create', 'create', 'assessment');
    const instrument = await findInstrument(s, input.instrumentId);
    if (!instrument || !instrument.active) throw errors.invalidField('instrumentId', 'no such active instrument');
    const scaleValues = instrument.scale.map((x) => x.value).filter((v): v is number => v !== null);
    const fieldErrors = ratingErrors({ dimensions: instrument.dimensions.map((d) => d.code), scaleValues }, input.ratings);
    if (input.assessedOn > localToday(s.now)) fieldErrors.unshift({ field: 'assessedOn', reason: 'must not be in the future' });
    if (fieldErrors.length > 0) throw errors.validation(fieldErrors, fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; '));
    const startConflict = () => errors.conflict('The case already has a start assessment. Record a six_months, end or other assessment instead.', {
      allowed: ['six_months', 'end', 'other'],
    });
    if (input.kind === 'start') {
      const existing = await s.tx.query(`SELECT 1 FROM assessments WHERE case_id = $1 AND kind = 'start'`, [caseId]);
      if ((existing.rowCount ?? 0) > 0) throw startConflict();
    }
    let id: string;
    try {
      const a = await s.tx.query<{ id: string }>(
        `INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, summary, assessed_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [caseId, c.unit_id, instrument.id, input.kind, input.assessedOn, input.summary || null, s.actor.id, s.now],
      );
      id = a.rows[0]!.id;
    } catch (err) {
      if (isUniqueViolation(err, 'assessments_one_start_uq')) throw startConflict();
      throw err;
    }
    const params: unknown[] = [id, instrument.id];
    const values = input.ratings.map((r) => {
      params.push(r.dimension, r.risk, r.resources, r.comment || null);
      const n = params.length;
      return `($1, $2, $${n - 3}, $${n - 2}::smallint, $${n - 1}::smallint, $${n})`;
    });
    await s.tx.query(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk, resources, comment) VALUES ${values.join(', ')}`, params);
    const saved = (await findAssessmentsInTrx(s, caseId)).find((x) => x.id === id)!;
    s.audit({ action: 'create', recordType: 'assessment', recordId: id, personId: c.person_id });
    return saved;
  },

  async list(s: Scope, caseId: string): Promise<Assessment[]> {
    const c = await getReachableCase(s, caseId, 'assessment.read', 'read', 'assessment');
    const result = await findAssessmentsInTrx(s, caseId);
    s.audit({ action: 'read', recordType: 'assessment', recordId: caseId, personId: c.person_id });
    return result;
  },

  /** Progression: each later assessment against the first (shared/assessments.ts, assessmentProgression). */
  async progression(s: Scope, caseId: string) {
    const c = await getReachableCase(s, caseId, 'assessment.read', 'read', 'assessment');
    const result = assessmentProgression(await findAssessmentsInTrx(s, caseId));
    s.audit({ action: 'read', recordType: 'assessment', recordId: caseId, personId: c.person_id, criterion: 'progression' });
    return result;
  },
};
