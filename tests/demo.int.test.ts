import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { DEMO_PASSWORD, loadDemoData, type DemoSummary } from '../src/server/demo/demo.ts';
import { generateTasksInTrx } from '../src/server/modules/tasks/index.ts';
import { runAsSystem } from '../src/server/access/scope.ts';
import { parseCpr } from '../src/shared/cpr.ts';
import { SURNAMES } from '../src/server/demo/vocabulary.ts';

/**
 * The demo data as a new user meets it: years of fictitious work in Copenhagen in the proportions the seeds report
 * (docs/domain.md, "Figures to expect"), CPR numbers nobody can hold, and a current situation with overdue concerns,
 * open cases and due tasks relative to the injected clock.
 */
let h: Harness;
let summary: DemoSummary;
let auditBefore: number;
let auditAfter: number;
let cph: string;

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(sql, params))).rows;
const n = async (sql: string, params: unknown[] = []): Promise<number> => Number((await q<{ n: number }>(sql, params))[0]!.n);

const COUNTED = ['history_aggregates', 'users', 'persons', 'cases', 'calls', 'concerns', 'concern_behaviours', 'concern_shares', 'infohus_assessments', 'disclosures',
  'case_members', 'case_status_changes', 'case_notes', 'assessments', 'assessment_ratings', 'offers', 'courses', 'course_sessions', 'follow_ups', 'tasks'];
const countAll = async () => Object.fromEntries(await Promise.all(COUNTED.map(async (t) => [t, await n(`SELECT count(*)::int AS n FROM ${t}`)])));

beforeAll(async () => {
  h = await createHarness();
  auditBefore = await h.auditCount();
  const started = performance.now();
  summary = await loadDemoData(h.ctx);
  console.log(`demo data loaded on ${h.ctx.db.kind} in ${((performance.now() - started) / 1000).toFixed(1)} s:`, JSON.stringify(summary.rows));
  auditAfter = await h.auditCount();
  cph = h.units.a; // the harness's unit a has municipality code 101, so the demo fills it as Copenhagen
});
afterAll(async () => {
  await h?.close();
});

describe('demo data: proportions from the seeds', () => {
  it('fills Copenhagen with 80–110 concerns a year from 2015 to last year, and this year so far', async () => {
    const thisYear = h.clock.now().getUTCFullYear();
    const rows = await q<{ y: number; n: number }>(
      `SELECT extract(year FROM received_at)::int AS y, count(*)::int AS n FROM concerns WHERE unit_id = $1 GROUP BY 1 ORDER BY 1`, [cph]);
    const byYear = new Map(rows.map((r) => [r.y, r.n]));
    expect(byYear.get(2015)).toBe(100);
    expect(byYear.get(2016)).toBe(104);
    expect(byYear.get(2017)).toBe(85);
    for (let y = 2015; y < thisYear; y++) {
      expect(byYear.get(y), `concerns in ${y}`).toBeGreaterThanOrEqual(80);
      expect(byYear.get(y), `concerns in ${y}`).toBeLessThanOrEqual(110);
    }
    expect(byYear.get(thisYear) ?? 0).toBeGreaterThan(0);
    expect(Math.min(...byYear.keys())).toBe(2015);
  });

  it('judges 10–25% of assessed concerns justified over the period, rising from about 10% in 2016 to over 20% from 2018', async () => {
    const share = (rows: { justified: number; decided: number }[]) => rows[0]!.justified / rows[0]!.decided;
    const sql = `SELECT count(*) FILTER (WHERE status = 'justified')::int AS justified, count(*)::int AS decided
                 FROM concerns WHERE unit_id = $1 AND status IN ('justified', 'unfounded')`;
    const all = share(await q(sql, [cph]));
    expect(all).toBeGreaterThanOrEqual(0.1);
    expect(all).toBeLessThanOrEqual(0.25);
    const y2016 = share(await q(`${sql} AND extract(year FROM received_at) = 2016`, [cph]));
    const later = share(await q(`${sql} AND extract(year FROM received_at) BETWEEN 2018 AND 2024`, [cph]));
    expect(y2016).toBeGreaterThanOrEqual(0.07);
    expect(y2016).toBeLessThanOrEqual(0.14);
    expect(later).toBeGreaterThanOrEqual(0.2);
    expect(later).toBeLessThanOrEqual(0.27);
  });

  it('has about 60% of answered offers accepted (50–70%) and re-offers declined ones, mostly within 3 months', async () => {
    const [o] = await q<{ accepted: number; answered: number }>(
      `SELECT count(*) FILTER (WHERE response = 'accepted')::int AS accepted, count(*) FILTER (WHERE response <> 'pending')::int AS answered FROM offers`);
    expect(o!.accepted / o!.answered).toBeGreaterThanOrEqual(0.5);
    expect(o!.accepted / o!.answered).toBeLessThanOrEqual(0.7);
    // First offers declined (or unanswered) long enough ago for both re-offers to have fallen due.
    const [r] = await q<{ declined: number; within3: number; late3: number; missing6: number }>(
      `SELECT count(*)::int AS declined,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id AND r.offered_at <= o.responded_at + interval '3 months'))::int AS within3,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id AND r.offered_at <= o.responded_at + interval '3 months')
                                 AND EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id))::int AS late3,
              count(*) FILTER (WHERE (SELECT count(*) FROM offers r WHERE r.reoffer_of = o.id) < 2
                                 AND NOT EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id AND r.response IN ('accepted', 'pending')))::int AS missing6
       FROM offers o WHERE o.reoffer_of IS NULL AND o.response IN ('declined', 'no_answer') AND o.responded_at < $1::timestamptz - interval '8 months'`,
      [h.clock.now()]);
    expect(r!.within3 / r!.declined).toBeGreaterThan(0.7); // mostly on time
    expect(r!.late3).toBeGreaterThan(0); // some late
    expect(r!.missing6).toBeGreaterThan(0); // some never made
  });

  it('has 55–65% of first mentor and coach offers accepted as the plan counts it, and 15–21 courses started in 2015 (the seeds: 18)', async () => {
    // offer_acceptance_rate (src/shared/indicators.ts): first offers of mentor and relative coach, answered, over the records.
    const [o] = await q<{ accepted: number; answered: number }>(
      `SELECT count(*) FILTER (WHERE response = 'accepted')::int AS accepted, count(*)::int AS answered FROM offers
        WHERE unit_id = $1 AND reoffer_of IS NULL AND response <> 'pending' AND type IN ('mentor', 'relative_coach')`, [cph]);
    expect(o!.accepted / o!.answered).toBeGreaterThanOrEqual(0.55);
    expect(o!.accepted / o!.answered).toBeLessThanOrEqual(0.65);
    const courses2015 = await n(`SELECT count(*)::int AS n FROM courses WHERE unit_id = $1 AND started_on BETWEEN '2015-01-01' AND '2015-12-31'`, [cph]);
    expect(courses2015).toBeGreaterThanOrEqual(15);
    expect(courses2015).toBeLessThanOrEqual(21);
  });

  it('holds the history before the records as the published aggregates (49 concerns 2010–13, 60 in 2014), read by the plan\'s readers', async () => {
    const manager = await h.signIn('manager', 'a');
    const res = await manager.get('/api/v1/history-aggregates');
    expect(res.status).toBe(200);
    expect(res.body.map((r: { measure: string; firstYear: number; lastYear: number; value: number }) => [r.measure, r.firstYear, r.lastYear, r.value])).toEqual([
      ['concerns_received', 2010, 2013, 49], ['concerns_received', 2014, 2014, 60], ['courses_started', 2014, 2014, 22],
    ]);
    // The aggregates are history, not records: no concern is dated before the records begin.
    expect(await n(`SELECT count(*)::int AS n FROM concerns WHERE unit_id = $1 AND received_at < '2015-01-01'`, [cph])).toBe(0);
    // Another unit sees none of Copenhagen's history.
    expect((await (await h.signIn('manager', 'b')).get('/api/v1/history-aggregates')).body).toEqual([]);
  });

  it('gives every concern at least one behaviour indicator and a described behaviour', async () => {
    expect(await n(`SELECT count(*)::int AS n FROM concerns k WHERE NOT EXISTS (SELECT 1 FROM concern_behaviours b WHERE b.concern_id = k.id)`)).toBe(0);
    expect(await n(`SELECT count(*)::int AS n FROM concerns WHERE length(behaviour_description) < 10`)).toBe(0);
    const areas = await q<{ ideology_area: string }>(`SELECT DISTINCT ideology_area FROM concerns WHERE unit_id = $1 ORDER BY 1`, [cph]);
    expect(areas.map((a) => a.ideology_area)).toEqual(['left_wing', 'militant_islamism', 'other_unclear', 'right_wing']);
  });

  it('gives some persons a CPR number that parses and names a birth year 2037–2057, with the real birth date stored apart', async () => {
    const persons = await q<{ cpr: string | null; birth_date: string; full_name: string }>(`SELECT cpr, birth_date, full_name FROM persons`);
    const withCpr = persons.filter((p) => p.cpr);
    expect(withCpr.length).toBeGreaterThan(persons.length * 0.3);
    expect(withCpr.length).toBeLessThan(persons.length * 0.6);
    for (const p of withCpr) {
      const parsed = parseCpr(p.cpr!);
      expect(parsed, p.cpr!).not.toBeNull();
      expect(Number(p.cpr![7])).toBeGreaterThanOrEqual(5);
      expect(Number(p.cpr![7])).toBeLessThanOrEqual(8);
      expect(Number(p.cpr!.slice(4, 6))).toBeGreaterThanOrEqual(37);
      expect(Number(p.cpr!.slice(4, 6))).toBeLessThanOrEqual(57);
      expect(parsed!.birthDate.slice(0, 4) >= '2037').toBe(true);
    }
    expect(persons.every((p) => p.birth_date && p.birth_date < '2016-01-01')).toBe(true);
    const invented = new Set<string>(SURNAMES);
    expect(persons.filter((p) => !invented.has(p.full_name.split(' ').at(-1)!))).toEqual([]);
  });

  it('has 2–4 advisory calls per concern, about 30% forwarded, with some referrals for children at risk and acute matters', async () => {
    const [c] = await q<{ calls: number; forwarded: number; child: number; acute: number }>(
      `SELECT count(*)::int AS calls, count(*) FILTER (WHERE outcome = 'forwarded_concern')::int AS forwarded,
              count(*) FILTER (WHERE outcome = 'child_at_risk_report')::int AS child, count(*) FILTER (WHERE outcome = 'acute_police')::int AS acute
       FROM calls WHERE unit_id = $1`, [cph]);
    const concerns = await n(`SELECT count(*)::int AS n FROM concerns WHERE unit_id = $1`, [cph]);
    expect(c!.calls / concerns).toBeGreaterThanOrEqual(2);
    expect(c!.calls / concerns).toBeLessThanOrEqual(4);
    expect(c!.forwarded / c!.calls).toBeGreaterThan(0.22);
    expect(c!.forwarded / c!.calls).toBeLessThan(0.38);
    expect(c!.child).toBeGreaterThan(0);
    expect(c!.acute).toBeGreaterThan(0);
    expect(await n(`SELECT count(*)::int AS n FROM calls WHERE outcome = 'forwarded_concern' AND concern_id IS NULL`)).toBe(0);
  });

  it('meets most triage deadlines, misses some, and shows progression on the assessment tool', async () => {
    const [t] = await q<{ in_time: number; triaged: number }>(
      `SELECT count(*) FILTER (WHERE handled_in_time)::int AS in_time, count(*)::int AS triaged FROM concerns WHERE triaged_at IS NOT NULL`);
    expect(t!.in_time / t!.triaged).toBeGreaterThan(0.75);
    expect(t!.in_time / t!.triaged).toBeLessThan(0.97);
    const avg = await q<{ kind: string; risk: number }>(
      `SELECT a.kind, avg(r.risk)::float AS risk FROM assessments a JOIN assessment_ratings r ON r.assessment_id = a.id GROUP BY a.kind`);
    const risk = Object.fromEntries(avg.map((a) => [a.kind, a.risk]));
    expect(risk.end!).toBeLessThan(risk.six_months!);
    expect(risk.six_months!).toBeLessThan(risk.start!);
    const perAssessment = await q<{ n: number }>(`SELECT count(*)::int AS n FROM assessment_ratings GROUP BY assessment_id`);
    expect(perAssessment.every((r) => r.n === 9)).toBe(true);
  });
});

describe('demo data: the current situation', () => {
  it('has untriaged concerns past their deadline and others whose clock is still running', async () => {
    const now = h.clock.now();
    const open = `FROM concerns WHERE unit_id = $1 AND status IN ('received', 'police_check', 'infohus') AND triaged_at IS NULL`;
    expect(await n(`SELECT count(*)::int AS n ${open} AND triage_deadline_at < $2`, [cph, now])).toBeGreaterThanOrEqual(1);
    expect(await n(`SELECT count(*)::int AS n ${open} AND triage_deadline_at >= $2`, [cph, now])).toBeGreaterThanOrEqual(1);
    expect(await n(`SELECT count(*)::int AS n FROM concerns WHERE received_at > $1`, [now])).toBe(0);
  });

  it('has open cases, active courses with recent sessions, and closed cases with reasons', async () => {
    const now = h.clock.now();
    expect(await n(`SELECT count(*)::int AS n FROM cases WHERE unit_id = $1 AND status <> 'closed'`, [cph])).toBeGreaterThanOrEqual(5);
    expect(await n(`SELECT count(*)::int AS n FROM cases WHERE status = 'closed' AND (closure_reason IS NULL OR closed_at > $1)`, [now])).toBe(0);
    expect(await n(`SELECT count(*)::int AS n FROM courses c WHERE c.status = 'active'
                    AND EXISTS (SELECT 1 FROM course_sessions s WHERE s.course_id = c.id AND s.held_on >= ($1::timestamptz - interval '30 days')::date)`, [now]))
      .toBeGreaterThanOrEqual(1);
  });

  it('writes no audit rows and no tasks: loading is a system operation, tasks are the rules engine\'s', async () => {
    expect(auditAfter).toBe(auditBefore);
    expect(await n(`SELECT count(*)::int AS n FROM tasks`)).toBe(0);
  });

  it('lets the demo staff sign in with the published password (then enrol a second factor)', async () => {
    for (const username of ['demo.tovholder', 'demo.mentor', 'demo.aarhus']) {
      const login = await h.client().post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
      expect(login.status, username).toBe(200);
      expect(login.body.next).toBe('enrolment');
    }
    const wrong = await h.client().post('/api/v1/auth/login', { username: 'demo.tovholder', password: 'not-the-demo-password' });
    expect(wrong.status).toBe(401);
  });

  it('lets a coordinator of the unit find overdue concerns and open cases over the API', async () => {
    const coordinator = await h.signIn('coordinator', 'a');
    const overdue = await coordinator.get('/api/v1/concerns/page?overdue=true&limit=200');
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.length).toBeGreaterThanOrEqual(1);
    expect(overdue.body.items.every((k: { overdue: boolean }) => k.overdue)).toBe(true);
    const cases = await coordinator.get('/api/v1/cases/page?limit=200');
    expect(cases.status).toBe(200);
    expect(cases.body.items.filter((c: { status: string }) => c.status !== 'closed').length).toBeGreaterThanOrEqual(5);
  });

  it('lists every concern of the unit in the paged queue, today\'s included, with a total equal to the database\'s', async () => {
    const coordinator = await h.signIn('coordinator', 'a');
    const [db] = await q<{ n: number; newest: string }>(
      'SELECT count(*)::int AS n, (SELECT id FROM concerns WHERE unit_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1) AS newest FROM concerns WHERE unit_id = $1', [cph]);
    expect(db!.n).toBeGreaterThan(500);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let firstPage: string[] = [];
    do {
      const page = await coordinator.get(`/api/v1/concerns/page?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(db!.n);
      if (!cursor) firstPage = page.body.items.map((k: { id: string }) => k.id);
      for (const k of page.body.items) seen.add(k.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(db!.n);
    expect(seen.has(db!.newest)).toBe(true);
    // The default order (open, soonest deadline first) shows today's concern on the first page (the old queue of 500
    // oldest-deadline-first did not show it at all).
    expect(firstPage.slice(0, 50)).toContain(db!.newest);
  });

  it('gives the rules engine due tasks of every kind: triage, child reports, re-offers, reassessment and follow-ups', async () => {
    const now = h.clock.now();
    await runAsSystem(h.ctx, 'scheduler', (s) => generateTasksInTrx(s, now));
    const kinds = await q<{ kind: string; overdue: number }>(
      `SELECT kind, count(*) FILTER (WHERE due_at < $1)::int AS overdue FROM tasks WHERE done_at IS NULL AND unit_id = $2 GROUP BY kind`, [now, cph]);
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.overdue]));
    // The deadline kinds, plus the tasks of those a record was handed to (police check, Infohus invite, first session).
    const handedTo = ['course_start', 'infohus_invite', 'police_check'];
    expect(Object.keys(byKind).filter((k) => !handedTo.includes(k)).sort())
      .toEqual(['child_report', 'follow_up_12m', 'follow_up_6m', 'reassessment', 'reoffer_3m', 'reoffer_6m', 'triage_deadline', 'turns_18']);
    // Open cases about minors: the owner prepares the transition at 18 (docs/domain.md, "Transitions"), never for an adult.
    expect(await n(`SELECT count(*)::int AS n FROM tasks t JOIN cases c ON c.id = t.case_id JOIN persons p ON p.id = c.person_id
                    WHERE t.kind = 'turns_18' AND (p.birth_date IS NULL OR p.birth_date + interval '18 years' <= $1::date)`, [now])).toBe(0);
    // Every concern waiting for the police check of a liaison it is shared with has that liaison's task (D2).
    expect(await n(`SELECT count(*)::int AS n FROM concerns k JOIN concern_shares sh ON sh.concern_id = k.id JOIN users u ON u.id = sh.user_id
                    WHERE k.status = 'police_check' AND u.role = 'police_liaison'
                      AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.kind = 'police_check' AND t.concern_id = k.id AND t.assignee_id = u.id)`)).toBe(0);
    expect(byKind.triage_deadline).toBeGreaterThanOrEqual(1);
    expect(byKind.reoffer_3m).toBeGreaterThanOrEqual(1);
    expect(byKind.follow_up_6m).toBeGreaterThanOrEqual(1);
    expect(byKind.reassessment).toBeGreaterThanOrEqual(1);
    // A backlog a unit could live with, not thousands of stale obligations.
    expect(await n(`SELECT count(*)::int AS n FROM tasks WHERE done_at IS NULL AND due_at < $1 AND kind <> ALL($2::text[])`, [now, handedTo])).toBeLessThan(40);
  });
});

describe('demo data: loading again', () => {
  it('does nothing the second time', async () => {
    const before = await countAll();
    const again = await loadDemoData(h.ctx);
    expect(again.alreadyLoaded).toBe(true);
    expect(again.cases).toBe(0);
    expect(await countAll()).toEqual(before);
    expect(summary.alreadyLoaded).toBe(false);
    expect(summary.usernames).toContain('demo.tovholder');
  });
});

describe('demo data: the country (issue 15, item 6)', () => {
  it('shows Copenhagen and Aarhus with case work, Randers on the hotline only, and the national centre with its two roles', async () => {
    const members = (await systemTransaction(h.ctx.db, (tx) => tx.query<{ code: string; case_work: boolean }>(
      `SELECT u.municipality_code AS code, m.case_work FROM hotline_members m JOIN units u ON u.id = m.unit_id ORDER BY 1`))).rows;
    expect(members).toEqual([{ code: '101', case_work: true }, { code: '730', case_work: false }, { code: '751', case_work: true }]);
    const national = (await systemTransaction(h.ctx.db, (tx) => tx.query<{ role: string; kind: string }>(
      `SELECT u.role, n.kind FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username IN ('demo.ncfe', 'demo.landsadmin') ORDER BY 1`))).rows;
    expect(national).toEqual([{ role: 'national_admin', kind: 'national' }, { role: 'national_analyst', kind: 'national' }]);
    expect(summary.usernames).toEqual(expect.arrayContaining(['demo.ncfe', 'demo.landsadmin']));
  });
});
