import type { TFunction } from 'i18next';
import { intlLocale } from '../../i18n/index.ts';
import type { DashboardIndicator, Figure } from './types.ts';

type Unit = DashboardIndicator['unit'];

/** Danish kroner without øre ("4.100.000 kr."), in the active language's number format. */
export function formatDkk(amount: number): string {
  return new Intl.NumberFormat(intlLocale(), { style: 'currency', currency: 'DKK', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(amount);
}

/** A plain number with thousands separators. */
export function formatNumber(n: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: fractionDigits }).format(n);
}

/** A share (0-100) as "62 %" / "62%". */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share / 100);
}

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
