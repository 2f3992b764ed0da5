import type { ReportLang } from './report-i18n.ts';

type Dimension = 'caller_type' | 'topic' | 'outcome' | 'municipality';

/**
 * The yearly report's section on the shared hotline (docs/domain.md, "The yearly report"): headings and the labels of
 * the call vocabularies (src/shared/intake.ts), in the report's two languages. A value without a label here is shown
 * by its code; a municipality by its code.
 */
export const HOTLINE_REPORT_LABELS: Record<ReportLang, {
  section: string; intro: (names: string) => string; caption: (year: number) => string; ownCaption: (year: number) => string;
  dimension: string; value: string; calls: string; figure: string; count: string; ownCalls: string; forwardedIn: string;
  suppressed: string; none: string; unknown: string; sheet: string; dimensions: Record<Dimension, string>; values: Record<string, string>;
}> = {
  da: {
    section: 'Den fælles hotline',
    intro: (names) => `Hotlinens opkald i året for alle medlemsenheder (${names}). Tal under 5 vises ikke, og er kun ét tal skjult i en opdeling, skjules også det næstmindste.`,
    caption: (year) => `Hotlinens opkald ${year} efter opkaldertype, emne, udfald og kommune`,
    ownCaption: (year) => `Enhedens egne hotlinetal ${year}`,
    dimension: 'Opdeling', value: 'Værdi', calls: 'Opkald', figure: 'Tal', count: 'Antal',
    ownCalls: 'Enhedens egne opkald på hotlinen', forwardedIn: 'Bekymringer videresendt til enheden fra hotlinen',
    suppressed: '< 5', none: 'Der er ikke registreret opkald på hotlinen i året.', unknown: 'Ikke oplyst', sheet: 'Hotline',
    dimensions: { caller_type: 'Opkaldertype', topic: 'Emne', outcome: 'Udfald', municipality: 'Borgerens kommune' },
    values: {
      professional: 'Fagperson', parent: 'Forælder', relative: 'Pårørende', citizen: 'Borger', anonymous: 'Anonym',
      militant_islamism: 'Militant islamisme', right_wing: 'Højreekstremisme', left_wing: 'Venstreekstremisme', other_unclear: 'Andet/uklart', none: 'Ingen ekstremisme',
      advice_only: 'Rådgivning alene', forwarded_concern: 'Videresendt som bekymringshenvendelse', child_at_risk_report: 'Underretning til børne- og ungeforvaltningen (barn i risiko)', acute_police: 'Henvist til politiet (akut)',
    },
  },
  en: {
    section: 'The shared hotline',
    intro: (names) => `The hotline's calls in the year over all member units (${names}). Counts under 5 are not shown, and where only one count of a breakdown is hidden, the next smallest is hidden too.`,
    caption: (year) => `Hotline calls ${year} by caller type, topic, outcome and municipality`,
    ownCaption: (year) => `The unit's own hotline figures ${year}`,
    dimension: 'Breakdown', value: 'Value', calls: 'Calls', figure: 'Figure', count: 'Count',
    ownCalls: "The unit's own calls on the hotline", forwardedIn: 'Concerns forwarded to the unit from the hotline',
    suppressed: '< 5', none: 'No calls on the hotline were recorded in the year.', unknown: 'Not known', sheet: 'Hotline',
    dimensions: { caller_type: 'Caller type', topic: 'Topic', outcome: 'Outcome', municipality: "Citizen's municipality" },
    values: {
      professional: 'Professional', parent: 'Parent', relative: 'Relative', citizen: 'Citizen', anonymous: 'Anonymous',
      militant_islamism: 'Militant Islamism', right_wing: 'Right-wing extremism', left_wing: 'Left-wing extremism', other_unclear: 'Other/unclear', none: 'No extremism',
      advice_only: 'Advice only', forwarded_concern: 'Forwarded as a concern', child_at_risk_report: 'Reported to the children and youth authority (child at risk)', acute_police: 'Referred to the police (acute)',
    },
  },
};

/** A row's value as the report shows it: the label, the code, or "not known". */
export function hotlineValueLabel(lang: ReportLang, dimension: Dimension, value: string | null): string {
  const H = HOTLINE_REPORT_LABELS[lang];
  if (value === null || value === 'unknown') return H.unknown;
  if (dimension === 'municipality') return value;
  return H.values[value] ?? value;
}
