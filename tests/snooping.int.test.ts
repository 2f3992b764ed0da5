import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { appendAuditInTrx } from '../src/server/audit/audit.ts';
import { runSnoopingRulesOnce } from '../src/server/modules/snooping/index.ts';

/**
 * The snooping rules (docs/security.md, "Snooping alerts") over synthetic audit patterns written with the real audit
 * writer: each rule fires on its pattern and stays quiet on ordinary work. Then the DPO's side: the list, the
 * drill-down to the rows, resolving with a note (versioned), and that a rerun or a second instance adds nothing.
 *
 * The clock stands at Wednesday 4 March 2026, 12:00 UTC (13:00 in Copenhagen); the rules look back 48 hours.
 */
let h: Harness;
let dpo: Client & { user: TestUser };
let dpoB: Client & { user: TestUser };
let creator: TestUser;
let snooper: TestUser;
let heavy: TestUser;
let night: TestUser;
let member: TestUser;
let ownPersons: string[] = [];
let heavyPersons: string[] = [];
let caseId: string;
let casePerson: string;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

/** Writes look-ups by user of persons at time at, through the real audit writer (one row per person). */
async function looks(user: TestUser, at: string, persons: string[], action: 'read' | 'search' = 'read') {
  await systemTransaction(h.ctx.db, (tx) => appendAuditInTrx(tx, { at: new Date(at), actorId: user.id, actorRole: user.role, unitId: user.unitId, purpose: 'casework' },
    persons.map((p) => ({ action, outcome: 'ok' as const, recordType: 'person', recordId: action === 'read' ? p : null, personId: action === 'read' ? p : null }))));
}

async function personsBy(user: TestUser, n: number, unit = h.units.a): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `INSERT INTO persons (unit_id, full_name, gender, created_by, created_at, updated_at)
     SELECT $1, 'Syntetisk Person ' || g, 'unknown', $2, $3, $3 FROM generate_series(1, $4) g RETURNING id`,
    [unit, user.id, h.clock.now(), n]);
  return rows.map((r) => r.id);
}

const alerts = async (rule?: string) => sql<{ id: string; rule: string; user_id: string; observed: number; window_start: Date; audit_seqs: string[]; status: string }>(
  `SELECT id, rule, user_id, observed, window_start, audit_seqs::text[] AS audit_seqs, status FROM snooping_alerts ${rule ? 'WHERE rule = $1' : ''} ORDER BY window_start`,
  rule ? [rule] : []);

beforeAll(async () => {
  h = await createHarness();
  h.clock.set(new Date('2026-02-01T09:00:00Z'));
  creator = await h.createUser('adviser', 'a');
  snooper = await h.createUser('adviser', 'a');
  heavy = await h.createUser('coordinator', 'a');
  night = await h.createUser('adviser', 'a');
  member = await h.createUser('adviser', 'a');
  ownPersons = await personsBy(creator, 40);
  heavyPersons = await personsBy(heavy, 40);
  casePerson = ownPersons[0]!;
  [{ id: caseId }] = await sql<{ id: string }>(
    `INSERT INTO cases (unit_id, person_id, title, owner_id, created_by, created_at, updated_at) VALUES ($1, $2, 'Syntetisk sag', $3, $3, $4, $4) RETURNING id`,
    [h.units.a, casePerson, creator.id, h.clock.now()]) as [{ id: string }];
  await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $5), ($1, $4, $3, 'adviser', $5)`,
    [caseId, creator.id, h.units.a, member.id, h.clock.now()]);
  await sql(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Anden Kommune', 'unknown', $2, $2)`, [h.units.b, h.clock.now()]);
  h.clock.set(new Date('2026-03-04T12:00:00Z'));
  dpo = await h.signIn('dpo', 'a');
  dpoB = await h.signIn('dpo', 'b');
});
afterAll(async () => h?.close());

describe('the volume rule: many distinct persons in an hour against the user\'s own baseline', () => {
  it('fires for a user who looks up 30 persons in an hour after a baseline of 2 an hour', async () => {
    // Baseline: the creator's ordinary days, two of their own persons an hour on ten working days in February.
    for (let d = 9; d < 19; d++) await looks(creator, `2026-02-${String(d).padStart(2, '0')}T09:10:00Z`, ownPersons.slice(0, 2));
    await looks(creator, '2026-03-04T09:15:00Z', ownPersons.slice(0, 30));
    await runSnoopingRulesOnce(h.ctx);
    const fired = (await alerts('volume')).filter((a) => a.user_id === creator.id);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ observed: 30 });
    expect(fired[0]!.window_start.toISOString()).toBe('2026-03-04T09:00:00.000Z');
    expect(fired[0]!.audit_seqs).toHaveLength(30);
  });

  it('stays quiet for a user whose baseline is that high, and for a busy hour below the threshold', async () => {
    // The coordinator reads 30 of their own persons an hour every day: 30 is their normal, not 3 × it.
    for (let d = 9; d < 19; d++) await looks(heavy, `2026-02-${String(d).padStart(2, '0')}T10:10:00Z`, heavyPersons.slice(0, 30));
    await looks(heavy, '2026-03-04T10:15:00Z', heavyPersons.slice(0, 30));
    // A new user's first busy hour: 20 persons, under the absolute threshold of 25.
    await looks(member, '2026-03-04T10:20:00Z', ownPersons.slice(0, 1));
    await looks(night, '2026-03-04T10:30:00Z', (await personsBy(night, 20)));
    await runSnoopingRulesOnce(h.ctx);
    const volume = await alerts('volume');
    expect(volume.map((a) => a.user_id)).toEqual([creator.id]);
  });
});

describe('the outside-reach rule: look-ups of persons one has no relation to', () => {
  it('fires when a user looks up 3 persons they did not register and whose case they are not on', async () => {
    await looks(snooper, '2026-03-04T08:00:00Z', ownPersons.slice(10, 13));
    await runSnoopingRulesOnce(h.ctx);
    const fired = (await alerts('outside_reach')).filter((a) => a.user_id === snooper.id);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ observed: 3 });
  });

  it('stays quiet on ordinary work: one\'s own registrations, a case one is a member of, and fewer than 3 others', async () => {
    const before = (await alerts('outside_reach')).length;
    await looks(member, '2026-03-04T08:30:00Z', [casePerson, casePerson]);
    await looks(creator, '2026-03-04T08:40:00Z', ownPersons.slice(20, 25));
    await looks(night, '2026-03-04T08:50:00Z', ownPersons.slice(30, 31));
    await runSnoopingRulesOnce(h.ctx);
    expect((await alerts('outside_reach')).filter((a) => a.user_id !== snooper.id)).toEqual([]);
    expect((await alerts('outside_reach')).length).toBe(before);
  });
});

describe('the watched-person rule: look-ups of staff or flagged persons', () => {
  let watched: string;
  it('the DPO flags a person of the unit (audited); another unit\'s person or a second flag is refused', async () => {
    watched = ownPersons[35]!;
    const flagged = await dpo.post('/api/v1/snooping/watch-flags', { personId: watched, kind: 'staff', reason: 'Medarbejder i forvaltningen' });
    expect(flagged.status).toBe(201);
    expect(flagged.body).toMatchObject({ personId: watched, kind: 'staff', liftedAt: null, version: 1 });
    const row = (await sql<{ action: string; person_id: string; record_type: string }>('SELECT action, person_id, record_type FROM audit_log ORDER BY seq DESC LIMIT 1'))[0];
    expect(row).toEqual({ action: 'create', person_id: watched, record_type: 'person_watch_flag' });
    expect((await dpo.post('/api/v1/snooping/watch-flags', { personId: watched, kind: 'flagged', reason: 'igen' })).status).toBe(409);
    expect((await dpoB.post('/api/v1/snooping/watch-flags', { personId: watched, kind: 'flagged', reason: 'fremmed' })).status).toBe(404);
    expect((await dpo.post('/api/v1/snooping/watch-flags', { personId: watched, kind: 'flagged', reason: '' })).status).toBe(400);
  });

  it('fires on a single look-up of the watched person by a user without a relation to them', async () => {
    await looks(night, '2026-03-04T12:00:00Z', [watched]);
    h.clock.set(new Date('2026-03-04T12:05:00Z'));
    await runSnoopingRulesOnce(h.ctx);
    const fired = await alerts('watched_person');
    expect(fired.map((a) => a.user_id)).toEqual([night.id]);
  });

  it('stays quiet for the person\'s own adviser, and for look-ups before the flag was set', async () => {
    await looks(creator, '2026-03-04T12:01:00Z', [watched]);
    await looks(heavy, '2026-03-04T07:00:00Z', [watched]); // before the flag (set at 12:00)
    await runSnoopingRulesOnce(h.ctx);
    expect((await alerts('watched_person')).map((a) => a.user_id)).toEqual([night.id]);
  });

  it('lifting the flag is versioned and audited', async () => {
    const list = await dpo.get('/api/v1/snooping/watch-flags');
    expect(list.status).toBe(200);
    const flag = list.body.find((f: { personId: string }) => f.personId === watched);
    expect((await dpo.post(`/api/v1/snooping/watch-flags/${flag.id}/lift`, { version: 99 })).status).toBe(409);
    const lifted = await dpo.post(`/api/v1/snooping/watch-flags/${flag.id}/lift`, { version: flag.version });
    expect(lifted.status).toBe(200);
    expect(lifted.body.liftedAt).not.toBeNull();
    expect((await dpo.post(`/api/v1/snooping/watch-flags/${flag.id}/lift`, { version: lifted.body.version })).status).toBe(409);
  });
});

describe('the off-hours rule: bulk activity outside working hours (Europe/Copenhagen)', () => {
  it('fires for 20 look-ups at 22:30 on a weekday evening', async () => {
    // Tuesday 3 March 21:30 UTC is 22:30 in Copenhagen.
    const mine = await personsBy(night, 20);
    await looks(night, '2026-03-03T21:30:00Z', mine);
    await runSnoopingRulesOnce(h.ctx);
    const fired = await alerts('off_hours');
    expect(fired.map((a) => [a.user_id, a.observed])).toEqual([[night.id, 20]]);
    // The window is the local day: Tuesday 3 March 00:00 in Copenhagen is 2 March 23:00 UTC.
    expect(fired[0]!.window_start.toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });

  it('stays quiet for the same amount in working hours, and for a few look-ups late at night', async () => {
    const mine = await personsBy(member, 25);
    await looks(member, '2026-03-03T09:00:00Z', mine.slice(0, 20)); // 10:00 local
    await looks(member, '2026-03-03T22:15:00Z', mine.slice(20, 25)); // 23:15 local, 5 look-ups
    await runSnoopingRulesOnce(h.ctx);
    expect((await alerts('off_hours')).map((a) => a.user_id)).toEqual([night.id]);
  });

  it('counts searches too, and a weekend day is outside working hours all day', async () => {
    h.clock.set(new Date('2026-03-08T12:00:00Z'));
    await looks(member, '2026-03-07T10:00:00Z', Array.from({ length: 16 }, () => 'x'), 'search'); // Saturday 11:00 local
    await runSnoopingRulesOnce(h.ctx);
    expect((await alerts('off_hours')).map((a) => a.user_id).sort()).toEqual([night.id, member.id].sort());
    h.clock.set(new Date('2026-03-04T12:05:00Z'));
  });
});

describe('idempotent and safe with several instances', () => {
  it('a rerun, and two runs at once, add no alert', async () => {
    const before = (await alerts()).length;
    expect((await runSnoopingRulesOnce(h.ctx)).created ?? 0).toBe(0);
    const both = await Promise.all([runSnoopingRulesOnce(h.ctx), runSnoopingRulesOnce(h.ctx)]);
    expect(both.reduce((n, r) => n + (r.created ?? 0), 0)).toBe(0);
    expect((await alerts()).length).toBe(before);
  });

  it('an open alert grows with later rows of its window (its version moves on)', async () => {
    const [a] = (await alerts('outside_reach')).filter((x) => x.user_id === snooper.id);
    await looks(snooper, '2026-03-04T08:10:00Z', ownPersons.slice(13, 15));
    await runSnoopingRulesOnce(h.ctx);
    const [b] = await sql<{ observed: number; version: number }>('SELECT observed, version FROM snooping_alerts WHERE id = $1', [a!.id]);
    expect(b).toEqual({ observed: 5, version: 2 });
  });
});

describe("the DPO's alert list", () => {
  it('lists the unit\'s alerts with the rules\' thresholds; audited as one search', async () => {
    const before = await h.auditCount();
    const res = await dpo.get('/api/v1/snooping/alerts?status=open');
    expect(res.status).toBe(200);
    expect(await h.auditCount()).toBe(before + 1);
    expect(res.body.alerts.map((a: { rule: string }) => a.rule).sort()).toEqual(['off_hours', 'off_hours', 'outside_reach', 'volume', 'watched_person']);
    expect(res.body.rules.find((r: { rule: string }) => r.rule === 'volume')).toMatchObject({ threshold: 25, baselineFactor: 3, baselineDays: 28 });
    expect((await dpoB.get('/api/v1/snooping/alerts')).body.alerts).toEqual([]);
  });

  it('drills down to the audit rows behind an alert', async () => {
    const [a] = (await alerts('outside_reach')).filter((x) => x.user_id === snooper.id);
    const res = await dpo.get(`/api/v1/snooping/alerts/${a!.id}`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(5);
    expect(res.body.rows.every((r: { actorId: string; action: string }) => r.actorId === snooper.id && r.action === 'read')).toBe(true);
    expect(res.body).toMatchObject({ userId: snooper.id, userRole: 'adviser', rowCount: 5 });
    expect((await dpoB.get(`/api/v1/snooping/alerts/${a!.id}`)).status).toBe(404);
  });

  it('resolves an alert with a note: versioned, audited, then final', async () => {
    const [a] = (await alerts('volume'));
    const detail = await dpo.get(`/api/v1/snooping/alerts/${a!.id}`);
    expect((await dpo.post(`/api/v1/snooping/alerts/${a!.id}/resolve`, { version: detail.body.version })).status).toBe(400);
    expect((await dpo.post(`/api/v1/snooping/alerts/${a!.id}/resolve`, { version: detail.body.version + 1, note: 'x' })).status).toBe(409);
    const ok = await dpo.post(`/api/v1/snooping/alerts/${a!.id}/resolve`, { version: detail.body.version, note: 'Opslag til årsopgørelse, aftalt med leder.' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'resolved', resolutionNote: 'Opslag til årsopgørelse, aftalt med leder.', resolvedByName: expect.any(String) });
    const row = (await sql<{ action: string; record_id: string; actor_id: string }>('SELECT action, record_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0];
    expect(row).toEqual({ action: 'update', record_id: a!.id, actor_id: dpo.user.id });
    expect((await dpo.post(`/api/v1/snooping/alerts/${a!.id}/resolve`, { version: ok.body.version, note: 'igen' })).status).toBe(409);
    // A resolved alert is not reopened or refreshed by a later run.
    await looks(creator, '2026-03-04T09:50:00Z', ownPersons.slice(30, 40));
    await runSnoopingRulesOnce(h.ctx);
    expect((await alerts('volume'))[0]).toMatchObject({ status: 'resolved', observed: 30 });
  });
});
