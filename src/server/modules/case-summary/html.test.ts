import { describe, expect, it } from 'vitest';
import { caseSummaryHtml } from './html.ts';
import type { SummaryData } from './repo.ts';

/** The case summary's HTML (docs/domain.md, "The case summary"): the supervision part. */
const base: SummaryData = {
  title: 'Sag', status: 'open', preventionLevel: 'green', createdAt: new Date('2026-03-02T09:00:00Z'), closedAt: null, closureReason: null,
  owner: 'Olga Ejer', person: { fullName: 'Borger Testsen', birthDate: null },
  changes: [], assessments: [], offers: [], courses: [], disclosures: [], goals: [], reviews: [], supervision: [],
};

describe('caseSummaryHtml: supervision sessions', () => {
  it('prints each session as a row of a captioned table, escaped, with the member\'s role on the case', () => {
    const html = caseSummaryHtml({
      ...base,
      supervision: [{ on: '2026-02-23', member: 'Rikke <Ressource>', relation: 'resource_person', minutes: 45, topic: 'Samtaleteknik & motivation' }],
    }, new Date('2026-03-02T10:00:00Z'));
    expect(html).toContain('<h2>Supervision af ressourcepersoner og SSP</h2>');
    expect(html).toContain('<caption>Supervisionssessioner</caption>');
    expect(html).toContain('<td>23.02.2026</td><td>Rikke &lt;Ressource&gt;</td><td>Ressourceperson</td><td>45 min.</td><td>Samtaleteknik &amp; motivation</td>');
  });

  it('says so when there are none, and leaves the part out when the actor may not read supervision (null)', () => {
    expect(caseSummaryHtml(base, new Date())).toContain('Ingen supervision registreret.');
    const without = caseSummaryHtml({ ...base, supervision: null }, new Date());
    expect(without).not.toContain('Supervision');
  });
});
