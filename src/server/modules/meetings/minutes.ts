import { esc } from '../reports/index.ts';
import type { ItemRow, MeetingRow, ParticipantRow } from './repo.ts';

/**
 * The minutes of an Infohus meeting as HTML, printed to a tagged PDF by the reports module's shared Chromium printer
 * (loadPdfPrinter, modules/reports/index.ts; docs/domain.md, "The Infohus meeting"): no script, no network (every
 * request is aborted), a document outline from the headings. The minutes for an organisation hold only the items
 * disclosed to it (the repository chose them).
 */

const LABELS = {
  da: {
    title: 'Referat af Infohus-møde', date: 'Dato', place: 'Sted', participants: 'Deltagere', for: 'Referat til', full: 'Fuldt referat (enhedens eget)',
    items: 'Punkter', none: 'Ingen punkter er delt med denne modtager.', decision: 'Afgørelse', reasoning: 'Begrundelse', shared: 'Videregivet til',
    authority: 'Myndighed med opfølgningen', action: 'Opfølgning', undecided: 'Ikke behandlet', concern: 'Bekymring', review: 'Sag til opfølgning',
    justified: 'Begrundet', unfounded: 'Ubegrundet', reviewed: 'Gennemgået', notice: 'Fortroligt. Indeholder personoplysninger; må kun bruges til det formål, de er videregivet til.',
    footer: 'Infohus-referat · fortroligt',
  },
  en: {
    title: 'Minutes of the Infohus meeting', date: 'Date', place: 'Place', participants: 'Participants', for: 'Minutes for', full: 'Full minutes (the unit\'s own)',
    items: 'Items', none: 'No items are shared with this recipient.', decision: 'Decision', reasoning: 'Reasoning', shared: 'Disclosed to',
    authority: 'Authority owning the follow-up', action: 'Follow-up', undecided: 'Not dealt with', concern: 'Concern', review: 'Case due for review',
    justified: 'Justified', unfounded: 'Unfounded', reviewed: 'Reviewed', notice: 'Confidential. Contains personal data; use only for the purpose it was disclosed for.',
    footer: 'Infohus minutes · confidential',
  },
} as const;
export type MinutesLang = keyof typeof LABELS;

export function minutesHtml(m: MeetingRow, participants: ParticipantRow[], items: ItemRow[], organisation: string | null, lang: MinutesLang): string {
  const L = LABELS[lang];
  const people = participants.map((p) => `<li>${esc(p.display_name)}${p.organisation ? `, ${esc(p.organisation)}` : ''}</li>`).join('');
  const body = items.length === 0 ? `<p>${esc(L.none)}</p>` : items.map((i) => `
    <section>
      <h3>${i.position}. ${esc(i.concern_id ? L.concern : L.review)}: ${esc(i.person_name)}</h3>
      <dl>
        <dt>${esc(L.decision)}</dt><dd>${esc(i.decision ? L[i.decision] : L.undecided)}</dd>
        ${i.reasoning ? `<dt>${esc(L.reasoning)}</dt><dd>${esc(i.reasoning)}</dd>` : ''}
        ${i.shared_with.length ? `<dt>${esc(L.shared)}</dt><dd>${esc(i.shared_with.join(', '))}</dd>` : ''}
        ${i.follow_up_authority ? `<dt>${esc(L.authority)}</dt><dd>${esc(i.follow_up_authority)}</dd>` : ''}
        ${i.follow_up_action ? `<dt>${esc(L.action)}</dt><dd>${esc(i.follow_up_action)}</dd>` : ''}
      </dl>
    </section>`).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(L.title)} ${esc(m.meeting_on)}</title>
<style>
  body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; }
  h1 { font-size: 18pt; margin: 0 0 6mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; } h3 { font-size: 11pt; margin: 5mm 0 1mm; }
  dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 4mm; margin: 0; } dt { font-weight: bold; } dd { margin: 0; white-space: pre-wrap; }
  .notice { border: 1px solid #767676; padding: 2mm 3mm; font-size: 9pt; }
</style></head><body>
<h1>${esc(L.title)}</h1>
<p class="notice">${esc(L.notice)}</p>
<dl><dt>${esc(L.date)}</dt><dd>${esc(m.meeting_on)}</dd><dt>${esc(L.place)}</dt><dd>${esc(m.place)}</dd>
<dt>${esc(L.for)}</dt><dd>${esc(organisation ?? L.full)}</dd></dl>
<h2>${esc(L.participants)}</h2><ul>${people}</ul>
<h2>${esc(L.items)}</h2>${body}
</body></html>`;
}

/** The page footer of the printed minutes (the printer adds the page numbers). */
export const minutesFooter = (lang: MinutesLang) => LABELS[lang].footer;
