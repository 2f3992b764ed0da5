import type { AccessRequestExport } from '../../../shared/access-requests.ts';
import { esc } from '../reports/index.ts';
import { ITEM_TITLES, danishDate, danishDateTime } from './labels.ts';

/**
 * The citizen's copy of an access request as self-contained HTML in Danish (lang="da"), printed to a tagged PDF by
 * the reports module's printer: one heading per section, tables with header cells and captions, so a screen reader
 * can follow it. The look-up log names the organisation, role and purpose, never a staff member (CJEU C-579/21).
 */
export function accessRequestHtml(e: AccessRequestExport): string {
  const sections = Object.keys(ITEM_TITLES)
    .map((type) => ({ type, items: e.items.filter((i) => i.type === type) }))
    .filter((g) => g.items.length > 0);
  const fieldTable = (fields: Record<string, string | null>, caption: string) => `
    <table><caption>${esc(caption)}</caption><tbody>
      ${Object.entries(fields).filter(([, v]) => v !== null && v !== '').map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v!)}</td></tr>`).join('')}
    </tbody></table>`;
  const lookups = e.lookups.length === 0 ? '<p>Der er ingen registrerede opslag.</p>' : `
    <table><caption>Opslag og forsøg på opslag, ældste først</caption>
      <thead><tr><th scope="col">Dato</th><th scope="col">Organisation</th><th scope="col">Rolle</th><th scope="col">Formål</th><th scope="col">Handling</th><th scope="col">Udfald</th></tr></thead>
      <tbody>${e.lookups.map((l) => `<tr><td>${esc(danishDateTime(new Date(l.at)))}</td><td>${esc(l.organisation ?? '')}</td><td>${esc(l.role ?? '')}</td>
        <td>${esc(l.purpose ?? '')}</td><td>${esc(l.action)}</td><td>${l.refused ? 'Afvist' : 'Tilladt'}</td></tr>`).join('')}</tbody>
    </table>`;
  const withheld = e.withheld.length === 0 ? '' : `
    <h2>Oplysninger, der er undtaget</h2>
    <p>Følgende oplysninger er undtaget fra din indsigt. Undtagelsen og dens hjemmel fremgår af tabellen.</p>
    <table><caption>Undtagne oplysninger</caption>
      <thead><tr><th scope="col">Type</th><th scope="col">Dato</th><th scope="col">Hjemmel</th></tr></thead>
      <tbody>${e.withheld.map((w) => `<tr><td>${esc(ITEM_TITLES[w.type] ?? w.type)}</td><td>${esc(w.date ? danishDate(new Date(w.date)) ?? '' : '')}</td>
        <td>${esc(w.legalReference)}</td></tr>`).join('')}</tbody>
    </table>`;
  return `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Indsigt i dine oplysninger</title>
<style>
  body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; }
  h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 18pt; } h3 { font-size: 11.5pt; margin-bottom: 4pt; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 10pt; page-break-inside: auto; }
  tr { page-break-inside: avoid; } caption { text-align: left; font-weight: bold; padding: 4pt 0; }
  th, td { border: 1px solid #888; padding: 3pt 5pt; text-align: left; vertical-align: top; } th { background: #eee; }
</style></head>
<body><main>
<h1>Indsigt i dine oplysninger</h1>
<p>Svar på din anmodning om indsigt efter databeskyttelsesforordningens artikel 15. Udarbejdet ${esc(danishDateTime(new Date(e.compiledAt)))}.</p>
<h2>Dine personoplysninger</h2>
${fieldTable({ 'Navn': e.person.fullName, 'CPR-nummer': e.person.cpr, 'Fødselsdato': danishDate(e.person.birthDate), 'Køn': e.person.gender, 'Bydel': e.person.district }, 'Personoplysninger')}
${sections.map((g) => `<h2>${esc(ITEM_TITLES[g.type]!)} (${g.items.length})</h2>
  ${g.items.map((i, n) => `<h3>${esc(ITEM_TITLES[g.type]!)} ${n + 1}</h3>${fieldTable(i.fields, `${ITEM_TITLES[g.type]!} ${n + 1}`)}`).join('')}`).join('')}
${withheld}
<h2>Hvem har slået dine oplysninger op</h2>
<p>Hvert opslag og hvert afvist forsøg på opslag med dato, organisation, rolle og formål. Medarbejderes navne fremgår ikke.</p>
${lookups}
</main></body></html>`;
}
