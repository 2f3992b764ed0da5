import { inflateRawSync, inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { renderYearReportHtml } from '../src/server/modules/reports/html.ts';
import { printPdf } from '../src/server/modules/reports/pdf.ts';
import { buildWorkbook } from '../src/server/modules/reports/xlsx.ts';
import { JOB_TTL_MS } from '../src/server/modules/reports/jobs.ts';
import { fixtureReport } from './reports-fixture.ts';

/**
 * The yearly report to the committee, from figures to files: the renderer's PDF is tagged and carries the
 * report's text, the workbook re-reads with the same numbers, and over HTTP a manager starts a job, polls it and
 * downloads both files, each request that exports leaving one audit row.
 */

const MISSED_COMMENT = 'Et møde blev aflyst, da lokalet var lukket; det holdes i januar.';

/** The text of word/document.xml in a .docx (a zip): found by its local file header and inflated with node:zlib. */
function docxText(docx: Buffer): string {
  for (let at = docx.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = docx.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const method = docx.readUInt16LE(at + 8);
    const size = docx.readUInt32LE(at + 18);
    const nameLen = docx.readUInt16LE(at + 26);
    const extraLen = docx.readUInt16LE(at + 28);
    const name = docx.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    if (name !== 'word/document.xml') continue;
    const data = docx.subarray(at + 30 + nameLen + extraLen, at + 30 + nameLen + extraLen + size);
    const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    return xml.replace(/<w:p[ >][^]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
  }
  throw new Error('no word/document.xml in the file');
}

// --- a small PDF text extractor: enough for Chromium's (Skia's) output, so CI needs no poppler ------------------------
/** Decodes the text drawn in a PDF: inflates the streams, maps each font's glyph codes through its ToUnicode CMap. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; data: string | null }>();
  const objRe = /(\d+) 0 obj\b/g;
  for (let m = objRe.exec(raw); m; m = objRe.exec(raw)) {
    const end = raw.indexOf('endobj', m.index);
    const body = raw.slice(m.index + m[0].length, end);
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt < 0) { objects.set(Number(m[1]), { dict: body, data: null }); continue; }
    const dict = body.slice(0, streamAt);
    const start = m.index + m[0].length + streamAt + body.slice(streamAt).match(/stream\r?\n/)![0].length;
    const len = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    const bytes = pdf.subarray(start, start + len);
    let data: string;
    try { data = (dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes).toString('latin1'); } catch { data = ''; }
    objects.set(Number(m[1]), { dict, data });
  }
  const utf16 = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  const cmapOf = (text: string) => {
    const map = new Map<number, string>();
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const p of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(p[1]!, 16), utf16(p[2]!));
    }
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const p of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
        const lo = parseInt(p[1]!, 16);
        const hi = parseInt(p[2]!, 16);
        if (p[3]!.startsWith('[')) {
          [...p[3]!.matchAll(/<([0-9A-Fa-f]+)>/g)].forEach((d, i) => map.set(lo + i, utf16(d[1]!)));
        } else {
          const base = parseInt(p[3]!.slice(1, -1), 16);
          for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo));
        }
      }
    }
    return map;
  };
  const fontCmaps = new Map<number, Map<number, string>>();
  for (const [n, o] of objects) {
    const tu = /\/Type \/Font[\s\S]*\/ToUnicode (\d+) 0 R/.exec(o.dict);
    if (tu) fontCmaps.set(n, cmapOf(objects.get(Number(tu[1]))?.data ?? ''));
  }
  const fontByName = new Map<string, Map<number, string>>();
  for (const o of objects.values()) {
    for (const res of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const r of res[1]!.matchAll(/\/(\S+) (\d+) 0 R/g)) {
        const cmap = fontCmaps.get(Number(r[2]));
        if (cmap) fontByName.set(r[1]!, cmap);
      }
    }
  }
  const out: string[] = [];
  for (const o of objects.values()) {
    if (!o.data || !/\bBT\b/.test(o.data)) continue;
    let cmap = new Map<number, string>();
    const tokenRe = /\/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ|\bET\b/g;
    let line = '';
    for (const t of o.data.matchAll(tokenRe)) {
      if (t[1]) cmap = fontByName.get(t[1]) ?? new Map();
      else if (t[2] !== undefined || t[3] !== undefined) {
        const hexes = t[2] !== undefined ? [t[2]] : [...t[3]!.matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => h[1]!);
        for (const hex of hexes) for (let i = 0; i + 4 <= hex.length; i += 4) line += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      } else {
        out.push(line);
        line = '';
      }
    }
  }
  // Lines wrap inside table cells; compare with whitespace collapsed.
  return out.join('\n').replace(/\s+/g, ' ');
}

// --- fixtures --------------------------------------------------------------------------------------------------------
let h: Harness;
let manager: Client & { user: TestUser };
let planId: string;
let otherUnitPlanId: string;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

/** A 2016-17 plan with known targets, activities, calls and budget for unit; returns its id. */
async function installPlan(unitId: string, userId: string): Promise<string> {
  const now = h.clock.now();
  const [plan] = await sql<{ id: string }>(`INSERT INTO action_plans (unit_id, name, first_year, last_year, created_at) VALUES ($1, 'Handleplan 2016–17 for Ærø', 2016, 2017, $2) RETURNING id`, [unitId, now]);
  const id = plan!.id;
  const track = async (pos: number, name: string) =>
    (await sql<{ id: string }>('INSERT INTO plan_tracks (plan_id, unit_id, position, name) VALUES ($1, $2, $3, $4) RETURNING id', [id, unitId, pos, name]))[0]!.id;
  const mentors = await track(1, 'Mentorer og pårørendecoaches');
  const awareness = await track(2, 'Oplysning og kompetenceløft');
  const indicator = async (pos: number, trackId: string | null, measure: string, params: object, label: string, comparison: string, target: number) => {
    const [row] = await sql<{ id: string }>(`INSERT INTO plan_indicators (plan_id, unit_id, track_id, position, measure, params, label_da) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
      [id, unitId, trackId, pos, measure, JSON.stringify(params), label]);
    await sql('INSERT INTO plan_targets (indicator_id, unit_id, year, comparison, target) VALUES ($1, $2, 2017, $3, $4)', [row!.id, unitId, comparison, target]);
  };
  await indicator(1, mentors, 'offer_acceptance_rate', {}, 'Andel der tager imod tilbud om mentorforløb', 'at_least', 60);
  await indicator(2, awareness, 'people_reached', { kind: 'awareness_talk' }, 'Fagpersoner nået med oplysning', 'at_least', 1000);
  await indicator(3, null, 'meetings_held', { kind: 'citizen_forum_meeting' }, 'Møder i medborgerforum', 'at_least', 4);
  await indicator(4, null, 'milestone', { milestoneKey: 'outreach_concept' }, 'Opsøgende koncept udviklet', 'done', 1);
  const activity = (day: string, kind: string, participants: number) =>
    sql(`INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'Aktivitet', 'professionals', 'green', 'school', $4, $5, $6, $6)`, [unitId, day, kind, participants, userId, now]);
  await activity('2017-03-01', 'awareness_talk', 700);
  await activity('2017-09-12', 'awareness_talk', 531);
  await activity('2017-04-01', 'citizen_forum_meeting', 1);
  await activity('2017-06-01', 'citizen_forum_meeting', 1);
  await activity('2017-11-01', 'citizen_forum_meeting', 1);
  await activity('2017-05-05', 'outreach', 0);
  // The milestone is met by its recorded decision, not by the outreach above (docs/domain.md).
  await sql(`INSERT INTO milestone_decisions (unit_id, plan_id, milestone_key, decided_on, approved_by, document_ref, created_by, created_at)
             VALUES ($1, $2, 'outreach_concept', '2017-06-20', 'Beskæftigelses- og Integrationsudvalget', 'Sag 2017-0099', $3, $4)`, [unitId, id, userId, now]);
  for (const [i, ideology] of ['militant_islamism', 'militant_islamism', 'militant_islamism', 'right_wing', 'right_wing', 'left_wing', 'none'].entries()) {
    await sql(`INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
               VALUES ($1, $2, 'vink_line', 'parent', 'Rådgivning', $3, 'advice_only', $4, $2, $2)`, [unitId, `2017-0${i + 1}-10T10:00:00Z`, ideology, userId]);
  }
  const line = async (trackId: string | null, source: string, amount: number, spent: number[]) => {
    const [l] = await sql<{ id: string }>('INSERT INTO budget_lines (plan_id, unit_id, track_id, year, funding_source, amount_dkk) VALUES ($1, $2, $3, 2017, $4, $5) RETURNING id',
      [id, unitId, trackId, source, amount]);
    for (const s of spent) {
      await sql(`INSERT INTO spending_entries (unit_id, budget_line_id, spent_on, amount_dkk, description, created_by, created_at) VALUES ($1, $2, '2017-06-30', $3, 'Løn', $4, $5)`,
        [unitId, l!.id, s, userId, now]);
    }
  };
  await line(mentors, 'Kommunal ramme', 3_100_000, [1_000_000, 234_567.89]);
  await line(awareness, 'Satspuljen', 2_000_000, [250_000]);
  await line(null, 'Fonde – Østerbro', 1_100_000, []);
  return id;
}

/** The raw bytes of a download (the harness client decodes bodies as text). */
async function download(c: Client, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${c.cookie}` } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => res.json() };
}

async function lastAudit() {
  return (await sql<{ action: string; outcome: string; actor_id: string; record_type: string; record_id: string; criterion: string | null }>(
    'SELECT action, outcome, actor_id, record_type, record_id, criterion FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

/** Polls until the job has finished; returns every status seen. */
async function waitForJob(c: Client, jobId: string) {
  const seen: { status: string; progress: number; step: string }[] = [];
  for (let i = 0; i < 600; i++) {
    const res = await c.get(`/api/v1/reports/jobs/${jobId}`);
    expect(res.status).toBe(200);
    seen.push(res.body);
    if (res.body.status === 'done' || res.body.status === 'failed') return seen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('report job did not finish');
}

beforeAll(async () => {
  h = await createHarness();
  manager = await h.signIn('manager', 'a');
  planId = await installPlan(h.units.a, manager.user.id);
  otherUnitPlanId = await installPlan(h.units.b, (await h.createUser('manager', 'b')).id);
});
afterAll(async () => h?.close());

describe('yearly report files', () => {
  it('prints a tagged A4 PDF that carries every target, actual and total of the report', async () => {
    const report = fixtureReport();
    const { html } = renderYearReportHtml(report, { unitName: 'Københavns Kommune' });
    const t0 = performance.now();
    const pdf = await printPdf(html, { lang: 'da', year: report.year });
    console.log(`PDF of the fixture report: ${Math.round(performance.now() - t0)} ms (first print includes launching Chromium), ${pdf.length} bytes`);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/MarkInfo\s*<<[^>]*\/Marked true/);
    expect(raw).toMatch(/\/Lang \(da\)/);
    expect(raw).toContain('/Outlines');
    expect(raw).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/); // A4
    const text = pdfText(pdf);
    for (const s of ['Årsrapport til udvalget 2017', 'Københavns Kommune', 'Handleplan 2016–17 <VINK>', 'mindst 60 %', '72,5 %', 'mindst 1.000', '1.234',
      'mindst 70 %', '55 %', 'Ikke opfyldt', 'Ikke opgjort', '2 af 4 mål er opfyldt.', '312', '24,7 %', 'Militant islamisme', '15–17 år',
      '3.100.000 kr.', '2.950.500,50 kr.', '6.200.000 kr.', '5.450.500,50 kr.', 'Fonde – Ærø & Østerbro', 'Side 1 af', 'Mål og resultat for indikatorer i procent']) {
      expect(text, s).toContain(s);
    }
  });

  it('writes a workbook with one sheet per table that re-reads with the same numbers', async () => {
    const report = fixtureReport();
    const { tables } = renderYearReportHtml(report, { unitName: 'Københavns Kommune' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildWorkbook(report, tables, 'da', new Date('2018-01-15T09:30:00Z'))) as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Indikatorer', 'Sagsforløb', 'Budget', 'Forebyggelse']);
    const ind = wb.getWorksheet('Indikatorer')!;
    expect(ind.getRow(1).font?.bold).toBe(true);
    expect(ind.getRow(1).values).toEqual([undefined, 'Indikator', 'Spor', 'Mål', 'Resultat', 'Opfyldt', 'Kommentarer til målene']);
    expect(ind.getRow(2).values).toEqual([undefined, 'Andel der tager imod et mentorforløb', 'Mentorer', 0.6, 0.725, '✓ Opfyldt']);
    expect(ind.getCell('C2').numFmt).toBe('0.0%');
    expect(ind.getRow(3).values).toEqual([undefined, 'Fagpersoner nået med oplysning', 'Oplysning', 1000, 1234, '✓ Opfyldt']);
    expect(ind.getCell('D3').numFmt).toBe('#,##0');
    expect(ind.getRow(4).getCell(5).value).toBe('✗ Ikke opfyldt');
    expect(ind.getRow(5).getCell(4).value).toBeNull();
    const cases = wb.getWorksheet('Sagsforløb')!;
    expect(cases.getRow(2).values).toEqual([undefined, 'I alt', '', 312, 85, 21, 0.247, 17]);
    expect(cases.getRow(3).values).toEqual([undefined, 'ideologisk område', 'Militant islamisme', 190, 51, 14, 0.275, 11]);
    const hidden = cases.getRow(5);
    expect(hidden.getCell(2).value).toBe('Venstreekstremisme');
    expect(hidden.getCell(4).value).toBeNull();
    const budget = wb.getWorksheet('Budget')!;
    expect(budget.getRow(2).values).toEqual([undefined, 'Spor', 'Mentorer', 3_100_000, 2_950_500.5, 149_499.5, 0.952]);
    expect(budget.getRow(7).values).toEqual([undefined, 'Finansieringskilde', 'Fonde – Ærø & Østerbro', 1_100_000, 400_000, 700_000, 0.364]);
    expect(budget.getRow(8).values).toEqual([undefined, 'I alt', '', 6_200_000, 5_450_500.5, 749_499.5, 0.879]);
    expect(budget.getCell('C2').numFmt).toBe('#,##0.00 "kr."');
    for (const ws of wb.worksheets) expect(typeof ws.getCell('D2').value).toBe('number');
  });
});

describe('yearly report over HTTP', () => {
  it('a manager starts a job (202, one audit row), polls its progress to done and downloads the PDF, the workbook and the Word file (one audit row each)', async () => {
    // The texts for the committee: a missed target (4 citizen-forum meetings, 3 held) needs its comment.
    const [missed] = await sql<{ id: string }>(`SELECT id FROM plan_indicators WHERE plan_id = $1 AND label_da = 'Møder i medborgerforum'`, [planId]);
    const texts = { version: 0, addressee: 'Beskæftigelses- og Integrationsudvalget', foreword: 'Året bød på flere bekymringer end ventet.', comments: [] as object[] };
    const refused = await manager.request('PUT', `/api/v1/plans/${planId}/report-texts/2017`, texts);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(`comments.${missed!.id}`);
    const saved = await manager.request('PUT', `/api/v1/plans/${planId}/report-texts/2017`, { ...texts, comments: [{ indicatorId: missed!.id, text: MISSED_COMMENT }] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, addressee: texts.addressee });
    // A stale version is refused; the next version keeps the first in the history.
    expect((await manager.request('PUT', `/api/v1/plans/${planId}/report-texts/2017`, { ...texts, comments: [{ indicatorId: missed!.id, text: MISSED_COMMENT }] })).status).toBe(409);
    const again = await manager.request('PUT', `/api/v1/plans/${planId}/report-texts/2017`, { ...texts, version: 1, comments: [{ indicatorId: missed!.id, text: MISSED_COMMENT }] });
    expect(again.body.history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const before = await h.auditCount();
    const start = await manager.post('/api/v1/reports/year', { planId, year: 2017 });
    expect(start.status).toBe(202);
    expect(start.body).toMatchObject({ status: 'queued', step: 'queued', year: 2017 });
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'ok', actor_id: manager.user.id, record_type: 'action_plan', record_id: planId });

    const seen = await waitForJob(manager, start.body.jobId);
    expect(seen.at(-1)).toMatchObject({ status: 'done', progress: 100, step: 'done' });
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await h.auditCount()).toBe(before + 1); // polling exports nothing

    const pdf = await download(manager, `/api/v1/reports/jobs/${start.body.jobId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="aarsrapport-2017.pdf"');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(await h.auditCount()).toBe(before + 2);
    expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'ok', record_id: planId, criterion: 'year_report year=2017 format=pdf' });
    const text = pdfText(pdf.bytes);
    if (process.env.REPORTS_DUMP) console.log(text);
    for (const s of ['Beskæftigelses- og Integrationsudvalget', 'Året bød på flere bekymringer end ventet.', MISSED_COMMENT]) expect(text.replace(/\s+/g, ' '), s).toContain(s);
    for (const s of ['Årsrapport til udvalget 2017', 'Testkommune A', 'Handleplan 2016–17 for Ærø', 'mindst 1.000', '1.231', 'mindst 4', 'Ikke opfyldt',
      'Gennemført', '3.100.000 kr.', '1.234.567,89 kr.', '6.200.000 kr.', '1.484.567,89 kr.', 'Fonde – Østerbro', 'Mentorer og pårørendecoaches']) {
      expect(text, s).toContain(s);
    }

    const xlsx = await download(manager, `/api/v1/reports/jobs/${start.body.jobId}/xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="aarsrapport-2017.xlsx"');
    expect(await h.auditCount()).toBe(before + 3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as any);
    const ind = wb.getWorksheet('Indikatorer')!;
    expect(ind.getRow(3).values).toEqual([undefined, 'Fagpersoner nået med oplysning', 'Oplysning og kompetenceløft', 1000, 1231, '✓ Opfyldt']);
    // The missed target's comment, written for the committee before the report was made.
    expect(ind.getRow(4).values).toEqual([undefined, 'Møder i medborgerforum', '', 4, 3, '✗ Ikke opfyldt', MISSED_COMMENT]);
    expect(ind.getRow(5).getCell(4).value).toBe(1);
    expect(wb.getWorksheet('Sagsforløb')!.getRow(2).getCell(3).value).toBe(7);
    const budget = wb.getWorksheet('Budget')!;
    expect(budget.getRow(2).values).toEqual([undefined, 'Spor', 'Mentorer og pårørendecoaches', 3_100_000, 1_234_567.89, 1_865_432.11, 0.398]);
    expect([budget.getCell('C8').value, budget.getCell('D8').value]).toEqual([6_200_000, 1_484_567.89]);

    // The Word version, for committee papers edited before they go out: the same texts and figures.
    const docx = await download(manager, `/api/v1/reports/jobs/${start.body.jobId}/docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers['content-disposition']).toBe('attachment; filename="aarsrapport-2017.docx"');
    expect(await h.auditCount()).toBe(before + 4);
    const words = docxText(docx.bytes).replace(/\u00a0/g, ' ');
    for (const s of ['Årsrapport til udvalget 2017', 'Til: Beskæftigelses- og Integrationsudvalget', 'Året bød på flere bekymringer end ventet.', MISSED_COMMENT,
      'Møder i medborgerforum', '6.200.000 kr.']) {
      expect(words, s).toContain(s);
    }
  });

  it('a job belongs to the user who started it: a colleague in the same unit gets 404 on status and files, the download refusal audited', async () => {
    const start = await manager.post('/api/v1/reports/year', { planId, year: 2017 });
    await waitForJob(manager, start.body.jobId);
    const colleague = await h.signIn('manager', 'a');
    const before = await h.auditCount();
    expect((await colleague.get(`/api/v1/reports/jobs/${start.body.jobId}`)).status).toBe(404);
    expect(await h.auditCount()).toBe(before);
    expect((await download(colleague, `/api/v1/reports/jobs/${start.body.jobId}/pdf`)).status).toBe(404);
    expect(await h.auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'denied', actor_id: colleague.user.id, record_type: 'year_report', record_id: start.body.jobId });
  });

  it('a file asked for before the job is done answers 409 naming the status', async () => {
    const start = await manager.post('/api/v1/reports/year', { planId, year: 2016 });
    const early = await download(manager, `/api/v1/reports/jobs/${start.body.jobId}/xlsx`);
    expect(early.status).toBe(409);
    expect(early.json()).toMatchObject({ code: 'conflict' });
    expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'denied' });
    await waitForJob(manager, start.body.jobId);
  });

  it('refuses a year outside the plan (400), an unknown plan and another unit\'s plan (404, audited), a role without report.export (403)', async () => {
    const outside = await manager.post('/api/v1/reports/year', { planId, year: 2019 });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('year');
    for (const id of ['00000000-0000-4000-8000-000000000000', otherUnitPlanId]) {
      const before = await h.auditCount();
      expect((await manager.post('/api/v1/reports/year', { planId: id, year: 2017 })).status).toBe(404);
      expect(await h.auditCount()).toBe(before + 1);
      expect(await lastAudit()).toMatchObject({ action: 'export', outcome: 'denied' });
    }
    const adviser = await h.signIn('adviser', 'a');
    expect((await adviser.post('/api/v1/reports/year', { planId, year: 2017 })).status).toBe(403);
    expect((await adviser.get('/api/v1/reports/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(403);
  });

  it('forgets a job and its files after the time to live', async () => {
    const start = await manager.post('/api/v1/reports/year', { planId, year: 2017 });
    await waitForJob(manager, start.body.jobId);
    h.clock.advance(JOB_TTL_MS + 1000);
    // The session has idled out too; the same user signs in again.
    manager = Object.assign(await h.signInAs(manager.user), { user: manager.user });
    expect((await manager.get(`/api/v1/reports/jobs/${start.body.jobId}`)).status).toBe(404);
    expect((await download(manager, `/api/v1/reports/jobs/${start.body.jobId}/pdf`)).status).toBe(404);
  });

  it('lets one user have at most two reports in progress (429 for a third)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await manager.post('/api/v1/reports/year', { planId, year: 2017 })).body.jobId);
    const third = await manager.post('/api/v1/reports/year', { planId, year: 2017 });
    expect(third.status).toBe(429);
    for (const id of ids) await waitForJob(manager, id);
    expect((await manager.post('/api/v1/reports/year', { planId, year: 2017 })).status).toBe(202);
  });
});
