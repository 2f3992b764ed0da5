import type { TFunction } from 'i18next';
import { formatNumber, formatPercent } from '../../components/numbers.ts';
import type { DashboardIndicator, Figure } from './types.ts';

type Unit = DashboardIndicator['unit'];

/** A value in its unit: a share as a percentage, a count as a number. */
export function formatValue(unit: Unit, value: number): string {
  return unit === 'share' ? formatPercent(value) : formatNumber(value);
}

/**
 * A computed figure in words: the value (with "12 of 20" for shares where the counts are known), "<5" where small
 * counts are withheld, or "no data".
 */
export function figureText(t: TFunction, unit: Unit, fig: Figure): string {
  if (fig.suppressed) return t('plans.figure.suppressed');
  if (fig.value === null) return t('plans.figure.noData');
  const value = formatValue(unit, fig.value);
  if (unit === 'share' && fig.numerator !== null && fig.denominator !== null) {
    return t('plans.figure.shareOf', { value, numerator: formatNumber(fig.numerator), denominator: formatNumber(fig.denominator) });
  }
  return value;
}

/** The label in the active language (the plans' own Danish label when no English one was given). */
export function indicatorLabel(lang: string, ind: { labelDa: string; labelEn: string | null }): string {
  return lang === 'en' && ind.labelEn ? ind.labelEn : ind.labelDa;
}
