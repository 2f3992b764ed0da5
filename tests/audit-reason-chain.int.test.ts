import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScoped } from '../src/server/access/scope.ts';
import { contentHash, contentHashV4, sealAuditTrail, verifyAuditChain, type ChainFields } from '../src/server/audit/audit.ts';
import type { Actor } from '../src/server/access/actor.ts';
import type { Database, Queryable } from '../src/server/platform/db.ts';
import { FakeClock } from '../src/server/platform/clock.ts';
import { freshDatabase } from './helpers/db.ts';
import { migrate } from '../src/server/platform/migrate.ts';

/**
 * The reason of a look-up (break the glass, the purpose's free text) inside the hash chain: chain version 4
 * (migration 0310; docs/security.md, "The audit trail"). Older version 3 rows keep verifying as they were written.
 */
let d: { db: Database; drop(): Promise<void> };
const unit = '0a000000-0000-4000-8000-000000000001';
const managerId = '10000000-0000-4000-8000-000000000007';
const clock = new FakeClock('2026-03-02T08:00:00Z');
const actor: Actor = {
  id: managerId, role: 'manager', username: 'manager', displayName: 'M', unitId: unit, unitName: 'A', unitIds: [unit], sessionId: 's',
};
const owner = <T>(fn: (tx: Queryable) => Promise<T>) => d.db.transaction(fn);
const all = async () => (await owner((tx) => tx.query<Record<string, any>>('SELECT * FROM audit_log ORDER BY seq'))).rows;
/** Edits one stored row as someone with owner rights would, around the append-only trigger. */
const tamper = (set: string, seq: number, value: unknown) => owner(async (tx) => {
  await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
  await tx.query(`UPDATE audit_log SET ${set} = $2 WHERE seq = $1`, [seq, value]);
  await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
});
let oldSeq: number;

beforeAll(async () => {
  d = await freshDatabase();
  await migrate(d.db);
  await owner(async (tx) => {
    await tx.query(`INSERT INTO units (id, name, municipality_code, police_district_id) VALUES ($1, 'A', '101', 11)`, [unit]);
    await tx.query(`INSERT INTO users (id, unit_id, username, display_name, role, created_at, updated_at) VALUES ($1, $2, 'manager', 'M', 'manager', now(), now())`,
      [managerId, unit]);
    // A row written before migration 0310: version 3, its reason stored beside the content hash, not in it.
    const f: ChainFields = { at: new Date('2026-02-01T09:00:00.000Z'), actor_id: managerId, actor_role: 'manager', unit_id: unit, action: 'read',
      outcome: 'ok', record_type: 'case', record_id: null, person_id: null, purpose: 'supervision', criterion: null };
    const r = await tx.query<{ seq: number }>(
      `INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, purpose, reason, content_hash, chain_version)
       VALUES ($1, $2, 'manager', $3, 'read', 'ok', 'case', 'supervision', 'Klage over sagen', $4, 3) RETURNING seq`,
      [f.at, managerId, unit, contentHash(f)]);
    oldSeq = Number(r.rows[0]!.seq);
  });
  // Break the glass: the reason travels with the request's audit rows.
  await runScoped({ db: d.db, clock }, actor, 'supervision', async (s) => {
    s.audit({ action: 'read', recordType: 'case', recordId: '3ab0c0de-0000-4000-8000-0000000000aa' });
  }, 'Klage over sagsbehandlingen');
  await runScoped({ db: d.db, clock }, actor, 'casework', async (s) => {
    s.audit({ action: 'read', recordType: 'person' });
  });
  await sealAuditTrail(d.db);
});
afterAll(async () => d?.drop());

describe('the reason in the audit chain (chain version 4)', () => {
  it('the writer stores the reason and hashes it: new rows are version 4, and the chain verifies with old and new rows', async () => {
    const r = await all();
    expect(r.map((x) => [x.chain_version, x.reason])).toEqual([[3, 'Klage over sagen'], [4, 'Klage over sagsbehandlingen'], [4, null]]);
    expect(r[1]!.content_hash).toBe(contentHashV4(r[1] as ChainFields));
    expect(r[1]!.content_hash).not.toBe(contentHashV4({ ...(r[1] as ChainFields), reason: null }));
    expect(await verifyAuditChain(d.db)).toMatchObject({ ok: true, checked: 3, firstBroken: null });
  });

  it('an edited, added or removed reason of a version 4 row is detected at that row', async () => {
    const r = await all();
    const withReason = r[1]!;
    const without = r[2]!;
    await tamper('reason', withReason.seq, 'Rutinemæssigt opslag');
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: withReason.chain_pos, reason: expect.stringMatching(/altered/) });
    await tamper('reason', withReason.seq, null);
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: withReason.chain_pos, reason: expect.stringMatching(/altered/) });
    await tamper('reason', withReason.seq, withReason.reason);
    await tamper('reason', without.seq, 'Tilføjet bagefter');
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: without.chain_pos, reason: expect.stringMatching(/altered/) });
    await tamper('reason', without.seq, null);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('a reason edited together with a recomputed content hash still breaks the link; passing the row off as version 3 is detected', async () => {
    const row = (await all())[1]!;
    await tamper('content_hash', row.seq, contentHashV4({ ...(row as ChainFields), reason: 'Rutinemæssigt opslag' }));
    await tamper('reason', row.seq, 'Rutinemæssigt opslag');
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: row.chain_pos, reason: expect.stringMatching(/altered/) });
    await tamper('reason', row.seq, row.reason);
    await tamper('content_hash', row.seq, row.content_hash);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
    // Version 3 ignores the reason, but its content hash has another prefix: the stored hash no longer matches.
    await tamper('chain_version', row.seq, 3);
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: row.chain_pos, reason: expect.stringMatching(/altered/) });
    await tamper('chain_version', row.seq, 4);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('a version 3 row written before migration 0310 keeps verifying by its own version (its reason was never covered)', async () => {
    await tamper('reason', oldSeq, 'Ændret');
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
    await tamper('purpose', oldSeq, 'casework');
    expect((await verifyAuditChain(d.db)).firstBroken).toEqual({ seq: oldSeq, reason: expect.stringMatching(/altered/) });
    await tamper('purpose', oldSeq, 'supervision');
  });
});
