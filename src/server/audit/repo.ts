import type { Database, Queryable } from '../platform/db.ts';
import { maskCprsInText } from '../../shared/cpr.ts';
import { contentHash, contentHashV4, GENESIS_HASH, linkHash, rowHash, type AuditContext, type AuditEntry, type ChainFields, type ChainVersion } from './chain.ts';
import { anchorMac, monthCheckpointKey, signAnchor, type AnchorSet, type AuditAnchor, type AuditHead, type ReadAnchor } from './anchor.ts';
import { timingSafeEqual } from 'node:crypto';

/** The audit trail's repository: the only SQL on audit_log outside migrations (docs/architecture.md). */

/**
 * Appends entries to the audit trail inside the caller's transaction, so the audit row commits or rolls back
 * together with the work it records. The database's writer (vink_audit_append, migrations 0060 and 0130) stores each
 * row with a hash of its content, unlinked and without any lock, so audited requests never wait on each other; the
 * sealer links committed rows into the chain within about a second (sealAuditTrail). The app role has no other way
 * to insert audit rows. A named statement: prepared once per connection.
 */
export async function appendAuditInTrx(tx: Queryable, ctx: AuditContext, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const batch = entries.map((e) => ({
    action: e.action,
    outcome: e.outcome,
    record_type: e.recordType ?? null,
    record_id: e.recordId ?? null,
    person_id: e.personId ?? null,
    // No CPR number is stored in the log, whoever wrote the criterion (docs/security.md, "The audit trail").
    criterion: e.criterion == null ? null : maskCprsInText(e.criterion),
  }));
  // The writer reads the reason from this transaction-local setting, stores it and hashes it (migrations 0220, 0310).
  if (ctx.reason) await tx.query({ name: 'vink_audit_reason', text: `SELECT set_config('vink.audit_reason', $1, true)` }, [ctx.reason]);
  await tx.query({ name: 'vink_audit_append', text: 'SELECT vink_audit_append($1, $2, $3, $4, $5, $6::jsonb)' }, [
    ctx.at, ctx.actorId, ctx.actorRole, ctx.unitId, ctx.purpose, JSON.stringify(batch),
  ]);
}

/** Unsealed rows older than this raise the alarm (docs/security.md, "The audit trail"). */
export const UNSEALED_ALARM_MS = 60_000;

/** Rows the sealer has not linked yet: how many, the oldest one's time, and how many are older than the bound. */
export interface UnsealedState {
  count: number;
  oldestAt: string | null;
  /** Rows older than UNSEALED_ALARM_MS at `now`: the alarm. A running sealer links rows within about a second. */
  overdue: number;
}

/** The unsealed rows as of now (the caller's clock), from the partial index of unsealed rows (migration 0130). */
export async function unsealedStateInTrx(tx: Queryable, now: Date): Promise<UnsealedState> {
  const r = await tx.query<{ count: number; oldest: Date | null; overdue: number }>(
    `SELECT count(*)::int AS count, min(at) AS oldest, (count(*) FILTER (WHERE at < $1))::int AS overdue FROM audit_log WHERE hash IS NULL`,
    [new Date(now.getTime() - UNSEALED_ALARM_MS)],
  );
  const row = r.rows[0]!;
  return { count: row.count, oldestAt: row.oldest ? row.oldest.toISOString() : null, overdue: row.overdue };
}

/** The sealer's batch size: small, so a sealing transaction holds its lock briefly. */
export const SEAL_BATCH = 500;

/**
 * Links up to limit committed unsealed rows onto the chain's head in this transaction (vink_audit_seal, migration
 * 0130), under the sealer's transaction-level try-lock. Returns how many it sealed, or null when another transaction
 * holds the lock. Must run as the owner (system context): the app role cannot update audit_log.
 */
export async function sealAuditInTrx(tx: Queryable, limit = SEAL_BATCH): Promise<number | null> {
  const r = await tx.query<{ sealed: number | null }>({ name: 'vink_audit_seal', text: 'SELECT vink_audit_seal($1) AS sealed' }, [limit]);
  return r.rows[0]?.sealed ?? null;
}

/**
 * Seals every committed unsealed row, batch by batch, each batch in its own short transaction on db (as the owner).
 * Stops when a batch finds nothing, or when another instance holds the sealer's lock (it is sealing them).
 */
export async function sealAuditTrail(db: Database, opts: { batch?: number; maxBatches?: number } = {}): Promise<{ sealed: number; locked: boolean }> {
  let sealed = 0;
  for (let i = 0; i < (opts.maxBatches ?? Number.POSITIVE_INFINITY); i++) {
    const n = await db.transaction((tx) => sealAuditInTrx(tx, opts.batch ?? SEAL_BATCH));
    if (n === null) return { sealed, locked: true };
    sealed += n;
    if (n < (opts.batch ?? SEAL_BATCH)) break;
  }
  return { sealed, locked: false };
}

/** A row whose link or content does not match. */
export interface ChainBreak {
  /** The row's chain position (its seq unless it was sealed after rows with a higher seq). */
  seq: number;
  reason: string;
}

/** The chain's verdict in short, as the DPO's verify page shows it: whether it holds and its first broken row. */
export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
  /** Rows waiting to be sealed when the check began, and the alarm for those older than the bound. */
  unsealed: UnsealedState;
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
  /** Rows waiting to be sealed when the check began (then sealed by it), and the alarm for those older than the bound. */
  unsealed: UnsealedState;
}

type ChainRow = ChainFields & {
  pos: number; seq: number; prev_hash: string; hash: string; chain_version: ChainVersion; content_hash: string | null;
};

/** Why a row's hash does not hold, or null when it does. */
function contentProblem(row: ChainRow): string | null {
  const altered = 'content does not match its hash (the row was altered)';
  if (row.chain_version === 1 || row.chain_version === 2) return rowHash(row.chain_version, row.prev_hash, row) === row.hash ? null : altered;
  if (row.chain_version !== 3 && row.chain_version !== 4) return 'unknown chain version (the row was altered)';
  // Version 4 covers the reason too (migration 0310); version 3 rows keep verifying without it.
  const content = row.chain_version === 4 ? contentHashV4(row) : contentHash(row);
  // Both: the stored content hash must be the content's, and the link must be over the content as it is now.
  return content === row.content_hash && linkHash(row.prev_hash, row.pos, row.seq, content) === row.hash ? null : altered;
}

/**
 * Walks the whole sealed chain in chain order and names EVERY row whose link or content does not match,
 * re-synchronising on each row's own stored hash so one edited row marks that row only, and a removed row marks only
 * the row after it. With anchors (anchor.ts, already signature-checked), it also checks each one: the anchored row
 * must exist with the anchored hash, and the number of rows up to it must equal the anchored count. So rows removed
 * from the end, an emptied table and a chain rewritten and re-hashed up to the anchor are found, which the chain
 * alone cannot show.
 *
 * Rows are named by their chain position ("row N"): the seq for rows before migration 0130, and for sealed rows the
 * position the sealer gave them, which equals their seq unless their transaction committed late. Unless seal is
 * false it first reads the unsealed rows (the alarm: rows older than UNSEALED_ALARM_MS at now) and then seals every
 * committed row, so the walk covers everything committed before it started.
 */
export async function verifyAuditTrail(
  db: Database,
  opts: { anchors?: AnchorSet; batchSize?: number; seal?: boolean; now?: Date; checkpointKey?: Buffer | null } = {},
): Promise<AuditTrailVerification> {
  const batchSize = opts.batchSize ?? 2000;
  const unsealed = await db.transaction((tx) => unsealedStateInTrx(tx, opts.now ?? new Date()));
  if (opts.seal !== false) await sealAuditTrail(db);
  const broken: ChainBreak[] = [];
  const findings: AnchorFinding[] = (opts.anchors?.problems ?? []).map((p) => ({ seq: null, ...p }));
  const anchors = [...(opts.anchors?.anchors ?? [])].sort((a, b) => a.seq - b.seq || a.line - b.line);
  // After a purge of whole months (migration 0211), the chain starts at a signed checkpoint (docs/retention.md).
  const cps = opts.checkpointKey ? await db.transaction((tx) => chainStartInTrx(tx, opts.checkpointKey!, findings)) : null;
  const start = cps?.start ?? null;
  // The signed checkpoints inside the remaining chain (month boundaries, writeMonthCheckpointsInTrx) are checked as
  // anchors are: the row must be there with the checkpointed hash and as many rows up to it.
  const checks: ReadAnchor[] = [...anchors, ...(cps?.within ?? []).map((c): ReadAnchor => ({ v: 1, seq: c.seq, hash: c.hash, count: c.count, at: c.at, mac: c.mac, source: 'audit_checkpoints', line: 0 }))]
    .sort((a, b) => a.seq - b.seq || a.line - b.line);
  const base = start?.count ?? 0;
  const missingAnchorRow = (a: ReadAnchor, rowsBefore: number) => findings.push({
    seq: a.seq, source: a.source, line: a.line,
    reason: `anchored row ${a.seq} is missing (rows were removed); ${base + rowsBefore} rows up to it where the anchor counted ${a.count}`,
  });
  let next = 0; // the next anchor to check, by position
  let prev = start?.hash ?? GENESIS_HASH;
  let afterPos = start?.seq ?? 0;
  let checked = 0;
  let head: { seq: number; hash: string } | null = null;
  if (start) {
    // Anchors of purged rows cannot be checked any more, except the one at the checkpoint itself.
    for (; next < checks.length && checks[next]!.seq <= start.seq; next++) {
      const a = checks[next]!;
      if (a.seq === start.seq && (a.hash !== start.hash || a.count !== start.count)) {
        findings.push({ seq: a.seq, source: a.source, line: a.line, reason: `the checkpoint at row ${a.seq} does not match this anchor (the purged start was rewritten)` });
      }
    }
  }
  for (;;) {
    const batch = await db.transaction((tx) =>
      tx.query<ChainRow>(
        `SELECT coalesce(chain_pos, seq)::bigint AS pos, seq::bigint AS seq, at, actor_id, actor_role, unit_id, action, outcome,
                record_type, record_id, person_id, purpose, criterion, reason, prev_hash, hash, chain_version, content_hash
           FROM audit_log WHERE hash IS NOT NULL AND coalesce(chain_pos, seq) > $1 ORDER BY coalesce(chain_pos, seq) LIMIT $2`,
        [afterPos, batchSize],
      ),
    );
    for (const row of batch.rows) {
      while (next < checks.length && checks[next]!.seq < row.pos) missingAnchorRow(checks[next++]!, checked);
      const reasons: string[] = [];
      if (row.prev_hash !== prev) reasons.push('previous-hash link does not match the row before (a row was removed or reordered)');
      // The content is checked against the row's own stored link, so a removed predecessor is not also an edit.
      const problem = contentProblem(row);
      if (problem) reasons.push(problem);
      if (reasons.length) broken.push({ seq: row.pos, reason: reasons.join('; ') });
      prev = row.hash;
      afterPos = row.pos;
      checked++;
      head = { seq: row.pos, hash: row.hash };
      while (next < checks.length && checks[next]!.seq === row.pos) {
        const a = checks[next++]!;
        if (a.hash !== row.hash) {
          findings.push({ seq: a.seq, source: a.source, line: a.line, reason: `anchored row ${a.seq} has another hash than anchored (the trail was rewritten up to it)` });
        }
        if (a.count !== base + checked) {
          findings.push({ seq: a.seq, source: a.source, line: a.line, reason: `${base + checked} rows up to row ${a.seq} where the anchor counted ${a.count} (rows were removed or added)` });
        }
      }
    }
    if (batch.rows.length < batchSize) break;
  }
  while (next < checks.length) missingAnchorRow(checks[next++]!, checked);
  const latest = anchors.at(-1) ?? null;
  const unanchoredRows = latest ? Math.max(0, base + checked - latest.count) : checked;
  return {
    ok: broken.length === 0 && findings.length === 0,
    checked,
    head,
    broken,
    anchors: { checked: anchors.length, latest: latest && stripSource(latest), unanchoredRows, findings },
    unsealed,
  };
}

/** A signed checkpoint of the chain where purged months end or a month ends (table audit_checkpoints, migrations 0211, 0312). */
interface Checkpoint { seq: number; hash: string; count: number; at: string; mac: string; kind: 'purge' | 'month' }

/**
 * Where verification starts: the newest checkpoint below the oldest sealed row that remains, when its signature
 * verifies under key. A checkpoint whose signature does not verify is a finding and is not used, so a forged one
 * cannot hide a removed start: the first row then fails its link to the genesis (or to an older checkpoint).
 */
async function chainStartInTrx(tx: Queryable, key: Buffer, findings: AnchorFinding[]): Promise<{ start: Checkpoint | null; within: Checkpoint[] }> {
  const cps = await tx.query<Checkpoint>('SELECT seq::bigint AS seq, hash, count::bigint AS count, at, mac, kind FROM audit_checkpoints ORDER BY seq, kind');
  const monthKey = monthCheckpointKey(key);
  const first = await tx.query<{ pos: number | null }>('SELECT min(coalesce(chain_pos, seq))::bigint AS pos FROM audit_log WHERE hash IS NOT NULL');
  const firstPos = first.rows[0]?.pos ?? Number.POSITIVE_INFINITY;
  let start: Checkpoint | null = null;
  const within: Checkpoint[] = [];
  for (const c of cps.rows) {
    const seq = Number(c.seq);
    const count = Number(c.count);
    const expected = Buffer.from(anchorMac(c.kind === 'month' ? monthKey : key, { v: 1, seq, hash: c.hash, count, at: c.at }), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(c.mac, 'hex'))) {
      findings.push({ seq, source: 'audit_checkpoints', line: 0, reason: 'checkpoint signature does not verify (forged or altered)' });
      continue;
    }
    // Only a purge's checkpoint starts the chain (migration 0312); one inside what remains is checked as an anchor.
    if (seq < Number(firstPos)) {
      if (c.kind === 'purge') start = { ...c, seq, count };
    } else within.push({ ...c, seq, count });
  }
  return { start, within };
}

/**
 * SQL: the rows the chain had before its oldest remaining sealed row, i.e. the count of the newest checkpoint below
 * it (0 before any purge). A count of rows up to a position is this plus the sealed rows present up to it, as the
 * verifier counts (base + checked); anchors, purge checkpoints and month checkpoints all count so.
 */
const PURGED_BASE_SQL = `coalesce((SELECT c.count FROM audit_checkpoints c
  WHERE c.kind = 'purge' AND c.seq < (SELECT min(coalesce(a.chain_pos, a.seq)) FROM audit_log a WHERE a.hash IS NOT NULL) ORDER BY c.seq DESC LIMIT 1), 0)`;

/** What a purge of the audit class did (the retention job's receipt counts it). */
export interface AuditPurge {
  partitions: number;
  rows: number;
  /** Months past the period kept because they hold rows about a person under a legal hold (and the months after). */
  heldPartitions: number;
  /** Why nothing was dropped although months were past the period, or null. */
  skipped: string | null;
}

/** Creates the monthly partitions of audit_log from `from` to `until` (migration 0211); returns how many it made. */
export async function ensureAuditPartitionsInTrx(tx: Queryable, from: Date, until: Date): Promise<number> {
  const r = await tx.query<{ n: number }>('SELECT vink_audit_ensure_partitions($1, $2) AS n', [from, until]);
  return r.rows[0]?.n ?? 0;
}

/**
 * Purges the audit class (docs/retention.md, "The audit log"): drops the whole monthly partitions that ended before
 * cutoff, oldest first, up to the first month that holds a row about a person under a legal hold. First writes the
 * signed checkpoint of the chain at the new start (sign gives the signature), so the remaining chain verifies from
 * it. Drops nothing while a row of those months is unsealed, or when a remaining row precedes a purged one in the
 * chain (a transaction that committed across the month's end): the next run takes them. System path only.
 */
export async function purgeAuditPartitionsInTrx(tx: Queryable, cutoff: Date, sign: (head: AuditHead) => AuditAnchor): Promise<AuditPurge> {
  const plan = (await tx.query<{
    partitions: string[]; upper_bound: Date | null; held_partitions: number; rows_purged: number; last_pos: number | null;
    last_hash: string | null; all_sealed: boolean; is_prefix: boolean;
  }>('SELECT * FROM vink_audit_purge_plan($1)', [cutoff])).rows[0]!;
  const held = plan.held_partitions;
  if (plan.partitions.length === 0) return { partitions: 0, rows: 0, heldPartitions: held, skipped: null };
  if (!plan.all_sealed) return { partitions: 0, rows: 0, heldPartitions: held, skipped: 'rows of the months to purge are not sealed yet' };
  if (!plan.is_prefix) return { partitions: 0, rows: 0, heldPartitions: held, skipped: 'a remaining row precedes a purged one in the chain' };
  const rows = Number(plan.rows_purged);
  if (rows > 0) {
    // The rows purged before (the checkpoint the chain starts at now), not the newest checkpoint below the new start:
    // month checkpoints (writeMonthCheckpointsInTrx) lie inside what is purged now and already count part of it.
    const prev = await tx.query<{ count: number }>(`SELECT ${PURGED_BASE_SQL}::bigint AS count`);
    const cp = sign({ seq: Number(plan.last_pos), hash: plan.last_hash!, count: Number(prev.rows[0]?.count ?? 0) + rows });
    await tx.query(`INSERT INTO audit_checkpoints (seq, hash, count, at, mac, boundary, kind) VALUES ($1, $2, $3, $4, $5, $6, 'purge') ON CONFLICT DO NOTHING`,
      [cp.seq, cp.hash, cp.count, cp.at, cp.mac, plan.upper_bound]);
  }
  const dropped = await tx.query<{ n: number }>('SELECT vink_audit_drop_partitions($1::text[]) AS n', [plan.partitions]);
  return { partitions: dropped.rows[0]!.n, rows, heldPartitions: held, skipped: null };
}

function stripSource(a: ReadAnchor): AuditAnchor {
  return { v: a.v, seq: a.seq, hash: a.hash, count: a.count, at: a.at, mac: a.mac };
}

/**
 * The chain alone, in short (the DPO's verify page): every row is still checked, the first broken one is named, and
 * the unsealed rows are shown with the alarm for rows older than the bound.
 */
export async function verifyAuditChain(db: Database, opts: { batchSize?: number; now?: Date; checkpointKey?: Buffer | null } = {}): Promise<ChainVerification> {
  const r = await verifyAuditTrail(db, opts);
  return { ok: r.broken.length === 0, checked: r.checked, firstBroken: r.broken[0] ?? null, unsealed: r.unsealed };
}

/**
 * The sealed head to anchor, read in one statement (one snapshot): the newest sealed row, its chain position and the
 * number of sealed rows up to it. Sealers hold the sealer's lock until they commit (migration 0130), so a snapshot
 * always sees a whole prefix of the chain.
 */
export async function readAuditHeadInTrx(tx: Queryable): Promise<AuditHead | null> {
  const r = await tx.query<AuditHead>(
    `SELECT h.pos::bigint AS seq, h.hash,
            (${PURGED_BASE_SQL} + (SELECT count(*) FROM audit_log WHERE hash IS NOT NULL AND coalesce(chain_pos, seq) <= h.pos))::bigint AS count
       FROM (SELECT coalesce(chain_pos, seq) AS pos, hash FROM audit_log WHERE hash IS NOT NULL
              ORDER BY coalesce(chain_pos, seq) DESC LIMIT 1) h`,
  );
  return r.rows[0] ?? null;
}

/** The month checkpoints' lock: with several instances, one writes them at a time. Transaction-scoped. */
export const AUDIT_CHECKPOINT_LOCK = 7_357_041;

/**
 * Signed checkpoints at each month (partition) boundary (docs/security.md, "The audit trail"), written by the
 * scheduler's tick, not only at a purge: for every month start B after the oldest remaining row and up to now that has
 * no checkpoint yet, once every row before B is sealed, the chain's head among the rows before B (its position, hash
 * and the rows up to it), signed with the anchor key. Under a try-lock and idempotent (one per boundary, one per
 * position), so several instances write each once; a boundary whose earlier rows are not all sealed waits for the
 * next tick. Counts only; no personal data. Returns how many it wrote, or null when another transaction holds the lock.
 */
export async function writeMonthCheckpointsInTrx(tx: Queryable, now: Date, anchorKey: Buffer): Promise<number | null> {
  const key = monthCheckpointKey(anchorKey);
  const lock = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [AUDIT_CHECKPOINT_LOCK]);
  if (lock.rows[0]?.locked !== true) return null;
  const due = await tx.query<{ boundary: Date }>(
    `SELECT b AT TIME ZONE 'UTC' AS boundary
       FROM generate_series(date_trunc('month', (SELECT min(at) FROM audit_log WHERE hash IS NOT NULL) AT TIME ZONE 'UTC') + interval '1 month',
                            date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC'), interval '1 month') b
      WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.kind = 'month' AND c.boundary = b AT TIME ZONE 'UTC')
      ORDER BY b`, [now]);
  let written = 0;
  for (const { boundary } of due.rows) {
    // A row of the month still unsealed: this boundary and the later ones wait for the next tick.
    if ((await tx.query('SELECT 1 FROM audit_log WHERE hash IS NULL AND at < $1 LIMIT 1', [boundary])).rows.length) break;
    const head = (await tx.query<AuditHead>(
      `SELECT h.pos::bigint AS seq, h.hash,
              (${PURGED_BASE_SQL} + (SELECT count(*) FROM audit_log WHERE hash IS NOT NULL AND coalesce(chain_pos, seq) <= h.pos))::bigint AS count
         FROM (SELECT coalesce(chain_pos, seq) AS pos, hash FROM audit_log WHERE hash IS NOT NULL AND at < $1
                ORDER BY coalesce(chain_pos, seq) DESC LIMIT 1) h`, [boundary])).rows[0];
    if (!head) continue;
    const cp = signAnchor(key, { seq: Number(head.seq), hash: head.hash, count: Number(head.count) }, now);
    const ins = await tx.query(
      `INSERT INTO audit_checkpoints (seq, hash, count, at, mac, boundary, kind) VALUES ($1, $2, $3, $4, $5, $6, 'month') ON CONFLICT DO NOTHING RETURNING seq`,
      [cp.seq, cp.hash, cp.count, cp.at, cp.mac, boundary]);
    written += ins.rows.length;
  }
  return written;
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
