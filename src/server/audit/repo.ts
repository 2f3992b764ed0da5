import type { Database, Queryable } from '../platform/db.ts';
import { GENESIS_HASH, rowHash, type AuditContext, type AuditEntry, type ChainFields, type ChainVersion } from './chain.ts';
import type { AnchorSet, AuditAnchor, AuditHead, ReadAnchor } from './anchor.ts';

/** The audit trail's repository: the only SQL on audit_log outside migrations (docs/architecture.md). */

/**
 * Appends entries to the audit trail inside the caller's transaction, so the audit row commits or rolls back
 * together with the work it records. The database's chain writer (vink_audit_append, migration 0060) takes the chain
 * lock, links each row to the head and hashes it; the app role has no other way to insert audit rows.
 */
export async function appendAuditInTrx(tx: Queryable, ctx: AuditContext, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const batch = entries.map((e) => ({
    action: e.action,
    outcome: e.outcome,
    record_type: e.recordType ?? null,
    record_id: e.recordId ?? null,
    person_id: e.personId ?? null,
    criterion: e.criterion ?? null,
  }));
  await tx.query('SELECT vink_audit_append($1, $2, $3, $4, $5, $6::jsonb)', [
    ctx.at, ctx.actorId, ctx.actorRole, ctx.unitId, ctx.purpose, JSON.stringify(batch),
  ]);
}

/** A row whose link or content does not match. */
export interface ChainBreak {
  seq: number;
  reason: string;
}

/** The chain's verdict in short, as the DPO's verify page shows it: whether it holds and its first broken row. */
export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

/** An anchor the trail does not match, or an anchor line that is not a valid anchor. */
export interface AnchorFinding {
  /** The anchor's row and where the anchor was read (file and line). */
  seq: number | null;
  source: string;
  line: number;
  reason: string;
}

/** The full verdict: every broken row, and the trail checked against every valid-signature anchor. */
export interface AuditTrailVerification {
  ok: boolean;
  /** Rows read. */
  checked: number;
  /** The newest row, or null for an empty trail. */
  head: { seq: number; hash: string } | null;
  /** Every row whose link or content does not match, in order. */
  broken: ChainBreak[];
  anchors: {
    /** Valid-signature anchors checked. */
    checked: number;
    /** The newest of them (highest seq), or null when there is none. */
    latest: AuditAnchor | null;
    /** Rows after the latest anchor: covered by the chain only, until the next anchor. */
    unanchoredRows: number;
    /** Every anchor the trail does not match and every anchor line that is not a valid anchor. */
    findings: AnchorFinding[];
  };
}

type ChainRow = ChainFields & { seq: number; prev_hash: string; hash: string; chain_version: ChainVersion };

/**
 * Walks the whole chain in order and names EVERY row whose link or content does not match, re-synchronising on each
 * row's own stored hash so one edited row marks that row only, and a removed row marks only the row after it.
 * With anchors (anchor.ts, already signature-checked), it also checks each one: the anchored row must exist with the
 * anchored hash, and the number of rows up to it must equal the anchored count. So rows removed from the end, an
 * emptied table and a chain rewritten and re-hashed up to the anchor are found, which the chain alone cannot show.
 */
export async function verifyAuditTrail(db: Database, opts: { anchors?: AnchorSet; batchSize?: number } = {}): Promise<AuditTrailVerification> {
  const batchSize = opts.batchSize ?? 2000;
  const broken: ChainBreak[] = [];
  const findings: AnchorFinding[] = (opts.anchors?.problems ?? []).map((p) => ({ seq: null, ...p }));
  const anchors = [...(opts.anchors?.anchors ?? [])].sort((a, b) => a.seq - b.seq || a.line - b.line);
  const missingAnchorRow = (a: ReadAnchor, rowsBefore: number) => findings.push({
    seq: a.seq, source: a.source, line: a.line,
    reason: `anchored row ${a.seq} is missing (rows were removed); ${rowsBefore} rows up to it where the anchor counted ${a.count}`,
  });
  let next = 0; // the next anchor to check, by seq
  let prev = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  let head: { seq: number; hash: string } | null = null;
  for (;;) {
    const batch = await db.transaction((tx) =>
      tx.query<ChainRow>(
        `SELECT seq::bigint AS seq, at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id,
                purpose, criterion, prev_hash, hash, chain_version
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, batchSize],
      ),
    );
    for (const row of batch.rows) {
      while (next < anchors.length && anchors[next]!.seq < row.seq) missingAnchorRow(anchors[next++]!, checked);
      const reasons: string[] = [];
      if (row.prev_hash !== prev) reasons.push('previous-hash link does not match the row before (a row was removed or reordered)');
      if (row.chain_version !== 1 && row.chain_version !== 2) reasons.push('unknown chain version (the row was altered)');
      // The content is checked against the row's own stored link, so a removed predecessor is not also an edit.
      else if (rowHash(row.chain_version, row.prev_hash, row) !== row.hash) reasons.push('content does not match its hash (the row was altered)');
      if (reasons.length) broken.push({ seq: row.seq, reason: reasons.join('; ') });
      prev = row.hash;
      afterSeq = row.seq;
      checked++;
      head = { seq: row.seq, hash: row.hash };
      while (next < anchors.length && anchors[next]!.seq === row.seq) {
        const a = anchors[next++]!;
        if (a.hash !== row.hash) {
          findings.push({ seq: a.seq, source: a.source, line: a.line, reason: `anchored row ${a.seq} has another hash than anchored (the trail was rewritten up to it)` });
        }
        if (a.count !== checked) {
          findings.push({ seq: a.seq, source: a.source, line: a.line, reason: `${checked} rows up to row ${a.seq} where the anchor counted ${a.count} (rows were removed or added)` });
        }
      }
    }
    if (batch.rows.length < batchSize) break;
  }
  while (next < anchors.length) missingAnchorRow(anchors[next++]!, checked);
  const latest = anchors.at(-1) ?? null;
  const unanchoredRows = latest ? Math.max(0, checked - latest.count) : checked;
  return {
    ok: broken.length === 0 && findings.length === 0,
    checked,
    head,
    broken,
    anchors: { checked: anchors.length, latest: latest && stripSource(latest), unanchoredRows, findings },
  };
}

function stripSource(a: ReadAnchor): AuditAnchor {
  return { v: a.v, seq: a.seq, hash: a.hash, count: a.count, at: a.at, mac: a.mac };
}

/** The chain alone, in short (the DPO's verify page): every row is still checked, the first broken one is named. */
export async function verifyAuditChain(db: Database, batchSize = 2000): Promise<ChainVerification> {
  const r = await verifyAuditTrail(db, { batchSize });
  return { ok: r.broken.length === 0, checked: r.checked, firstBroken: r.broken[0] ?? null };
}

/**
 * The head to anchor, read in one statement (one snapshot): the newest row and the number of rows up to it. Appends
 * hold the chain lock until they commit (migration 0060), so a snapshot always sees a whole prefix of the chain.
 */
export async function readAuditHeadInTrx(tx: Queryable): Promise<AuditHead | null> {
  const r = await tx.query<AuditHead>(
    `SELECT h.seq::bigint AS seq, h.hash, (SELECT count(*) FROM audit_log WHERE seq <= h.seq)::bigint AS count
       FROM (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) h`,
  );
  return r.rows[0] ?? null;
}

/** The anchor writer's lock: with several instances, one writes each anchor. Transaction-scoped. */
export const AUDIT_ANCHOR_LOCK = 7_357_040;

/** Takes the anchor lock in this transaction: waits for it, or (wait false) gives up at once and returns false. */
export async function lockAuditAnchorInTrx(tx: Queryable, wait: boolean): Promise<boolean> {
  if (wait) {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_ANCHOR_LOCK]);
    return true;
  }
  const r = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [AUDIT_ANCHOR_LOCK]);
  return r.rows[0]?.locked === true;
}

/**
 * For a refused attempt the actor never got the record, so the service could not name its person. The refusal is
 * written in system context, which may look the person up: a citizen's access request (GDPR Art. 15) must show
 * refused attempts on their records too. The person id goes only into the audit row, never back to the actor.
 */
export async function personOfRecordInTrx(tx: Queryable, recordId: string): Promise<string | null> {
  const r = await tx.query<{ person_id: string | null }>(
    `SELECT coalesce(
       (SELECT id FROM persons WHERE id = $1),
       (SELECT person_id FROM cases WHERE id = $1),
       (SELECT person_id FROM concerns WHERE id = $1),
       (SELECT c.person_id FROM courses x JOIN cases c ON c.id = x.case_id WHERE x.id = $1),
       (SELECT c.person_id FROM offers x JOIN cases c ON c.id = x.case_id WHERE x.id = $1),
       (SELECT c.person_id FROM follow_ups x JOIN cases c ON c.id = x.case_id WHERE x.id = $1)
     ) AS person_id`,
    [recordId],
  );
  return r.rows[0]?.person_id ?? null;
}
