import { repository, type Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { VocabularyAddInput, VocabularyName, VocabularyPatch } from '../../../shared/vocabularies.ts';

/**
 * The vocabularies module's repository (docs/domain.md, "Vocabularies"; migration 0360): the only SQL on the
 * vocabulary tables and their label history. The counts of values read the unit's concerns, calls, offers, course
 * sessions and activities as figures only (like plans/repo.ts, docs/architecture.md "Figures"): row-level security
 * keeps them to the actor's units, no record leaves this file.
 */

/** Each vocabulary's table (whether records in any unit use an entry is vink_vocabulary_in_use, migration 0360). */
const TABLES: Record<VocabularyName, { table: string }> = {
  behaviour_indicator: { table: 'behaviour_indicators' },
  offer_type: { table: 'offer_types' },
  activity_kind: { table: 'activity_kinds' },
  session_form: { table: 'session_forms' },
  reporter_sector: { table: 'reporter_sectors' },
  audience_sector: { table: 'audience_sectors' },
  category: { table: 'concern_categories' },
  online_platform: { table: 'online_platforms' },
};

interface EntryRow { code: string; label_da: string; label_en: string; position: number; active: boolean; version: number }
const COLUMNS = 'code, label_da, label_en, position, active, version';
const entryShape = (r: EntryRow) => ({
  code: r.code, labelDa: r.label_da, labelEn: r.label_en, position: r.position, active: r.active, version: r.version,
});

const TZ = `'Europe/Copenhagen'`;
/** $p, $p+1 (by default $4, $5): the first and last local date of the period. */
const inPeriod = (col: string, p = 4) =>
  `${col} >= ($${p}::date::timestamp AT TIME ZONE ${TZ}) AND ${col} < (($${p + 1}::date + 1)::timestamp AT TIME ZONE ${TZ})`;
const inPeriodDate = (col: string) => `${col} BETWEEN $4::date AND $5::date`;

/**
 * Per vocabulary, one query of (code, n, calls) for unit $3 in the period $4..$5 ($1 and $2 are the vocabulary and
 * the period's end, for the labels). Concerns by receipt, offers by the moment offered, sessions and activities by
 * the day held.
 */
const COUNTS: Record<VocabularyName, string> = {
  behaviour_indicator: `SELECT b.indicator_code AS code, count(DISTINCT k.id)::int AS n, NULL::int AS calls
    FROM concern_behaviours b JOIN concerns k ON k.id = b.concern_id WHERE k.unit_id = $3 AND ${inPeriod('k.received_at')} GROUP BY 1`,
  category: `SELECT code, sum(n)::int AS n, sum(c)::int AS calls FROM (
      SELECT category AS code, 1 AS n, 0 AS c FROM concerns k WHERE k.unit_id = $3 AND category IS NOT NULL AND ${inPeriod('k.received_at')}
      UNION ALL SELECT category, 0, 1 FROM calls a WHERE a.unit_id = $3 AND category IS NOT NULL AND ${inPeriod('a.received_at')}) x GROUP BY 1`,
  online_platform: `SELECT code, sum(n)::int AS n, sum(c)::int AS calls FROM (
      SELECT online_platform AS code, 1 AS n, 0 AS c FROM concerns k WHERE k.unit_id = $3 AND online_platform IS NOT NULL AND ${inPeriod('k.received_at')}
      UNION ALL SELECT online_platform, 0, 1 FROM calls a WHERE a.unit_id = $3 AND online_platform IS NOT NULL AND ${inPeriod('a.received_at')}) x GROUP BY 1`,
  reporter_sector: `SELECT reporter_sector AS code, count(*)::int AS n, NULL::int AS calls FROM concerns k
    WHERE k.unit_id = $3 AND reporter_sector IS NOT NULL AND ${inPeriod('k.received_at')} GROUP BY 1`,
  offer_type: `SELECT type AS code, count(*)::int AS n, NULL::int AS calls FROM offers o WHERE o.unit_id = $3 AND ${inPeriod('o.offered_at')} GROUP BY 1`,
  session_form: `SELECT form AS code, count(*)::int AS n, NULL::int AS calls FROM course_sessions s WHERE s.unit_id = $3 AND ${inPeriodDate('s.held_on')} GROUP BY 1`,
  activity_kind: `SELECT kind AS code, count(*)::int AS n, NULL::int AS calls FROM activities a WHERE a.unit_id = $3 AND ${inPeriodDate('a.held_on')} GROUP BY 1`,
  audience_sector: `SELECT audience_sector AS code, count(*)::int AS n, NULL::int AS calls FROM activities a
    WHERE a.unit_id = $3 AND ${inPeriodDate('a.held_on')} GROUP BY 1`,
};

/** An entry's label as it was at a moment: the last history row that took effect at or before it. */
const LABEL_AT = `SELECT h.label_da, h.label_en FROM vocabulary_labels h WHERE h.vocabulary = $1 AND h.code = e.code AND h.valid_from <= $2
                   ORDER BY h.valid_from DESC, h.id DESC LIMIT 1`;

/**
 * The smallest count shown to an analyst, as plans/suppression.ts SMALL_COUNT (docs/security.md). Kept here rather
 * than imported, so that modules checking their codes here (concerns, offers, courses, prevention) never depend on
 * the plans module.
 */
const SMALL_COUNT = 5;

/** Whether the actor sees exact counts; else counts 1–4 are suppressed (the same rule as plans/policy.ts). */
function exactCounts(s: Scope): boolean {
  return s.reaches('statistics.drilldown').includes('unit');
}
const shown = (n: number | null, exact: boolean) => (n === null ? null : exact || n === 0 || n >= SMALL_COUNT ? n : null);

export const vocabularyRepo = repository((tx, s) => ({
  /**
   * Every entry of a vocabulary, active or not, for forms (which offer the active ones) and pages (which label old
   * records with any). Reference data without personal data: not audited when allowed.
   */
  async entries(vocabulary: VocabularyName) {
    s.requireRole('vocabulary.read', { action: 'read', recordType: 'vocabulary', criterion: vocabulary });
    const r = await tx.query<EntryRow>(`SELECT ${COLUMNS} FROM ${TABLES[vocabulary].table} ORDER BY position, code`);
    return r.rows.map(entryShape);
  },

  /** Which of codes are active entries of the vocabulary (the runtime check of a field that names one). */
  async activeCodes(vocabulary: VocabularyName, codes: readonly string[]): Promise<string[]> {
    const r = await tx.query<{ code: string }>(`SELECT code FROM ${TABLES[vocabulary].table} WHERE code = ANY($1::text[]) AND active`, [codes]);
    return r.rows.map((x) => x.code);
  },

  /** Which of codes are entries of the vocabulary, active or retired (the check of a filter value). */
  async knownCodes(vocabulary: VocabularyName, codes: readonly string[]): Promise<string[]> {
    const r = await tx.query<{ code: string }>(`SELECT code FROM ${TABLES[vocabulary].table} WHERE code = ANY($1::text[])`, [codes]);
    return r.rows.map((x) => x.code);
  },

  /** The administrator's view: entries with whether any record uses them and their label history. Audited. */
  async adminEntries(vocabulary: VocabularyName) {
    s.requireRole('vocabulary.manage', { action: 'read', recordType: 'vocabulary', criterion: vocabulary });
    const { table } = TABLES[vocabulary];
    const r = await tx.query<EntryRow & { in_use: boolean; history: { labelDa: string; labelEn: string; active: boolean; validFrom: string | null }[] }>(
      `SELECT ${COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}, vink_vocabulary_in_use($1, e.code) AS in_use,
              coalesce((SELECT json_agg(json_build_object('labelDa', h.label_da, 'labelEn', h.label_en, 'active', h.active,
                          'validFrom', CASE WHEN h.valid_from = '-infinity' THEN NULL ELSE to_char(h.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END)
                          ORDER BY h.valid_from, h.id)
                  FROM vocabulary_labels h WHERE h.vocabulary = $1 AND h.code = e.code), '[]'::json) AS history
         FROM ${table} e ORDER BY e.position, e.code`, [vocabulary]);
    s.audit({ action: 'read', recordType: 'vocabulary', criterion: vocabulary });
    return r.rows.map((x) => ({ ...entryShape(x), inUse: x.in_use, history: x.history }));
  },

  /** Adds an entry; a code already there (active or not) is a 409. */
  async add(vocabulary: VocabularyName, input: VocabularyAddInput) {
    s.requireRole('vocabulary.manage', { action: 'create', recordType: 'vocabulary', criterion: `${vocabulary}:${input.code}` });
    const { table } = TABLES[vocabulary];
    const r = await tx.query<EntryRow>(
      `INSERT INTO ${table} (code, label_da, label_en, position, updated_at)
       VALUES ($1, $2, $3, coalesce($4, (SELECT coalesce(max(position), 0) + 1 FROM ${table})), $5)
       ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [input.code, input.labelDa, input.labelEn, input.position ?? null, s.now]);
    const row = r.rows[0];
    if (!row) throw errors.conflict(`${vocabulary} ${input.code} exists already: rename or reactivate it instead`);
    await this.recordLabel(vocabulary, row);
    s.audit({ action: 'create', recordType: 'vocabulary', criterion: `${vocabulary}:${input.code}` });
    return entryShape(row);
  },

  /** Adding to a vocabulary whose codes are still checked in code (ADDABLE_VOCABULARIES): 409 after the role check. */
  async addRefused(vocabulary: VocabularyName, code: string): Promise<never> {
    s.requireRole('vocabulary.manage', { action: 'create', recordType: 'vocabulary', criterion: `${vocabulary}:${code}` });
    throw errors.conflict(`${vocabulary} can be renamed and deactivated, not added to: its codes are still checked in the program (docs/domain.md, "Vocabularies")`);
  },

  /** Renames, moves or (de)activates an entry at the version read: unknown 404, stale 409. A new label is history. */
  async change(vocabulary: VocabularyName, code: string, patch: VocabularyPatch) {
    const criterion = `${vocabulary}:${code}`;
    s.requireRole('vocabulary.manage', { action: 'update', recordType: 'vocabulary', criterion });
    const { table } = TABLES[vocabulary];
    const cur = (await tx.query<EntryRow>(`SELECT ${COLUMNS} FROM ${table} WHERE code = $1 FOR UPDATE`, [code])).rows[0];
    if (!cur) return s.refuse({ action: 'update', recordType: 'vocabulary', criterion }, errors.notFound('Vocabulary entry'));
    if (cur.version !== patch.version) throw errors.staleVersion(cur.version);
    const r = await tx.query<EntryRow>(
      `UPDATE ${table} SET label_da = coalesce($2, label_da), label_en = coalesce($3, label_en), position = coalesce($4, position),
              active = coalesce($5, active), version = version + 1, updated_at = $6 WHERE code = $1 RETURNING ${COLUMNS}`,
      [code, patch.labelDa ?? null, patch.labelEn ?? null, patch.position ?? null, patch.active ?? null, s.now]);
    const row = r.rows[0]!;
    if (row.label_da !== cur.label_da || row.label_en !== cur.label_en || row.active !== cur.active) await this.recordLabel(vocabulary, row);
    const changed = (['label_da', 'label_en', 'position', 'active'] as const).filter((k) => row[k] !== cur[k]);
    s.audit({ action: 'update', recordType: 'vocabulary', criterion: `${criterion} ${changed.join(',') || 'unchanged'}` });
    return entryShape(row);
  },

  /** One row of label history: the entry's words and state from now on. */
  async recordLabel(vocabulary: VocabularyName, row: EntryRow) {
    await tx.query(
      `INSERT INTO vocabulary_labels (vocabulary, code, label_da, label_en, active, valid_from, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [vocabulary, row.code, row.label_da, row.label_en, row.active, s.now, s.actor.id]);
  },

  /**
   * The counts of every vocabulary's values in the actor's unit and the period (local dates from..to), each labelled
   * as at the end of the period and as now; values never used in the period are listed with 0 only while active.
   * Analysts get counts of 1–4 suppressed. One audit row (a figure, no record).
   */
  async counts(from: string, to: string) {
    s.requireRole('statistics.read', { action: 'search', recordType: 'vocabulary_counts', criterion: `${from}..${to}` });
    const exact = exactCounts(s);
    const end = (await tx.query<{ end: Date }>(`SELECT (($1::date + 1)::timestamp AT TIME ZONE ${TZ}) AS end`, [to])).rows[0]!.end;
    const rows = [];
    for (const vocabulary of Object.keys(TABLES) as VocabularyName[]) {
      const r = await tx.query<EntryRow & { n: number | null; calls: number | null; then_da: string | null; then_en: string | null }>(
        `WITH c AS (${COUNTS[vocabulary]})
         SELECT ${COLUMNS.split(', ').map((x) => `e.${x}`).join(', ')}, c.n, c.calls,
                (SELECT t.label_da FROM (${LABEL_AT}) t) AS then_da, (SELECT t.label_en FROM (${LABEL_AT}) t) AS then_en
           FROM ${TABLES[vocabulary].table} e LEFT JOIN c ON c.code = e.code
          WHERE e.active OR c.n > 0 OR c.calls > 0
          ORDER BY e.position, e.code`,
        [vocabulary, end, s.actor.unitId, from, to]);
      for (const x of r.rows) {
        rows.push({
          vocabulary, code: x.code, labelDa: x.then_da ?? x.label_da, labelEn: x.then_en ?? x.label_en,
          currentLabelDa: x.label_da, currentLabelEn: x.label_en, active: x.active,
          count: shown(x.n ?? 0, exact), calls: x.calls === null && !['category', 'online_platform'].includes(vocabulary) ? null : shown(x.calls ?? 0, exact),
        });
      }
    }
    const f = (await tx.query<{ online_concerns: number; online_calls: number; returnee: number }>(
      `SELECT (SELECT count(*) FROM concerns k WHERE k.unit_id = $1 AND k.online AND ${inPeriod('k.received_at', 2)})::int AS online_concerns,
              (SELECT count(*) FROM calls a WHERE a.unit_id = $1 AND a.online AND ${inPeriod('a.received_at', 2)})::int AS online_calls,
              (SELECT count(*) FROM concerns k WHERE k.unit_id = $1 AND k.returnee AND ${inPeriod('k.received_at', 2)})::int AS returnee`,
      [s.actor.unitId, from, to])).rows[0]!;
    s.audit({ action: 'search', recordType: 'vocabulary_counts', criterion: `${from}..${to}` });
    return {
      from, to, exactCounts: exact, rows,
      flags: { onlineConcerns: shown(f.online_concerns, exact), onlineCalls: shown(f.online_calls, exact), returneeConcerns: shown(f.returnee, exact) },
    };
  },
}));
