import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { loadDemoData } from '../src/server/demo/demo.ts';
import { runRetention } from '../src/server/modules/retention/index.ts';
import { retentionCommand } from '../src/server/cli.ts';

/**
 * The retention job with a fake clock (docs/retention.md), over the demo data (years of concerns, calls and cases):
 * a concern, a call and a case reach their class's end and are anonymised, a closed case's notes are deleted, a legal
 * hold holds a case back (and the receipt counts it), the receipts hold no personal data, and the yearly report's
 * figures and the plan indicators for past years are the same before and after.
 */
let h: Harness;
let manager: Client & { user: TestUser };
let dpo: Client & { user: TestUser };

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const DAY = 86_400_000;

interface Figures { dashboards: unknown[]; caseload: unknown[] }

/** The manager's figures for past years: the plans' dashboards (indicators) and the caseload tables of the report. */
async function figures(): Promise<Figures> {
  // Signed in anew: the clock moves years between the two looks (and the job deletes old sign-in records).
  manager = await h.signIn('manager', 'a');
  const plans = await q<{ id: string; first_year: number; last_year: number }>(
    'SELECT id, first_year, last_year FROM action_plans WHERE unit_id = $1 ORDER BY first_year', [h.units.a]);
  expect(plans.length).toBeGreaterThan(0);
  const dashboards: unknown[] = [];
  for (const p of plans) {
    for (let y = p.first_year; y <= p.last_year; y++) {
      const res = await manager.get(`/api/v1/plans/${p.id}/dashboard?year=${y}`);
      expect(res.status).toBe(200);
      dashboards.push({ plan: p.id, year: y, indicators: res.body.indicators.map((i: { id: string; actual: unknown; status: string }) => [i.id, i.actual, i.status]) });
    }
  }
  const caseload: unknown[] = [];
  for (const groupBy of ['year', 'ideology', 'ageBand', 'gender', 'channel', 'district']) {
    const res = await manager.post('/api/v1/statistics/caseload', { from: '2014-01-01', to: '2025-12-31', groupBy });
    expect(res.status).toBe(200);
    caseload.push({ groupBy, rows: res.body.rows, total: res.body.total });
  }
  return { dashboards, caseload };
}

let before: Figures;
let heldCase: string;
let heldPerson: string;

beforeAll(async () => {
  h = await createHarness();
  await loadDemoData(h.ctx);
  dpo = await h.signIn('dpo', 'a');
  // A legal hold on one closed case that is past its period (as the access requests' module would place it).
  const [c] = await q<{ id: string; person_id: string }>(
    `SELECT id, person_id FROM cases WHERE status = 'closed' AND closed_at < $1 AND unit_id = $2 ORDER BY closed_at LIMIT 1`,
    [new Date(h.clock.now().getTime() - 6 * 365 * DAY), h.units.a]);
  heldCase = c!.id;
  heldPerson = c!.person_id;
  await q(`INSERT INTO legal_holds (id, unit_id, case_id, reason_kind, reason, placed_at) VALUES ($1, $2, $3, 'complaint', 'Klage over sagsbehandlingen', $4)`,
    [randomUUID(), h.units.a, heldCase, h.clock.now()]);
  before = await figures();
}, 300_000);
afterAll(async () => h?.close());

describe('the retention job', () => {
  it('a dry run changes nothing, writes no receipt and prints counts per class', async () => {
    const lines: string[] = [];
    const code = await retentionCommand(h.ctx, { 'dry-run': true }, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Dry run/);
    for (const k of ['concern_unfounded', 'call_not_forwarded', 'case_closed', 'course_session_notes', 'sign_in', 'audit_log']) {
      expect(lines.some((l) => l.includes(k))).toBe(true);
    }
    expect(lines.join('\n')).toMatch(/case_closed .*case=[1-9]/);
    expect(await q('SELECT 1 FROM retention_receipts')).toEqual([]);
    expect(await q('SELECT 1 FROM cases WHERE anonymised_at IS NOT NULL')).toEqual([]);
  });

  it('shows the DPO the upcoming deletions of their unit as counts, with what the legal hold holds back', async () => {
    const res = await dpo.get('/api/v1/retention/upcoming');
    expect(res.status).toBe(200);
    const closed = res.body.classes.find((c: { classKey: string }) => c.classKey === 'case_closed');
    expect(closed.due.case).toBeGreaterThan(0);
    expect(closed.held).toBe(1);
    // The unit's own records only: the other unit's DPO sees the hold of unit A nowhere.
    const other = await h.signIn('dpo', 'b');
    const b = await other.get('/api/v1/retention/upcoming');
    expect(b.body.classes.find((c: { classKey: string }) => c.classKey === 'case_closed').held).toBe(0);
    expect(JSON.stringify(res.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  });

  it('anonymises an unfounded concern, a call and a closed case at their class\'s end, and not before', async () => {
    // The youngest records of each class that are not yet past their period now: they reach their end later.
    const now = h.clock.now();
    const [concern] = await q<{ id: string; at: Date }>(
      `SELECT k.id, coalesce(i.decided_at, k.triaged_at, k.updated_at) AS at FROM concerns k LEFT JOIN infohus_assessments i ON i.concern_id = k.id
        WHERE k.status = 'unfounded' AND k.case_id IS NULL AND coalesce(i.decided_at, k.triaged_at, k.updated_at) > $1::timestamptz - interval '24 months'
        ORDER BY 2 LIMIT 1`, [now]);
    const [call] = await q<{ id: string; at: Date }>(
      `SELECT id, received_at AS at FROM calls WHERE concern_id IS NULL AND received_at > $1::timestamptz - interval '12 months' ORDER BY 2 LIMIT 1`, [now]);
    const [kase] = await q<{ id: string; at: Date; person_id: string }>(
      `SELECT id, closed_at AS at, person_id FROM cases WHERE status = 'closed' AND closed_at > $1::timestamptz - interval '60 months' ORDER BY 2 LIMIT 1`, [now]);
    expect({ concern: !!concern, call: !!call, kase: !!kase }).toEqual({ concern: true, call: true, kase: true });

    const r1 = await runRetention(h.ctx, { trigger: 'cli' });
    expect(r1.ran).toBe(true);
    const state = async () => ({
      concern: (await q<{ a: Date | null; d: string; n: string | null }>('SELECT anonymised_at AS a, behaviour_description AS d, reporter_name AS n FROM concerns WHERE id = $1', [concern!.id]))[0]!,
      call: (await q<{ a: Date | null; t: string }>('SELECT anonymised_at AS a, topic AS t FROM calls WHERE id = $1', [call!.id]))[0]!,
      kase: (await q<{ a: Date | null; t: string; ideology_area: string | null; closed_at: Date }>('SELECT anonymised_at AS a, title AS t, ideology_area, closed_at FROM cases WHERE id = $1', [kase!.id]))[0]!,
      notes: Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1', [kase!.id]))[0]!.n),
    });
    const s1 = await state();
    expect(s1.concern.a).toBeNull();
    expect(s1.call.a).toBeNull();
    expect(s1.kase.a).toBeNull();

    // The day after the last of them reaches its end (periods: 24, 12 and 60 months).
    const ends = [
      new Date(concern!.at).getTime() + 24 * 31 * DAY, new Date(call!.at).getTime() + 12 * 31 * DAY, new Date(kase!.at).getTime() + 60 * 31 * DAY,
    ];
    h.clock.set(new Date(Math.max(...ends) + DAY));
    const r2 = await runRetention(h.ctx, { trigger: 'cli' });
    expect(r2.ran).toBe(true);
    const s2 = await state();
    expect(s2.concern.a).not.toBeNull();
    expect(s2.concern.d).toBe('[anonymiseret]');
    expect(s2.concern.n).toBeNull();
    expect(s2.call.a).not.toBeNull();
    expect(s2.call.t).toBe('[anonymiseret]');
    expect(s2.kase.a).not.toBeNull();
    expect(s2.kase.t).toBe('[anonymiseret]');
    expect(s2.notes).toBe(0);
    // The facts the statistics count stay.
    expect(s2.kase.ideology_area).toBe(s1.kase.ideology_area);
    expect(s2.kase.closed_at).toEqual(s1.kase.closed_at);
    // A person with nothing left under identity is anonymised; gender and district stay.
    const open = await q('SELECT 1 FROM cases WHERE person_id = $1 AND anonymised_at IS NULL UNION ALL SELECT 1 FROM concerns WHERE person_id = $1 AND anonymised_at IS NULL', [kase!.person_id]);
    const [p] = await q<{ full_name: string; cpr: string | null; birth_date: Date | null }>('SELECT full_name, cpr, birth_date FROM persons WHERE id = $1', [kase!.person_id]);
    if (open.length === 0 && kase!.person_id !== heldPerson) expect(p).toEqual({ full_name: 'Anonymiseret', cpr: null, birth_date: null });
    // Each run wrote one receipt per class it ran.
    const receipts = await q<{ class_key: string }>('SELECT class_key FROM retention_receipts');
    expect(new Set(receipts.map((r) => r.class_key))).toEqual(new Set(['concern_unfounded', 'call_not_forwarded', 'case_closed', 'course_session_notes', 'sign_in', 'access_request', 'snooping_alert', 'infohus_meeting', 'person_unreferenced']));
  });

  it('a legal hold blocks the anonymisation of the held case and its person, and the receipt counts what was held back', async () => {
    const [c] = await q<{ a: Date | null; title: string }>('SELECT anonymised_at AS a, title FROM cases WHERE id = $1', [heldCase]);
    expect(c!.a).toBeNull();
    expect(c!.title).not.toBe('[anonymiseret]');
    expect(Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1', [heldCase]))[0]!.n)).toBeGreaterThanOrEqual(0);
    const [p] = await q<{ full_name: string; anonymised_at: Date | null }>('SELECT full_name, anonymised_at FROM persons WHERE id = $1', [heldPerson]);
    expect(p!.anonymised_at).toBeNull();
    expect(p!.full_name).not.toBe('Anonymiseret');
    const held = await q<{ held_back: number }>(`SELECT held_back FROM retention_receipts WHERE class_key = 'case_closed'`);
    expect(held.every((r) => r.held_back >= 1)).toBe(true);

    // Lifted, the next run takes it.
    await q(`UPDATE legal_holds SET lifted_at = $1, lift_reason = 'Klagen er afgjort', lifted_by = $2 WHERE case_id = $3`, [h.clock.now(), dpo.user.id, heldCase]);
    h.clock.advance(DAY);
    await runRetention(h.ctx, { trigger: 'cli' });
    expect((await q<{ a: Date | null }>('SELECT anonymised_at AS a FROM cases WHERE id = $1', [heldCase]))[0]!.a).not.toBeNull();
  });

  it('the receipts hold no name, CPR number, id of a person or record, and no free text', async () => {
    const receipts = await q<{ rule: string; counts: Record<string, unknown>; class_key: string }>('SELECT rule, counts, class_key FROM retention_receipts');
    expect(receipts.length).toBeGreaterThan(0);
    const text = JSON.stringify(receipts);
    // Only counts: every value is a number and every key a record type.
    for (const r of receipts) {
      for (const [k, v] of Object.entries(r.counts)) {
        expect(k).toMatch(/^[a-z_]+$/);
        expect(typeof v).toBe('number');
      }
      expect(r.rule).toMatch(/^(anonymise|delete|drop_partitions) [a-z_]+: \d+ months after [a-z -]+$/);
    }
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toMatch(/\d{6}-?\d{4}/);
    // No name of any person the demo holds, before or after anonymisation, appears.
    const names = await q<{ full_name: string }>(`SELECT full_name FROM persons WHERE full_name <> 'Anonymiseret'`);
    for (const n of names) expect(text.includes(n.full_name)).toBe(false);
    // The columns of the table are exactly these: nothing else can be written into a receipt.
    const cols = await q<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'retention_receipts' ORDER BY ordinal_position`);
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'ran_at', 'class_key', 'rule', 'cutoff', 'counts', 'held_back']);
  });

  it('leaves the yearly report\'s figures and the plan indicators for past years unchanged', async () => {
    const anonymised = await q<{ n: number }>('SELECT count(*)::int AS n FROM concerns WHERE anonymised_at IS NOT NULL AND unit_id = $1', [h.units.a]);
    expect(anonymised[0]!.n).toBeGreaterThan(5);
    const persons = await q<{ n: number }>('SELECT count(*)::int AS n FROM persons WHERE anonymised_at IS NOT NULL AND unit_id = $1', [h.units.a]);
    expect(persons[0]!.n).toBeGreaterThan(0);
    const after = await figures();
    expect(after.caseload).toEqual(before.caseload);
    expect(after.dashboards).toEqual(before.dashboards);
  });

  it('runs once a day from the scheduler, whichever instance asks', async () => {
    const a = await runRetention(h.ctx, { trigger: 'scheduler' });
    const b = await runRetention(h.ctx, { trigger: 'scheduler' });
    expect([a.ran, b.ran]).toEqual([true, false]);
    h.clock.advance(DAY);
    expect((await runRetention(h.ctx, { trigger: 'scheduler' })).ran).toBe(true);
  });

  it('audits what the job did as the system actor, with counts only', async () => {
    const rows = await q<{ actor_role: string; action: string; criterion: string; person_id: string | null }>(
      `SELECT actor_role, action, criterion, person_id FROM audit_log WHERE record_type = 'retention_receipt'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.actor_role).toMatch(/^system:(cli|scheduler)$/);
      expect(r.action).toBe('delete');
      expect(r.person_id).toBeNull();
      expect(r.criterion).toMatch(/^class=[a-z_]+( [a-z_]+=\d+)* held_back=\d+ total=\d+$/);
    }
  });
});
