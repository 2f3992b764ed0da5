import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { loadDemoData } from '../src/server/demo/demo.ts';
import { runRetention } from '../src/server/modules/retention/index.ts';

/**
 * Records that follow another end with it (migration 0300, docs/retention.md "Records that follow another"): when the
 * retention job anonymises a closed case, an unfounded concern or a person, their documents, consents' free text,
 * corrections' history, meeting reasoning and watch flags go in the same transaction; the DPO's own records (closed
 * access requests, resolved snooping alerts) end by classes of their own. Each fixture is inserted the way its module
 * stores it, on demo data old enough to be past every period.
 */
let h: Harness;
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const DAY = 86_400_000;
const SECRET = 'Særlig oplysning om borgeren';

let caseId: string;
let concernId: string;
let personOfConcern: string;
let requestId: string;
let openRequestId: string;
let alertId: string;

beforeAll(async () => {
  h = await createHarness();
  await loadDemoData(h.ctx);
  const now = h.clock.now();
  const long = new Date(now.getTime() - 8 * 365 * DAY);
  const [staff] = await q<{ id: string }>(`SELECT id FROM users WHERE unit_id = $1 ORDER BY username LIMIT 1`, [h.units.a]);
  const [c] = await q<{ id: string; person_id: string }>(
    `SELECT id, person_id FROM cases WHERE status = 'closed' AND closed_at < $1 AND unit_id = $2 ORDER BY closed_at LIMIT 1`, [long, h.units.a]);
  caseId = c!.id;
  const [k] = await q<{ id: string; person_id: string }>(
    `SELECT k.id, k.person_id FROM concerns k WHERE k.status = 'unfounded' AND k.case_id IS NULL AND k.unit_id = $1 AND k.received_at < $2
      AND NOT EXISTS (SELECT 1 FROM cases x WHERE x.person_id = k.person_id) ORDER BY k.received_at LIMIT 1`, [h.units.a, long]);
  concernId = k!.id;
  personOfConcern = k!.person_id;

  // A consent and a document on the closed case, a document and a correction on the unfounded concern, a watch flag.
  await q(`INSERT INTO consents (unit_id, case_id, person_id, consented_to, scope, given_by, guardian_name, given_at, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $4, 'guardian', 'Mor Prøvesen', $5, $6, $5)`, [h.units.a, caseId, c!.person_id, SECRET, long, staff!.id]);
  for (const [col, id] of [['case_id', caseId], ['concern_id', concernId]] as const) {
    const doc = randomUUID();
    await q(`INSERT INTO documents (id, unit_id, ${col}, title, retention_class, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'case_closed', $5, $6, $6)`, [doc, h.units.a, id, SECRET, staff!.id, long]);
    await q(`INSERT INTO document_versions (document_id, version_no, unit_id, file_name, media_type, size_bytes, iv, auth_tag, ciphertext, scan_result, uploaded_by, uploaded_at)
             VALUES ($1, 1, $2, 'skolens-brev.pdf', 'application/pdf', 3, $3, $4, $5, 'not_scanned', $6, $7)`,
    [doc, h.units.a, Buffer.alloc(12), Buffer.alloc(16), Buffer.from('abc'), staff!.id, long]);
  }
  await q(`INSERT INTO field_history (unit_id, record_type, record_id, concern_id, person_id, field, old_value, new_value, version, changed_by, changed_at)
           VALUES ($1, 'concern', $2, $2, $3, 'behaviourDescription', $4, 'rettet', 2, $5, $6)`, [h.units.a, concernId, personOfConcern, SECRET, staff!.id, long]);
  await q(`INSERT INTO person_watch_flags (unit_id, person_id, kind, reason, flagged_by, flagged_at) VALUES ($1, $2, 'flagged', $3, $4, $5)`,
    [h.units.a, personOfConcern, SECRET, staff!.id, long]);

  // The DPO's records: a request closed long ago, one still open (a legal hold while pending), a resolved alert.
  requestId = randomUUID();
  openRequestId = randomUUID();
  for (const [id, status] of [[requestId, 'closed'], [openRequestId, 'compiling']] as const) {
    await q(`INSERT INTO access_requests (id, unit_id, received_on, identity_verified, deadline_on, status, note, registered_by, registered_at, handed_over_at, closed_at)
             VALUES ($1, $2, $3::date, 'MitID', ($3::date + 30), $4, $5, $6, $7, $8, $8)`,
    [id, h.units.a, long.toISOString().slice(0, 10), status, SECRET, staff!.id, long, status === 'closed' ? long : null]);
  }
  const [rule] = await q<{ rule: string }>('SELECT rule FROM snooping_rules ORDER BY rule LIMIT 1');
  const [alert] = await q<{ id: string }>(
    `INSERT INTO snooping_alerts (alert_key, unit_id, rule, user_id, window_start, window_end, observed, audit_seqs, status, resolution_note, resolved_by, resolved_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 30, '{}', 'resolved', $7, $4, $6, $6, $6) RETURNING id`,
    [`test:${randomUUID()}`, h.units.a, rule!.rule, staff!.id, new Date(long.getTime() - DAY), long, SECRET]);
  alertId = alert!.id;
}, 300_000);
afterAll(async () => h?.close());

describe('records that follow another end with it', () => {
  it('before the run, every fixture is there with its free text', async () => {
    expect(await q('SELECT 1 FROM documents WHERE case_id = $1 OR concern_id = $2', [caseId, concernId])).toHaveLength(2);
    expect(await q('SELECT 1 FROM consents WHERE case_id = $1 AND consented_to = $2', [caseId, SECRET])).toHaveLength(1);
  });

  it('anonymising the case and the concern deletes their documents, blanks the consent, and drops history and watch flags', async () => {
    h.clock.advance(DAY);
    await runRetention(h.ctx, { trigger: 'cli' });
    expect((await q<{ anonymised_at: Date | null }>('SELECT anonymised_at FROM cases WHERE id = $1', [caseId]))[0]!.anonymised_at).not.toBeNull();
    expect((await q<{ anonymised_at: Date | null }>('SELECT anonymised_at FROM concerns WHERE id = $1', [concernId]))[0]!.anonymised_at).not.toBeNull();
    expect(await q('SELECT 1 FROM documents WHERE case_id = $1 OR concern_id = $2', [caseId, concernId])).toEqual([]);
    expect(await q(`SELECT 1 FROM document_versions WHERE file_name = 'skolens-brev.pdf'`)).toEqual([]);
    const [consent] = await q<{ consented_to: string; guardian_name: string; given_by: string }>(
      'SELECT consented_to, guardian_name, given_by FROM consents WHERE case_id = $1', [caseId]);
    expect(consent).toEqual({ consented_to: '[anonymiseret]', guardian_name: '[anonymiseret]', given_by: 'guardian' });
    expect(await q('SELECT 1 FROM field_history WHERE concern_id = $1', [concernId])).toEqual([]);
    expect(await q('SELECT 1 FROM person_watch_flags WHERE person_id = $1', [personOfConcern])).toEqual([]);
    // Nothing anywhere still holds the secret text (the audit log aside, which has its own class).
    for (const [table, col] of [['consents', 'consented_to'], ['field_history', 'old_value'], ['person_watch_flags', 'reason'], ['documents', 'title']]) {
      expect(await q(`SELECT 1 FROM ${table} WHERE ${col} = $1`, [SECRET])).toEqual([]);
    }
  });

  it('a closed access request and a resolved alert end by their own classes; an open request stays', async () => {
    expect(await q('SELECT 1 FROM access_requests WHERE id = $1', [requestId])).toEqual([]);
    expect(await q('SELECT 1 FROM access_requests WHERE id = $1', [openRequestId])).toHaveLength(1);
    expect(await q('SELECT 1 FROM snooping_alerts WHERE id = $1', [alertId])).toEqual([]);
    const receipts = await q<{ class_key: string; counts: Record<string, number> }>(
      `SELECT class_key, counts FROM retention_receipts WHERE class_key IN ('access_request', 'snooping_alert') ORDER BY class_key`);
    expect(receipts).toEqual([
      { class_key: 'access_request', counts: { access_request: 1 } },
      { class_key: 'snooping_alert', counts: { snooping_alert: 1 } },
    ]);
  });
});
