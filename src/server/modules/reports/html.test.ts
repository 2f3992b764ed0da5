import { describe, expect, it } from 'vitest';
import { renderYearReportHtml, esc } from './html.ts';
import { reportTables, share } from './tables.ts';
import { fixtureReport } from '../../../../tests/reports-fixture.ts';

describe('yearly report HTML', () => {
  const UNIT = 'Københavns Kommune, VINK';
  const { html, charts, tables } = renderYearReportHtml(fixtureReport(), { unitName: UNIT });

  it('is a Danish document titled with the year', () => {
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('<h1>Årsrapport til udvalget 2017</h1>');
    expect(html).toContain('15. januar 2018');
  });

  it('shows every target and actual with Danish number formatting', () => {
    expect(html).toContain('mindst 60\u00a0%');
    expect(html).toContain('72,5\u00a0%');
    expect(html).toContain('mindst 1.000');
    expect(html).toContain('1.234');
    expect(html).toContain('mindst 70\u00a0%');
    expect(html).toContain('55\u00a0%');
  });

  it('says met or not met in words, not by colour alone', () => {
    expect(html).toMatch(/✓<\/span> Opfyldt/);
    expect(html).toMatch(/✗<\/span> Ikke opfyldt/);
    expect(html).toContain('– Ikke opgjort');
    expect(html).toContain('>Gennemført<');
    expect(html).toContain('2 af 4 mål er opfyldt.');
  });

  it('has tables with captions and scoped header cells', () => {
    expect((html.match(/<table[ >]/g) ?? []).length).toBe(9);
    expect((html.match(/<caption>/g) ?? []).length).toBe(9);
    expect(html).toContain('<th scope="col">Indikator</th>');
    expect(html).toContain('<th scope="row">Militant islamisme</th>');
    expect(html).not.toMatch(/<th(>|\s(?![^>]*scope=))/);
  });

  it('shows the caseload, the share justified and the hidden small counts', () => {
    expect(tables.keyFigures.find((k) => k.key === 'justifiedShare')!.value).toBe(24.7);
    expect(html).toContain('24,7\u00a0%');
    expect(html).toContain('>312<');
    expect(html).toContain('>skjult<');
    expect(html).toContain('«skjult»');
  });

  it('shows budget against spending with totals in kroner', () => {
    expect(html).toContain('3.100.000\u00a0kr.');
    expect(html).toContain('2.950.500,50\u00a0kr.');
    expect(html).toContain('6.200.000\u00a0kr.');
    expect(html).toContain('5.450.500,50\u00a0kr.');
    expect(html).toContain('Tværgående');
    expect(html).toContain('Fonde – Ærø &amp; Østerbro');
    expect(html).toContain('4.000.000\u00a0kr.');
    expect(html).toContain('Tabel 8. Budget og forbrug 2017 fordelt på finansieringskilde (kr.)');
  });

  it('draws each chart as inline SVG inside a figure with a caption and a text alternative', () => {
    expect(charts.map((c) => c.id)).toEqual(['chart-indicators', 'chart-funnel', 'chart-budget']);
    for (const c of charts) {
      expect(c.svg.startsWith('<svg aria-hidden="true"')).toBe(true);
      expect(html).toContain(`<figure id="${c.id}" role="group"`);
      expect(html).toContain(`role="img" aria-label="${esc(c.alt)}"`);
    }
    expect(charts[2]!.alt).toContain('Samlet er 5.450.500,50\u00a0kr. af 6.200.000\u00a0kr. brugt.');
    expect(charts[1]!.alt).toContain('312 opkald, 85 bekymringshenvendelser, 21 vurderet begrundede og 17 forløb startet');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('escapes text from the data', () => {
    expect(html).toContain('Handleplan 2016–17 &lt;VINK&gt;');
    expect(html).not.toContain('<VINK>');
  });

  it('leaves out the indicator chart when no indicator is a percentage, and renders English on request', () => {
    const r = fixtureReport({ indicators: [] });
    expect(renderYearReportHtml(r, { unitName: UNIT }).charts.map((c) => c.id)).toEqual(['chart-funnel', 'chart-budget']);
    const en = renderYearReportHtml(fixtureReport(), { lang: 'en', unitName: UNIT }).html;
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Yearly report to the committee 2017');
    expect(en).toContain('at least 1,000');
    expect(en).toContain('Share accepting a mentor course');
  });

  it('computes shares only from known, non-zero wholes', () => {
    expect(share(1, 3)).toBe(33.3);
    expect(share(null, 3)).toBeNull();
    expect(share(1, 0)).toBeNull();
    expect(reportTables(fixtureReport()).budgetByTrack[2]).toMatchObject({ label: 'Tværgående', spentShare: 36.4, remainingDkk: 700_000 });
  });
});
