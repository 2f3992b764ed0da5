import { useTranslation } from 'react-i18next';
import { formatValue } from './format.ts';
import type { DashboardIndicator } from './types.ts';

const WIDTH = 520;
const HEIGHT = 200;
const LEFT = 56;
const RIGHT = 16;
const TOP = 24;
const BOTTOM = 32;

/**
 * An indicator's actual per year as bars, its target as a dashed mark across each year's slot. Bars are classed by
 * status and labelled with their value, and missing or withheld years say so in text, so the chart does not rely on
 * colour. SVG elements and classes only (strict CSP). One image with a short text alternative; the table beside it
 * carries the same figures.
 */
export function TrendChart({ indicator, label }: { indicator: DashboardIndicator; label: string }) {
  const { t } = useTranslation();
  const points = indicator.trend;
  const share = indicator.unit === 'share';
  const highest = Math.max(1, ...points.map((p) => p.value ?? 0), ...points.map((p) => p.target ?? 0));
  const max = share ? 100 : niceCeiling(highest);
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, points.length);
  const y = (v: number) => TOP + plotH - (Math.min(v, max) / max) * plotH;
  const ticks = [0, max / 2, max];
  const first = points[0]?.year;
  const last = points[points.length - 1]?.year;
  return (
    <svg
      className="vink-trend-svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('plans.trend.chartLabel', { label, first, last })}
      focusable="false"
    >
      {ticks.map((v) => (
        <g key={v}>
          <line className="vink-chart-grid" x1={LEFT} x2={WIDTH - RIGHT} y1={y(v)} y2={y(v)} />
          <text className="vink-chart-axis" x={LEFT - 6} y={y(v) + 4} textAnchor="end">
            {formatValue(indicator.unit, v)}
          </text>
        </g>
      ))}
      {points.map((p, i) => {
        const x = LEFT + i * slot;
        const barW = Math.min(48, slot * 0.5);
        const cx = x + slot / 2;
        const hasValue = p.value !== null && !p.suppressed;
        return (
          <g key={p.year}>
            {hasValue && (
              <>
                <rect className={`vink-trend-bar vink-trend-bar-${p.status}`} x={cx - barW / 2} y={y(p.value!)} width={barW} height={Math.max(0, y(0) - y(p.value!))} />
                <text className="vink-chart-label" x={cx} y={y(p.value!) - 6} textAnchor="middle">
                  {formatValue(indicator.unit, p.value!)}
                </text>
              </>
            )}
            {!hasValue && (
              <text className="vink-chart-label" x={cx} y={y(0) - 6} textAnchor="middle">
                {p.suppressed ? '<5' : '–'}
              </text>
            )}
            {p.target !== null && (
              <line className="vink-trend-target" x1={cx - slot * 0.4} x2={cx + slot * 0.4} y1={y(p.target)} y2={y(p.target)} />
            )}
            <text className="vink-chart-axis" x={cx} y={HEIGHT - 10} textAnchor="middle">
              {p.year}
            </text>
          </g>
        );
      })}
      <line className="vink-trend-axis" x1={LEFT} x2={WIDTH - RIGHT} y1={y(0)} y2={y(0)} />
    </svg>
  );
}

/** 1, 2, 5 × 10^n at or above n. */
function niceCeiling(n: number): number {
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}
