import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { docxText, xlsxCells } from './helpers/office-text.ts';
import { runScoped } from '../src/server/access/scope.ts';
import type { Role } from '../src/shared/roles.ts';
import { reports } from '../src/server/modules/reports/service.ts';
import { renderYearReportHtml } from '../src/server/modules/reports/html.ts';
import { buildWorkbook } from '../src/server/modules/reports/xlsx.ts';
import { buildWordDocument } from '../src/server/modules/reports/docx.ts';
import type { YearReport } from '../src/shared/plans.ts';

/**
 * Issue 14, item 3: the yearly report's staffing and workload (docs/domain.md, "The yearly report"): the plan's
 * staffing lines of the year in FTE, and the unit's cases open at year end, concerns received, courses running and
 * sessions held in the year. Another unit's and other years' records never count; an analyst's report withholds
 * small counts.
 */
let h: Harness;
let manager: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
let planId: string;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const one = async (text: string, params: unknown[] = []) => (await sql<{ id: string }>(text, params))[0]!.id;

async function kase(unit: string, createdAt: string, closedAt: string | null = null): Promise<string> {
  const personId = await one(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Fixture Person', 'unknown', $2, $2) RETURNING id`, [unit, createdAt]);
  return one(`INSERT INTO cases (unit_id, person_id, title, status, closed_at, closure_reason, created_at, updated_at)
    VALUES ($1, $2, 'Fixture', $3, $4, $5, $6, $6) RETURNING id`, [unit, personId, closedAt ? 'closed' : 'open', closedAt, closedAt ? 'completed' : null, createdAt]);
}
async function course(unit: string, caseId: string, startedOn: string, endedOn: string | null = null): Promise<string> {
  return one(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, ended_on, end_reason, created_at)
    VALUES ($1, $2, 'mentor', $3, $4, $5, $6, $7, $5::date) RETURNING id`,
  [caseId, unit, manager.user.id, endedOn ? 'ended' : 'active', startedOn, endedOn, endedOn ? 'completed' : null]);
}
async function session(unit: string, courseId: string, on: string): Promise<void> {
  await sql(`INSERT INTO course_sessions (course_id, unit_id, held_on, duration_minutes, form, logged_by, logged_at) VALUES ($1, $2, $3, 60, 'in_person', $4, $3::date)`,
    [courseId, unit, on, manager.user.id]);
}
async function collect(who: Client & { user: TestUser }, role: Role): Promise<YearReport> {
  const actor = { id: who.user.id, role, username: 'x', displayName: 'X', unitId: h.units.a, unitName: 'A', unitIds: [h.units.a], sessionId: 'test' };
  return (await runScoped(h.ctx, actor, 'supervision', (s) => reports.collect(s, { planId, year: 2025, lang: 'da' }))).report;
}

beforeAll(async () => {
  h = await createHarness();
  manager = await h.signIn('manager', 'a');
  analyst = await h.signIn('analyst', 'a');
  const plan = await manager.post('/api/v1/plans', { name: 'Handleplan 2025', firstYear: 2024, lastYear: 2025 });
  expect(plan.status).toBe(201);
  planId = plan.body.id;
});
afterAll(async () => h?.close());

describe("the yearly report's staffing and workload", () => {
  it("counts the plan's staffing lines of the year and the unit's workload, and shows them in the PDF, workbook and Word file", async () => {
    const a = h.units.a;
    // Concerns: 5 received in 2025 in unit a, one in 2024 and one in unit b do not count.
    const adviser = await h.signIn('adviser', 'a');
    const adviserB = await h.signIn('adviser', 'b');
    const concern = (n: number, receivedAt: string) => ({
      receivedAt, channel: 'professional', reporter: { anonymous: true }, person: { fullName: `Bekymring Testperson ${n}` }, ideologyArea: 'right_wing',
      severity: 'medium', behaviourIndicators: ['threats'], behaviourDescription: 'Truer klassekammerater og deler voldelige opslag.', minor: 'no',
    });
    for (let i = 0; i < 5; i++) {
      const r = await adviser.post('/api/v1/concerns', concern(i, `2025-0${i + 3}-01T10:00:00Z`));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    expect((await adviser.post('/api/v1/concerns', concern(9, '2024-12-31T10:00:00Z'))).status).toBe(201);
    expect((await adviserB.post('/api/v1/concerns', concern(8, '2025-05-01T10:00:00Z'))).status).toBe(201);
    await sql(`INSERT INTO budget_lines (plan_id, unit_id, year, funding_source, amount_dkk, label, kind, fte) VALUES
      ($1, $2, 2025, 'Satspulje', 1800000, 'Mentorkorps', 'staffing', 3), ($1, $2, 2025, 'Kommunen', 300000, 'Koordinator', 'staffing', 0.5),
      ($1, $2, 2024, 'Satspulje', 600000, 'Mentorkorps', 'staffing', 1)`, [planId, a]);
    await sql(`INSERT INTO budget_lines (plan_id, unit_id, year, funding_source, amount_dkk, label) VALUES ($1, $2, 2025, 'Kommunen', 50000, 'Materialer')`, [planId, a]);
    // Unit a: 6 cases open at the end of 2025; one closed in 2025 and one opened in 2026 do not count.
    const open: string[] = [];
    for (let i = 0; i < 6; i++) open.push(await kase(a, `2025-0${i + 1}-10T10:00:00Z`));
    await kase(a, '2025-01-10T10:00:00Z', '2025-06-30T10:00:00Z');
    await kase(a, '2026-01-02T10:00:00Z');
    // Another unit's open cases never count.
    for (let i = 0; i < 3; i++) await kase(h.units.b, '2025-03-01T10:00:00Z');
    // 3 courses running in 2025 (one ended in it); one that ended in 2024 does not count.
    const c1 = await course(a, open[0]!, '2024-11-01');
    await course(a, open[1]!, '2025-02-01', '2025-08-01');
    await course(a, open[2]!, '2025-12-31');
    await course(a, open[3]!, '2024-01-01', '2024-12-31');
    for (const on of ['2025-01-05', '2025-02-05', '2025-03-05', '2025-04-05', '2025-05-05', '2025-06-05', '2025-12-31']) await session(a, c1, on);
    await session(a, c1, '2024-12-31');

    const report = await collect(manager, 'manager');
    const st = report.staffing!;
    expect(st.lines.map((l) => [l.label, l.fte, l.amountDkk])).toEqual([['Koordinator', 0.5, 300000], ['Mentorkorps', 3, 1800000]]);
    expect(st.totalFte).toBe(3.5);
    expect(st.workload).toEqual({ openCasesAtYearEnd: 6, concernsReceived: 5, coursesRunning: 3, sessionsHeld: 7 });

    // The analyst's report withholds the small count (3 courses) and keeps counts of five and over.
    const forAnalyst = (await collect(analyst, 'analyst')).staffing!;
    expect(forAnalyst.workload).toEqual({ openCasesAtYearEnd: 6, concernsReceived: 5, coursesRunning: null, sessionsHeld: 7 });

    // No hotline for these units: staffing is section 5 and its tables are 10 and 11.
    expect(report.hotline).toBeNull();
    const { html, tables } = renderYearReportHtml(report, { lang: 'da', unitName: 'Testkommune A' });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const s of ['5. Bemanding og arbejdsmængde', 'Tabel 10. Bemanding 2025 i årsværk', 'Hele planen Satspulje Mentorkorps 3 1.800.000 kr.',
      'Hele planen Kommunen Koordinator 0,5', 'I alt 3,5 2.100.000 kr.', 'Tabel 11. Arbejdsmængde 2025', 'Åbne sager ved årets udgang 6',
      'Forløb i gang i året 3', 'Afholdte samtaler i forløb 7']) expect(text, s).toContain(s);

    const cells = (await xlsxCells(await buildWorkbook(report, tables, 'da', new Date('2026-01-15T09:30:00Z')))).get('Bemanding')!;
    expect(cells.slice(0, 5)).toEqual(['Indsatsområde', 'Finansiering', 'Betegnelse', 'Årsværk', 'Beløb (kr.)']);
    expect(cells.join('|')).toContain('I alt|||3.5|2100000');
    expect(cells.join('|')).toContain('Åbne sager ved årets udgang|||6');

    const words = docxText(await buildWordDocument(report, tables, 'en', 'Testkommune A'));
    for (const s of ['5. Staffing and workload', 'Staffing 2025 in full-time equivalents', 'Cases open at year end', 'Course sessions held', '3.5']) {
      expect(words, s).toContain(s);
    }
  });
});
