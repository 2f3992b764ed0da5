import type { ReportLang } from './report-i18n.ts';

/**
 * The yearly report's section on prevention work by kind and target group (docs/domain.md, "The yearly report"):
 * headings and the vocabulary's labels, in the report's two languages. A kind or target group without a label here
 * (a value added later as data) is shown by its code.
 */
export const PREVENTION_REPORT_LABELS: Record<ReportLang, {
  section: string; intro: string; caption: (year: number) => string; kind: string; targetGroup: string; activities: string; attendances: string;
  total: string; none: string; sheet: string; kinds: Record<string, string>; targetGroups: Record<string, string>;
}> = {
  da: {
    section: 'Forebyggende arbejde',
    intro: 'Årets aktiviteter efter type og målgruppe. Fremmøder er deltagere pr. aktivitet: en person, der deltog to gange, tæller to gange.',
    caption: (year) => `Forebyggende aktiviteter og fremmøder ${year} efter type og målgruppe`,
    kind: 'Type', targetGroup: 'Målgruppe', activities: 'Aktiviteter', attendances: 'Fremmøder', total: 'I alt',
    none: 'Der er ikke registreret forebyggende aktiviteter i året.', sheet: 'Forebyggelse',
    kinds: {
      awareness_talk: 'Oplysningsoplæg for frontpersonale', theme_day: 'Temadag', network_meeting: 'Netværksmøde', conference: 'Årlig konference',
      school_course: 'Skoleforløb', parent_course: 'Forældrekursus', relative_course: 'Kursus for pårørende', citizen_forum_meeting: 'Møde i medborgerforum',
      hearing: 'Høring', mosque_network_meeting: 'Møde i moskénetværk', outreach: 'Opsøgende arbejde i risikomiljøer',
    },
    targetGroups: { society: 'Samfundet bredt', group_risk_environment: 'Grupper og risikomiljøer', individual: 'Enkeltpersoner', professionals: 'Fagfolk' },
  },
  en: {
    section: 'Prevention work',
    intro: 'The year\'s activities by kind and target group. Attendances are participants per activity: a person who came twice counts twice.',
    caption: (year) => `Prevention activities and attendances ${year} by kind and target group`,
    kind: 'Kind', targetGroup: 'Target group', activities: 'Activities', attendances: 'Attendances', total: 'Total',
    none: 'No prevention activities were recorded in the year.', sheet: 'Prevention',
    kinds: {
      awareness_talk: 'Awareness talk for front-line staff', theme_day: 'Theme day', network_meeting: 'Network meeting', conference: 'Yearly conference',
      school_course: 'School course', parent_course: 'Parent course', relative_course: 'Course for relatives', citizen_forum_meeting: 'Citizen forum meeting',
      hearing: 'Hearing', mosque_network_meeting: 'Mosque network meeting', outreach: 'Outreach to risk environments',
    },
    targetGroups: { society: 'Society at large', group_risk_environment: 'Groups and risk environments', individual: 'Individuals', professionals: 'Professionals' },
  },
};
