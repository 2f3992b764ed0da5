import type { ReportLang } from './report-i18n.ts';

/** The yearly report's section on staffing and workload (docs/domain.md, "The yearly report"), in both languages. */
export const STAFFING_REPORT_LABELS: Record<ReportLang, {
  section: string; intro: string; caption: (year: number) => string; workloadCaption: (year: number) => string;
  track: string; fundingSource: string; label: string; fte: string; amount: string; total: string; none: string;
  figure: string; count: string; suppressed: string; sheet: string; noTrack: string;
  workload: { openCasesAtYearEnd: string; concernsReceived: string; coursesRunning: string; sessionsHeld: string };
}> = {
  da: {
    section: 'Bemanding og arbejdsmængde',
    intro: 'Handleplanens bemanding i året (budgetlinjer af typen bemanding, i årsværk) og enhedens arbejdsmængde.',
    caption: (year) => `Bemanding ${year} i årsværk`,
    workloadCaption: (year) => `Arbejdsmængde ${year}`,
    track: 'Indsatsområde', fundingSource: 'Finansiering', label: 'Betegnelse', fte: 'Årsværk', amount: 'Beløb (kr.)', total: 'I alt',
    none: 'Handleplanen har ingen bemanding i året.', figure: 'Tal', count: 'Antal', suppressed: '< 5', sheet: 'Bemanding', noTrack: 'Hele planen',
    workload: { openCasesAtYearEnd: 'Åbne sager ved årets udgang', concernsReceived: 'Modtagne bekymringshenvendelser', coursesRunning: 'Forløb i gang i året', sessionsHeld: 'Afholdte samtaler i forløb' },
  },
  en: {
    section: 'Staffing and workload',
    intro: "The plan's staffing in the year (budget lines of kind staffing, in full-time equivalents) and the unit's workload.",
    caption: (year) => `Staffing ${year} in full-time equivalents`,
    workloadCaption: (year) => `Workload ${year}`,
    track: 'Track', fundingSource: 'Funding source', label: 'Label', fte: 'FTE', amount: 'Amount (DKK)', total: 'Total',
    none: 'The plan has no staffing in the year.', figure: 'Figure', count: 'Count', suppressed: '< 5', sheet: 'Staffing', noTrack: 'The whole plan',
    workload: { openCasesAtYearEnd: 'Cases open at year end', concernsReceived: 'Concerns received', coursesRunning: 'Courses running in the year', sessionsHeld: 'Course sessions held' },
  },
};

export const WORKLOAD_KEYS = ['openCasesAtYearEnd', 'concernsReceived', 'coursesRunning', 'sessionsHeld'] as const;

/** Full-time equivalents with up to two decimals (1,8 in Danish, 1.8 in English). */
export function formatFte(lang: ReportLang, n: number): string {
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
}
