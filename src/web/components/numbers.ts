import { intlLocale } from '../i18n/index.ts';

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
