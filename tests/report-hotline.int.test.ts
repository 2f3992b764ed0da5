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
 * Issue 15, item 1: the shared hotline's section in the yearly report of a member unit (docs/domain.md, "The yearly
 * report"). Unit a (Copenhagen, 101) and unit b (Aarhus, 751) are members of one hotline; the report of unit a shows
 * the hotline's calls of the year over both units by breakdown, small counts withheld as in the hotline statistics,
 * and unit a's own hotline calls and the concerns forwarded to it. A unit in no hotline gets no section.
 */
let h: Harness;
let manager: Client & { user: TestUser };
let analyst: Client & { user: TestUser };
let aarhusAdviser: Client & { user: TestUser };
let cphAdviser: Client & { user: TestUser };
let planId: string;
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

const hotlineCall = (over: Record<string, unknown> = {}) => ({
  channel: 'national_hotline', callerType: 'parent', topic: 'Bekymring for søn', ideologyArea: 'right_wing', outcome: 'advice_only',
  callerMunicipality: '751', ...over,
});
const forwardBody = () => ({
  reporter: { anonymous: true }, person: { fullName: 'Hotline Rapportperson' }, ideologyArea: 'right_wing', severity: 'medium',
  behaviourIndicators: ['threats'], behaviourDescription: 'Truer klassekammerater og deler voldelige opslag.', minor: 'no',
  legalBasis: 'serviceloven § 49 b og forvaltningsloven § 28, stk. 2',
});

async function collect(who: Client & { user: TestUser }, role: Role): Promise<YearReport> {
  const actor = { id: who.user.id, role, username: 'x', displayName: 'X', unitId: h.units.a, unitName: 'A', unitIds: [h.units.a], sessionId: 'test' };
  const { report } = await runScoped(h.ctx, actor, 'supervision', (s) => reports.collect(s, { planId, year: 2026, lang: 'da' }));
  return report;
}

beforeAll(async () => {
  h = await createHarness();
  manager = await h.signIn('manager', 'a');
  analyst = await h.signIn('analyst', 'a');
  aarhusAdviser = await h.signIn('adviser', 'b');
  cphAdviser = await h.signIn('adviser', 'a');
  const plan = await manager.post('/api/v1/plans', { name: 'Handleplan 2026', firstYear: 2026, lastYear: 2026 });
  expect(plan.status).toBe(201);
  planId = plan.body.id;
});
afterAll(async () => h?.close());

describe("the yearly report's shared hotline section", () => {
  it('is absent for a unit in no hotline', async () => {
    expect((await aarhusAdviser.post('/api/v1/calls', hotlineCall({ citizenMunicipality: '101' }))).status).toBe(201);
    const report = await collect(manager, 'manager');
    expect(report.hotline).toBeNull();
    const { html } = renderYearReportHtml(report, { lang: 'da', unitName: 'Testkommune A' });
    expect(html).not.toContain('Den fælles hotline');
  });

  it("counts the hotline's calls over both member units, and the unit's own calls and forwarded concerns", async () => {
    const [hl] = await sql<{ id: string }>(`INSERT INTO hotlines (name) VALUES ('Den nationale hotline') RETURNING id`);
    await sql('INSERT INTO hotline_members (hotline_id, unit_id) VALUES ($1, $2), ($1, $3)', [hl!.id, h.units.a, h.units.b]);
    // Aarhus: 6 calls about Copenhagen citizens (one above), 1 about municipality 461, 5 without the citizen's municipality.
    for (let i = 0; i < 5; i++) expect((await aarhusAdviser.post('/api/v1/calls', hotlineCall({ citizenMunicipality: '101' }))).status).toBe(201);
    await aarhusAdviser.post('/api/v1/calls', hotlineCall({ citizenMunicipality: '461' }));
    for (let i = 0; i < 5; i++) await aarhusAdviser.post('/api/v1/calls', hotlineCall());
    // Copenhagen: 5 hotline calls from citizens, and a call on its own line that is not the hotline's.
    for (let i = 0; i < 5; i++) await cphAdviser.post('/api/v1/calls', hotlineCall({ callerType: 'citizen', callerMunicipality: '101', citizenMunicipality: '101' }));
    await cphAdviser.post('/api/v1/calls', hotlineCall({ channel: 'vink_line', callerType: 'citizen', callerMunicipality: '101' }));
    // One Aarhus call forwarded to Copenhagen as a concern.
    const call = await aarhusAdviser.post('/api/v1/calls', hotlineCall({ citizenMunicipality: '101', callerType: 'professional', callerSector: 'school' }));
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    expect((await aarhusAdviser.post(`/api/v1/calls/${call.body.id}/hotline-forward`, forwardBody())).status).toBe(200);

    const report = await collect(manager, 'manager');
    const hotline = report.hotline!;
    expect(hotline.hotlineNames).toEqual(['Den nationale hotline']);
    const cell = (d: string, v: string | null) => hotline.rows.find((r) => r.dimension === d && r.value === v)?.calls;
    expect(cell('caller_type', 'parent')).toBe(12);
    // One professional call: withheld, and the next smallest of the breakdown (citizen, 5) with it.
    expect(hotline.rows.some((r) => r.dimension === 'caller_type' && r.value === 'professional' && r.calls === null)).toBe(true);
    expect(cell('caller_type', 'citizen')).toBeNull();
    expect(cell('municipality', '101')).toBe(12);
    expect(cell('municipality', '461')).toBeNull();
    expect(hotline.rows.every((r) => r.calls === null || r.calls >= 5)).toBe(true);
    // The vink_line call is not the hotline's: 18 calls in all, in every breakdown.
    const total = hotline.rows.filter((r) => r.dimension === 'topic').reduce((n, r) => n + (r.calls ?? 0), 0);
    expect(total).toBe(18);
    expect(hotline.ownCalls).toBe(5);
    expect(hotline.forwardedIn).toBe(1);

    // The analyst's report withholds the unit's own small figure too.
    const forAnalyst = await collect(analyst, 'analyst');
    expect(forAnalyst.exactCounts).toBe(false);
    expect(forAnalyst.hotline!.ownCalls).toBe(5);
    expect(forAnalyst.hotline!.forwardedIn).toBeNull();

    // The PDF's HTML, the workbook and the Word file.
    const { html, tables } = renderYearReportHtml(report, { lang: 'da', unitName: 'Testkommune A' });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const s of ['5. Den fælles hotline', 'Tabel 10. Hotlinens opkald 2026 efter opkaldertype, emne, udfald og kommune',
      'Opkaldertype Forælder 12', 'Borgerens kommune 101 12', 'Borgerens kommune 461 &lt; 5', 'Tabel 11. Enhedens egne hotlinetal 2026',
      'Enhedens egne opkald på hotlinen 5', 'Bekymringer videresendt til enheden fra hotlinen 1',
      // Staffing and workload follow the hotline's section.
      '6. Bemanding og arbejdsmængde', 'Tabel 12. Bemanding 2026 i årsværk', 'Tabel 13. Arbejdsmængde 2026']) expect(text, s).toContain(s);

    const cells = (await xlsxCells(await buildWorkbook(report, tables, 'da', new Date('2027-01-15T09:30:00Z')))).get('Hotline')!;
    expect(cells.slice(0, 3)).toEqual(['Opdeling', 'Værdi', 'Opkald']);
    expect(cells.join('|')).toContain('Opkaldertype|Forælder|12');
    expect(cells.join('|')).toContain('Borgerens kommune|461|< 5');
    expect(cells.slice(-6)).toEqual(['Enhedens egne opkald på hotlinen', '', '5', 'Bekymringer videresendt til enheden fra hotlinen', '', '1']);

    const words = docxText(await buildWordDocument(report, tables, 'en', 'Testkommune A'));
    for (const s of ['5. The shared hotline', 'Caller type', 'Parent', "The unit's own calls on the hotline", 'Concerns forwarded to the unit from the hotline', '< 5']) {
      expect(words, s).toContain(s);
    }
  });
});
