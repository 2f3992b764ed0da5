import { esc } from '../reports/index.ts';
import type { SummaryData } from './repo.ts';

/**
 * The case summary (sagsresumé) as one self-contained Danish HTML document, printed to a tagged PDF by Chromium
 * (reports/pdf.ts): lang="da", one h1 and ordered h2/h3 headings, and every list of records a table with a caption and
 * scoped header cells, so the PDF's structure tree carries headings and tables (docs/domain.md, "The case summary").
 */
const DA: Record<string, Record<string, string>> = {
  status: { open: 'Åben', offer: 'Tilbud', course: 'Forløb', follow_up: 'Opfølgning', closed: 'Lukket' },
  level: { green: 'Grøn (forebyggende)', yellow: 'Gul (foregribende)', red: 'Rød (indgribende)' },
  assessment: { start: 'Ved start', six_months: 'Efter 6 måneder', end: 'Ved afslutning', other: 'Anden vurdering' },
  offer: {
    mentor: 'Mentorforløb', relative_coach: 'Pårørendecoach', exit_course: 'Exit-/resocialiseringsforløb', psychiatry: 'Psykiatri',
    employment_education: 'Beskæftigelses- eller uddannelsesindsats', trauma_treatment: 'Traumebehandling', other_service: 'Anden kommunal indsats',
  },
  response: { pending: 'Afventer svar', accepted: 'Takket ja', declined: 'Takket nej', no_answer: 'Intet svar' },
  course: { mentor: 'Mentorforløb', relative_coach: 'Pårørendecoaching', exit_course: 'Exitforløb', other: 'Andet forløb' },
  endReason: { completed: 'Gennemført', dropped_out: 'Afbrudt', moved: 'Flyttet', other: 'Andet' },
  basis: { retsplejeloven_115: 'Retsplejeloven § 115', serviceloven: 'Serviceloven', consent: 'Samtykke', other: 'Anden hjemmel' },
  goalStatus: { active: 'I gang', achieved: 'Nået', dropped: 'Opgivet' },
  ownerKind: { authority: 'myndighed', person: 'person' },
  relation: { resource_person: 'Ressourceperson', ssp: 'SSP' },
  progress: { none: 'Ingen fremgang', some: 'Nogen fremgang', good: 'God fremgang', achieved: 'Nået', worse: 'Tilbagegang' },
};
const label = (group: string, key: string) => DA[group]?.[key] ?? key;
const day = (d: string | null) => (d ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : '–');
const when = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }).format(d) : '–';
const rating = (v: number | null) => (v === null ? 'Ukendt' : String(v));

function table(caption: string, head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p>${esc(empty)}</p>`;
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const CSS = `
  body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1a1a1a; margin: 0; }
  h1 { font-size: 19pt; margin: 0 0 4mm; color: #1f4e79; }
  h2 { font-size: 13.5pt; margin: 7mm 0 3mm; color: #1f4e79; break-after: avoid; }
  h3 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0 0 4mm; }
  dt { font-weight: bold; } dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; }
  caption { text-align: left; font-weight: bold; padding: 0 0 2mm; }
  th, td { border: 1px solid #8c8c8c; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
  th { background: #e8eef5; }
  p.note { color: #404040; }
`;

export function caseSummaryHtml(d: SummaryData, printedAt: Date): string {
  const facts: [string, string][] = [
    ['Borger', d.person.fullName], ['Fødselsdato', day(d.person.birthDate)], ['Status', label('status', d.status)],
    ['Forebyggelsesniveau', label('level', d.preventionLevel)], ['Sagsejer', d.owner ?? '–'], ['Oprettet', when(d.createdAt)],
    ...(d.closedAt ? [['Lukket', when(d.closedAt)] as [string, string], ['Begrundelse for lukning', d.closureReason ?? '–'] as [string, string]] : []),
  ];
  const parts: string[] = [];
  parts.push(`<h1>Sagsresumé: ${esc(d.title)}</h1>`);
  parts.push(`<p class="note">Udskrevet ${esc(when(printedAt))}. Fortroligt: indeholder personoplysninger.</p>`);
  parts.push(`<h2>Fakta</h2><dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`);
  parts.push('<h2>Tidslinje</h2>');
  parts.push(table('Statusændringer', ['Tidspunkt', 'Fra', 'Til', 'Af', 'Begrundelse'],
    d.changes.map((c) => [when(c.at), label('status', c.from), label('status', c.to), c.by, c.reason ?? '']), 'Ingen statusændringer.'));
  parts.push('<h2>Vurderinger</h2>');
  if (d.assessments.length === 0) parts.push('<p>Ingen vurderinger.</p>');
  for (const a of d.assessments) {
    parts.push(`<h3>${esc(label('assessment', a.kind))}, ${esc(day(a.on))}</h3>`);
    if (a.summary) parts.push(`<p>${esc(a.summary)}</p>`);
    parts.push(table(`Vurdering ${day(a.on)} pr. dimension`, ['Dimension', 'Risiko', 'Ressourcer'], a.ratings.map((r) => [r.label, rating(r.risk), rating(r.resources)]), 'Ingen vurderinger pr. dimension.'));
  }
  parts.push('<h2>Tilbud</h2>');
  parts.push(table('Tilbud og svar', ['Tilbud', 'Givet', 'Svar', 'Besvaret'],
    d.offers.map((o) => [label('offer', o.type), when(o.at), label('response', o.response), when(o.respondedAt)]), 'Ingen tilbud.'));
  parts.push('<h2>Forløb</h2>');
  parts.push(table('Forløb', ['Forløb', 'Mentor eller coach', 'Start', 'Slut', 'Afslutning', 'Samtaler'],
    d.courses.map((c) => [label('course', c.kind), c.mentor, day(c.startedOn), day(c.endedOn), c.endReason ? label('endReason', c.endReason) : '', String(c.sessions)]), 'Ingen forløb.'));
  parts.push('<h2>Videregivelser</h2>');
  parts.push(table('Videregivelser af oplysninger', ['Tidspunkt', 'Modtager', 'Hjemmel', 'Indhold'],
    d.disclosures.map((x) => [when(x.at), x.organisation, label('basis', x.legalBasis), x.content]), 'Ingen videregivelser.'));
  parts.push('<h2>Støtteplan</h2>');
  parts.push(table('Mål i støtteplanen', ['Mål', 'Ansvarlig', 'Handlinger', 'Vurderingsområder', 'Status'],
    d.goals.map((g) => [g.title, `${g.ownerName} (${label('ownerKind', g.ownerKind)})`, g.actions, g.dimensions.join(', '), label('goalStatus', g.status)]), 'Ingen mål.'));
  if (d.reviews.length === 0) parts.push('<p>Ingen opfølgninger på støtteplanen.</p>');
  for (const r of d.reviews) {
    parts.push(`<h3>Opfølgning ${esc(day(r.on))} ved ${esc(r.by)}</h3>`);
    if (r.summary) parts.push(`<p>${esc(r.summary)}</p>`);
    parts.push(table(`Fremgang ved opfølgningen ${day(r.on)}`, ['Mål', 'Fremgang', 'Bemærkning'], r.progress.map((p) => [p.goal, label('progress', p.progress), p.note ?? '']), 'Ingen mål vurderet.'));
    parts.push(`<p>Næste opfølgning: ${esc(r.next ? day(r.next) : 'ingen')}</p>`);
  }
  if (d.supervision) {
    parts.push('<h2>Supervision af ressourcepersoner og SSP</h2>');
    parts.push(table('Supervisionssessioner', ['Dato', 'Modtager', 'Rolle på sagen', 'Varighed', 'Emne'],
      d.supervision.map((x) => [day(x.on), x.member, x.relation ? label('relation', x.relation) : '–', `${x.minutes} min.`, x.topic]), 'Ingen supervision registreret.'));
  }
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Sagsresumé: ${esc(d.title)}</title><style>${CSS}</style></head><body>${parts.join('\n')}</body></html>`;
}
