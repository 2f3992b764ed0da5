import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/dates.ts';
import { dimensionsOf, labelText, ordinalSteps, scaleLabel } from './instrument.ts';
import type { Assessment, Instrument } from './types.ts';

type Measure = 'risk' | 'resources';

const LABEL_WIDTH = 260;
const PLOT_WIDTH = 340;
const UNKNOWN_WIDTH = 60;
const ROW = 30;
const TOP = 34;

/** A marker shape per assessment (in time order), so the series differ by more than colour. */
function Marker({ index, x, y }: { index: number; x: number; y: number }) {
  const cls = `vink-chart-marker vink-chart-series-${index % 4}`;
  switch (index % 4) {
    case 0:
      return <circle className={cls} cx={x} cy={y} r={6} />;
    case 1:
      return <rect className={cls} x={x - 5.5} y={y - 5.5} width={11} height={11} />;
    case 2:
      return <polygon className={cls} points={`${x},${y - 7} ${x + 7},${y + 5} ${x - 7},${y + 5}`} />;
    default:
      return <polygon className={cls} points={`${x},${y - 7} ${x + 7},${y} ${x},${y + 7} ${x - 7},${y}`} />;
  }
}

/**
 * One measure (risk or resources) of every assessment on the nine dimensions: a row per dimension, the scale across,
 * one marker per assessment (shape and colour by time order), connected so the change reads as a line. "Unknown" has
 * its own column and is never drawn as a number. Built from SVG elements and CSS classes only (strict CSP). The SVG is
 * one image with a text alternative; the table beside it carries the same data for screen readers.
 */
export function AssessmentChart({ instrument, assessments, measure }: { instrument: Instrument; assessments: Assessment[]; measure: Measure }) {
  const { t } = useTranslation();
  const titleId = useId();
  const dims = dimensionsOf(instrument);
  const steps = ordinalSteps(instrument);
  const min = steps[0] ?? 0;
  const max = steps[steps.length - 1] ?? 3;
  const height = TOP + dims.length * ROW + 10;
  const width = LABEL_WIDTH + PLOT_WIDTH + UNKNOWN_WIDTH;
  const xOf = (v: number) => LABEL_WIDTH + 20 + ((v - min) / Math.max(1, max - min)) * (PLOT_WIDTH - 40);
  const xUnknown = LABEL_WIDTH + PLOT_WIDTH + UNKNOWN_WIDTH / 2;
  // Several assessments with the same value on a row are nudged apart vertically so each marker stays visible.
  const nudge = (i: number) => (assessments.length <= 1 ? 0 : (i - (assessments.length - 1) / 2) * (16 / Math.max(1, assessments.length - 1)));

  const measureName = t(`cases.assessments.measure.${measure}`);
  const summary = t('cases.assessments.chartLabel', {
    measure: measureName,
    count: assessments.length,
    dates: assessments.map((a) => `${t(`cases.assessments.kind.${a.kind}`)} ${formatDate(a.assessedOn)}`).join(', '),
  });

  return (
    <figure className="vink-chart">
      <figcaption id={titleId} className="vink-chart-caption">
        {measureName}
      </figcaption>
      <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${height}`} className="vink-chart-svg" focusable="false">
        {/* Scale labels across the top. */}
        {steps.map((v) => (
          <g key={`step-${v}`}>
            <line className="vink-chart-grid" x1={xOf(v)} x2={xOf(v)} y1={TOP - 8} y2={height - 6} />
            <text className="vink-chart-axis" x={xOf(v)} y={TOP - 14} textAnchor="middle">
              {scaleLabel(instrument, v)}
            </text>
          </g>
        ))}
        <text className="vink-chart-axis" x={xUnknown} y={TOP - 14} textAnchor="middle">
          {scaleLabel(instrument, null)}
        </text>
        {dims.map((d, row) => {
          const y = TOP + row * ROW + ROW / 2;
          const points = assessments.map((a, i) => {
            const r = a.ratings.find((x) => x.dimension === d.code);
            const v = r ? r[measure] : null;
            return { i, v, x: v === null ? xUnknown : xOf(v), y: y + nudge(i) };
          });
          const known = points.filter((p) => p.v !== null);
          return (
            <g key={d.code}>
              <line className="vink-chart-row" x1={0} x2={width} y1={y + ROW / 2} y2={y + ROW / 2} />
              <text className="vink-chart-label" x={LABEL_WIDTH - 8} y={y + 4} textAnchor="end">
                {labelText(d.label)}
              </text>
              {known.length > 1 && (
                <polyline className="vink-chart-path" points={known.map((p) => `${p.x},${p.y}`).join(' ')} />
              )}
              {points.map((p) => (
                <Marker key={p.i} index={p.i} x={p.x} y={p.y} />
              ))}
            </g>
          );
        })}
      </svg>
      <ul className="vink-chart-legend" aria-hidden="true">
        {assessments.map((a, i) => (
          <li key={a.id}>
            <svg width="16" height="16" viewBox="-8 -8 16 16" focusable="false">
              <Marker index={i} x={0} y={0} />
            </svg>{' '}
            {t(`cases.assessments.kind.${a.kind}`)}, {formatDate(a.assessedOn)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The same data as the charts, as a table: a row per dimension, risk and resources for each assessment. */
export function AssessmentTable({ instrument, assessments }: { instrument: Instrument; assessments: Assessment[] }) {
  const { t } = useTranslation();
  return (
    <div className="table--responsive-scroll" tabIndex={0} role="region" aria-label={t('cases.assessments.tableCaption')}>
      <table className="table table--compact">
        <caption>{t('cases.assessments.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('cases.assessments.dimension')}
            </th>
            {assessments.map((a) => (
              <th key={a.id} scope="colgroup" colSpan={2}>
                {t(`cases.assessments.kind.${a.kind}`)}, {formatDate(a.assessedOn)}
              </th>
            ))}
          </tr>
          <tr>
            {assessments.map((a) => [
              <th key={`${a.id}-risk`} scope="col">
                {t('cases.assessments.measure.risk')}
              </th>,
              <th key={`${a.id}-res`} scope="col">
                {t('cases.assessments.measure.resources')}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {dimensionsOf(instrument).map((d) => (
            <tr key={d.code}>
              <th scope="row">{labelText(d.label)}</th>
              {assessments.map((a) => {
                const r = a.ratings.find((x) => x.dimension === d.code);
                return [
                  <td key={`${a.id}-risk`}>{scaleLabel(instrument, r?.risk ?? null)}</td>,
                  <td key={`${a.id}-res`}>{scaleLabel(instrument, r?.resources ?? null)}</td>,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
