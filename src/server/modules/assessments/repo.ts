import { reachSql, repository } from '../../access/scope.ts';
import { getReachableCase, type CaseRow } from '../cases/index.ts';
import type { Assessment, AssessmentInput, AssessmentKind, Instrument } from '../../../shared/assessments.ts';

/**
 * The assessments module's repository: the only place with SQL on assessment_instruments, assessment_dimensions,
 * assessments and assessment_ratings (docs/architecture.md, "Where SQL lives"). A case's assessments are read and
 * written only after the case's reach check (cases/index.ts, getReachableCase), and each look or write is audited
 * here with the case's person, so a service cannot skip either.
 */

interface InstrumentRow {
  id: string;
  name: string;
  version: number;
  active: boolean;
  scale: unknown;
  subject: 'person' | 'coached_relative';
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

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

/** Assessments of the actor's scope. */
export const assessmentRepo = repository((tx, s) => {
  async function findInstrument(id: string): Promise<Instrument | undefined> {
    const i = await tx.query<InstrumentRow>('SELECT id, name, version, active, scale, subject FROM assessment_instruments WHERE id = $1', [id]);
    const row = i.rows[0];
    if (!row) return undefined;
    const d = await tx.query<{ code: string; position: number; label_da: string; label_en: string }>(
      'SELECT code, position, label_da, label_en FROM assessment_dimensions WHERE instrument_id = $1 ORDER BY position, code',
      [id],
    );
    return {
      id: row.id, name: row.name, version: row.version, active: row.active,
      dimensions: d.rows.map((x) => ({ code: x.code, position: x.position, label: { da: x.label_da, en: x.label_en } })),
      scale: [...parseScale(row.scale), UNKNOWN_STEP], subject: row.subject,
    };
  }

  /** A case's assessments with their ratings (in the instrument's dimension order), oldest first. */
  async function findOfCase(caseId: string): Promise<Assessment[]> {
    const a = await tx.query<AssessmentRow>(
      `SELECT id, case_id, instrument_id, kind, to_char(assessed_on, 'YYYY-MM-DD') AS assessed_on, summary, assessed_by, created_at
       FROM assessments WHERE case_id = $1 ORDER BY assessed_on, created_at, id`,
      [caseId],
    );
    const r = await tx.query<{ assessment_id: string; dimension_code: string; risk: number | null; resources: number | null; comment: string | null }>(
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

  return {
    /** The instrument with its versioned dimensions and scale: reference data, no personal data, so not audited. */
    async instrument(id: string): Promise<Instrument | undefined> {
      s.requireRole('assessment.read', { action: 'read', recordType: 'assessment_instrument' });
      return findInstrument(id);
    },

    /**
     * The case an assessment is to be recorded on, with the instrument asked for: an unreachable case is an audited
     * 404 before anything about the input is answered.
     */
    async caseToAssess(caseId: string, instrumentId: string): Promise<{ kase: CaseRow; instrument: Instrument | undefined }> {
      const kase = await getReachableCase(s, caseId, 'assessment.create', 'create', 'assessment');
      return { kase, instrument: await findInstrument(instrumentId) };
    },

    /** Whether the (reached) case already has its one start assessment. */
    async hasStart(kase: CaseRow): Promise<boolean> {
      const existing = await tx.query(`SELECT 1 FROM assessments WHERE case_id = $1 AND kind = 'start'`, [kase.id]);
      return (existing.rowCount ?? 0) > 0;
    },

    /**
     * Records a validated assessment with its ratings on a case reached by caseToAssess, audited as a create. Null
     * when a start assessment was recorded concurrently (the unique index refused it; the transaction is aborted).
     */
    async create(kase: CaseRow, instrument: Instrument, input: AssessmentInput): Promise<Assessment | null> {
      let id: string;
      try {
        const a = await tx.query<{ id: string }>(
          `INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, summary, assessed_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [kase.id, kase.unit_id, instrument.id, input.kind, input.assessedOn, input.summary || null, s.actor.id, s.now],
        );
        id = a.rows[0]!.id;
      } catch (err) {
        if (isUniqueViolation(err, 'assessments_one_start_uq')) return null;
        throw err;
      }
      const params: unknown[] = [id, instrument.id];
      const values = input.ratings.map((r) => {
        params.push(r.dimension, r.risk, r.resources, r.comment || null);
        const n = params.length;
        return `($1, $2, $${n - 3}, $${n - 2}::smallint, $${n - 1}::smallint, $${n})`;
      });
      await tx.query(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk, resources, comment) VALUES ${values.join(', ')}`, params);
      const saved = (await findOfCase(kase.id)).find((x) => x.id === id)!;
      s.audit({ action: 'create', recordType: 'assessment', recordId: id, personId: kase.person_id });
      return saved;
    },

    /**
     * A reachable case's assessments, oldest first: one read audit row on the case, criterion naming a derived view
     * (e.g. 'progression'). An unreachable case is an audited 404.
     */
    async ofCase(caseId: string, criterion?: string): Promise<Assessment[]> {
      const kase = await getReachableCase(s, caseId, 'assessment.read', 'read', 'assessment');
      const result = await findOfCase(caseId);
      s.audit({ action: 'read', recordType: 'assessment', recordId: caseId, personId: kase.person_id, ...(criterion ? { criterion } : {}) });
      return result;
    },
  };
});

/** The cases' assessments for the citizen's access request (purpose-bound reach, Scope.accessRequestReaches; no audit row). */
export const assessmentAccessRequestRepo = repository((tx, s) => ({
  async ofCases(caseIds: readonly string[]) {
    const params: unknown[] = [caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'a', {});
    const r = await tx.query<{ id: string; case_id: string; kind: string; assessed_on: string; summary: string | null; instrument: string | null }>(
      `SELECT a.id, a.case_id, a.kind, to_char(a.assessed_on, 'YYYY-MM-DD') AS assessed_on, a.summary,
              (SELECT i.name FROM assessment_instruments i WHERE i.id = a.instrument_id) AS instrument
         FROM assessments a WHERE a.case_id = ANY($1::uuid[]) AND ${reach} ORDER BY a.assessed_on, a.id`, params);
    return r.rows;
  },
}));
