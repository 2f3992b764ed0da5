import { REPORT_LABELS, type ReportLang } from '../../../shared/report-i18n.ts';
import type { Comparison, IndicatorUnit } from '../../../shared/indicators.ts';

/**
 * Number and date formatting for the report: Danish conventions (1.234,5; "60 %"; "15. januar 2018") through
 * Intl, never by hand, so the PDF reads as the committee expects.
 */
export interface Formatter {
  /** A count; null is a suppressed small count. */
  count(n: number | null): string;
  percent(n: number | null): string;
  dkk(n: number | null): string;
  /** An indicator's actual value; a milestone (comparison done) reads done / not done. */
  actual(n: number | null, unit: IndicatorUnit, comparison: Comparison | null, suppressed: boolean): string;
  target(comparison: Comparison | null, target: number | null, unit: IndicatorUnit): string;
  date(iso: string): string;
  locale: string;
}

const LOCALE: Record<ReportLang, string> = { da: 'da-DK', en: 'en-GB' };

/** A formatter for lang. */
export function formatter(lang: ReportLang): Formatter {
  const L = REPORT_LABELS[lang];
  const locale = LOCALE[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  // Whole kroner print without decimals; øre always with two (2.950.500,50 kr.).
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Copenhagen' });
  // Danish writes a (non-breaking) space before the per cent sign.
  const percent = (n: number | null) => (n === null ? '–' : `${dec.format(n)}\u00a0%`);
  return {
    locale,
    count: (n) => (n === null ? L.suppressed : int.format(n)),
    percent,
    dkk: (n) => (n === null ? '–' : `${(Number.isInteger(n) ? int : money).format(n)}\u00a0kr.`),
    actual: (n, unit, comparison, suppressed) => {
      if (n === null) return suppressed ? L.suppressed : L.indicators.notMeasured;
      if (comparison === 'done') return n >= 1 ? L.indicators.done : L.indicators.notDone;
      return unit === 'share' ? percent(n) : dec.format(n);
    },
    target: (comparison, target, unit) => {
      if (comparison === null || target === null) return L.indicators.noTarget;
      if (comparison === 'done') return L.indicators.done;
      const v = unit === 'share' ? percent(target) : dec.format(target);
      return `${L.comparison[comparison]} ${v}`;
    },
    date: (iso) => day.format(new Date(iso)),
  };
}
