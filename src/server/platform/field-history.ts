import type { Queryable } from './db.ts';

/**
 * The one field-level history of corrections (docs/domain.md, "Corrections"; migration 0250): every corrected record
 * type writes here, through its own repository, in the transaction of the correction. Rows are never changed. The
 * repository that owns the record has already reached it for its correct action and audits the change; this file only
 * keeps the rows.
 */

export type HistoryRecordType = 'concern' | 'call' | 'person' | 'infohus_assessment' | 'offer';

/** A field's value as the history keeps it: text, or null for empty. Arrays are sorted and joined, dates ISO. */
export type HistoryValue = string | null;

export interface FieldDiff {
  field: string;
  oldValue: HistoryValue;
  newValue: HistoryValue;
}

/** Turns a value into the history's text form (stable, so equal values compare equal). */
export function historyValue(v: unknown): HistoryValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return [...v].map(String).sort().join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The fields of after that differ from before (only the keys after names). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const oldValue = historyValue(before[field]);
    const newValue = historyValue(value);
    if (oldValue !== newValue) out.push({ field, oldValue, newValue });
  }
  return out;
}

export interface HistoryRecord {
  type: HistoryRecordType;
  id: string;
  unitId: string;
  /** The concern the record belongs to, if any (row-level security follows it). */
  concernId: string | null;
  personId: string | null;
  /** The record's version after the correction. */
  version: number;
}

/** Writes one row per changed field, in the caller's transaction. */
export async function recordFieldChangesInTrx(tx: Queryable, rec: HistoryRecord, changes: readonly FieldDiff[], by: { actorId: string; at: Date }): Promise<void> {
  for (const c of changes) {
    await tx.query(
      `INSERT INTO field_history (unit_id, record_type, record_id, concern_id, person_id, field, old_value, new_value, version, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [rec.unitId, rec.type, rec.id, rec.concernId, rec.personId, c.field, c.oldValue, c.newValue, rec.version, by.actorId, by.at],
    );
  }
}

/** The history of one record, oldest first, with who made each change. The caller has reached the record and audits. */
export async function fieldHistoryInTrx(tx: Queryable, type: HistoryRecordType, id: string) {
  const r = await tx.query<{ field: string; old_value: string | null; new_value: string | null; version: number; changed_at: Date; changed_by: string; display_name: string }>(
    `SELECT h.field, h.old_value, h.new_value, h.version, h.changed_at, h.changed_by, u.display_name
       FROM field_history h JOIN users u ON u.id = h.changed_by
      WHERE h.record_type = $1 AND h.record_id = $2 ORDER BY h.changed_at, h.version, h.field`,
    [type, id],
  );
  return r.rows.map((x) => ({
    field: x.field, oldValue: x.old_value, newValue: x.new_value, version: x.version, changedAt: x.changed_at.toISOString(),
    changedBy: { id: x.changed_by, displayName: x.display_name },
  }));
}

/**
 * Access requests (docs/security.md, "Access requests"): the corrections of the citizen's records (the person, their
 * concerns and the records named), oldest first: which field, from what, to what, when, and never who. Row-level
 * security (migration 0250) shows a concern's history exactly when the concern is visible; unitIds narrows to the
 * actor's units. The caller has the access-request reach and audits its one read.
 */
export async function fieldHistoryForAccessRequestInTrx(tx: Queryable, q: { personId: string; concernIds: readonly string[]; recordIds: readonly string[]; unitIds: readonly string[] }) {
  const r = await tx.query<{ id: string; record_type: HistoryRecordType; field: string; old_value: string | null; new_value: string | null; changed_at: Date }>(
    `SELECT h.id, h.record_type, h.field, h.old_value, h.new_value, h.changed_at FROM field_history h
      WHERE (h.person_id = $1 OR h.concern_id = ANY($2::uuid[]) OR h.record_id = ANY($3::uuid[])) AND h.unit_id = ANY($4::uuid[])
      ORDER BY h.changed_at, h.version, h.field, h.id`,
    [q.personId, q.concernIds, q.recordIds, q.unitIds],
  );
  return r.rows;
}

/** The histories of several records of one type at once (a case's offers), by record id, oldest first each. */
export async function fieldHistoriesInTrx(tx: Queryable, type: HistoryRecordType, ids: readonly string[]) {
  const out = new Map<string, Awaited<ReturnType<typeof fieldHistoryInTrx>>>();
  if (ids.length === 0) return out;
  const r = await tx.query<{ record_id: string; field: string; old_value: string | null; new_value: string | null; version: number; changed_at: Date; changed_by: string; display_name: string }>(
    `SELECT h.record_id, h.field, h.old_value, h.new_value, h.version, h.changed_at, h.changed_by, u.display_name
       FROM field_history h JOIN users u ON u.id = h.changed_by
      WHERE h.record_type = $1 AND h.record_id = ANY($2::uuid[]) ORDER BY h.changed_at, h.version, h.field`,
    [type, ids],
  );
  for (const x of r.rows) {
    const list = out.get(x.record_id) ?? [];
    list.push({
      field: x.field, oldValue: x.old_value, newValue: x.new_value, version: x.version, changedAt: x.changed_at.toISOString(),
      changedBy: { id: x.changed_by, displayName: x.display_name },
    });
    out.set(x.record_id, list);
  }
  return out;
}
