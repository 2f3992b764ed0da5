import { repository, systemRepository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';

/**
 * The only SQL on the cross-unit index of keyed CPR hashes (migration 0380; docs/security.md, "Already known
 * elsewhere"). The application role never reads the index, the questions or the answers: it asks through
 * vink_known_person_ask and reads a person's questions through vink_known_person_questions_for, both checked in the
 * database. It reads and writes only its own unit's setting.
 */

interface SettingsRow { unit_id: string; enabled: boolean; contact: string | null; version: number }
export interface AnswerRow {
  question_id: string; unit_id: string | null; unit_name: string | null; outcome: 'known' | 'switched_off' | null;
  contact: string | null; coordinators: string | null; person_id: string | null; asking_person_id: string | null;
}
export interface QuestionForPersonRow {
  question_id: string; asked_at: Date; asking_unit: string; purpose: string; side: 'asked' | 'answered'; answer: string;
}

export const knownPersonRepo = repository((tx, s) => ({
  /** The actor's unit's setting; a unit without a row takes part (the default) and has no contact yet. */
  async settings(): Promise<SettingsRow> {
    const r = await tx.query<SettingsRow>('SELECT unit_id, enabled, contact, version FROM known_person_settings WHERE unit_id = $1', [s.actor.unitId]);
    return r.rows[0] ?? { unit_id: s.actor.unitId, enabled: true, contact: null, version: 0 };
  },

  /** Writes the setting at the version the client saw (0: never set); a stale version is a 409. */
  async saveSettings(input: { enabled: boolean; contact: string | null | undefined; version: number }): Promise<SettingsRow> {
    const current = await this.settings();
    if (current.version !== input.version) throw errors.staleVersion(current.version);
    const contact = input.contact === undefined ? current.contact : input.contact;
    const r = current.version === 0
      ? await tx.query<SettingsRow>(
        `INSERT INTO known_person_settings (unit_id, enabled, contact, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (unit_id) DO NOTHING RETURNING unit_id, enabled, contact, version`,
        [s.actor.unitId, input.enabled, contact, s.actor.id, s.now])
      : await tx.query<SettingsRow>(
        `UPDATE known_person_settings SET enabled = $2, contact = $3, updated_by = $4, updated_at = $5, version = version + 1
          WHERE unit_id = $1 AND version = $6 RETURNING unit_id, enabled, contact, version`,
        [s.actor.unitId, input.enabled, contact, s.actor.id, s.now, input.version]);
    const row = r.rows[0];
    if (!row) throw errors.staleVersion(current.version + 1);
    s.audit({ action: 'update', recordType: 'known_person_settings', recordId: null,
      criterion: `already-known question ${input.enabled ? 'switched on' : 'switched off'} for the unit` });
    return row;
  },

  /** Asks the database (vink_known_person_ask): records the question and the answers, returns one row per unit. */
  async ask(cprKey: string, purpose: string): Promise<AnswerRow[]> {
    const r = await tx.query<AnswerRow>('SELECT * FROM vink_known_person_ask($1, $2, $3)', [cprKey, purpose, s.now]);
    return r.rows;
  },

  /** The questions about a person of the actor's unit (the DPO under the purpose access_request only). */
  async questionsFor(personId: string): Promise<QuestionForPersonRow[]> {
    return (await tx.query<QuestionForPersonRow>('SELECT * FROM vink_known_person_questions_for($1)', [personId])).rows;
  },
}));

/**
 * The system path (runAsSystem 'cpr_index'): hashes the CPR numbers of the persons the database queued
 * (known_person_pending) into the index. A key is written only while the person still has the CPR number that was
 * hashed, so a change made meanwhile queues the person again instead of leaving a stale key.
 */
export const cprIndexRepo = systemRepository((tx) => ({
  async pending(limit: number): Promise<{ id: string; cpr: string }[]> {
    return (await tx.query<{ id: string; cpr: string }>(
      `SELECT p.id, p.cpr FROM known_person_pending q JOIN persons p ON p.id = q.person_id WHERE p.cpr IS NOT NULL ORDER BY q.person_id LIMIT $1`,
      [limit])).rows;
  },
  async store(rows: { id: string; cpr: string; key: string }[]): Promise<number> {
    const r = await tx.query(
      `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, cpr, key)),
            ok AS (SELECT x.id, x.key FROM x JOIN persons p ON p.id = x.id AND p.cpr = x.cpr),
            ins AS (INSERT INTO known_person_keys (person_id, cpr_key) SELECT id, key FROM ok
                    ON CONFLICT (person_id) DO UPDATE SET cpr_key = EXCLUDED.cpr_key RETURNING person_id)
       DELETE FROM known_person_pending WHERE person_id IN (SELECT person_id FROM ins)`,
      [rows.map((r) => r.id), rows.map((r) => r.cpr), rows.map((r) => r.key)]);
    return r.rowCount ?? 0;
  },
  /** Queued persons whose CPR number is gone by now. */
  async dropStale(): Promise<void> {
    await tx.query('DELETE FROM known_person_pending q USING persons p WHERE p.id = q.person_id AND p.cpr IS NULL');
  },
}));
