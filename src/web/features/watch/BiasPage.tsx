import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BiasReport } from '../../../shared/watch.ts';
import { useResource } from '../../api/queries.ts';
import type { PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { generalErrorKey } from '../../components/errors.ts';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 1000) / 10} %`);

/**
 * The bias watch for the manager and the DPO (docs/domain.md, "Bias watch"): per ideology × reporter sector × district
 * × gender, the concerns decided and the share judged justified, against the unit's baseline; small cells withheld;
 * a cell whose unfounded share is far above the baseline flagged by the stated rule. Aggregates only: no links.
 */
export function BiasPage(_props: PageProps) {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const report = useResource<BiasReport>(`/api/v1/bias-watch?year=${year}`);
  const r = report.data;
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i);
  return (
    <>
      <PageHeading>{t('bias.heading')}</PageHeading>
      <p className="font-lead">{t('bias.intro')}</p>
      <SelectField id="bias-year" label={t('bias.year')} value={String(year)} onChange={(e) => setYear(Number(e.target.value))}
        options={years.map((y) => ({ value: String(y), label: String(y) }))} />
      <LiveRegion assertive>{report.error ? <Alert variant="error">{t(generalErrorKey(report.error))}</Alert> : null}</LiveRegion>
      {r && (
        <>
          <dl className="vink-facts">
            <dt>{t('bias.baselineDecided')}</dt><dd>{r.baseline.decided}</dd>
            <dt>{t('bias.baselineJustified')}</dt><dd>{pct(r.baseline.justifiedShare)}</dd>
            <dt>{t('bias.baselineUnfounded')}</dt><dd>{pct(r.baseline.unfoundedShare)}</dd>
            <dt>{t('bias.religionOverrides')}</dt><dd>{r.religionOverrides}</dd>
          </dl>
          <p>{t('bias.rule', { min: r.rule.minDecided, points: Math.round(r.rule.pointsAbove * 100), ratio: r.rule.ratioAbove })}</p>
          <p>{t('bias.suppression', { min: r.minCellSize, count: r.suppressedCells })}</p>
          {r.cells.length === 0 ? <p>{t('bias.none')}</p> : (
            <div className="table--responsive-scroll">
              <table className="table table--compact">
                <caption>{t('bias.caption', { year: r.year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bias.ideology')}</th>
                    <th scope="col">{t('bias.reporterSector')}</th>
                    <th scope="col">{t('bias.district')}</th>
                    <th scope="col">{t('bias.gender')}</th>
                    <th scope="col">{t('bias.decided')}</th>
                    <th scope="col">{t('bias.justifiedShare')}</th>
                    <th scope="col">{t('bias.unfoundedShare')}</th>
                    <th scope="col">{t('bias.flag')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.cells.map((c) => (
                    <tr key={`${c.ideologyArea}|${c.reporterSector}|${c.district}|${c.gender}`}>
                      <th scope="row">{t(`vocab.ideology.${c.ideologyArea}`, { defaultValue: c.ideologyArea })}</th>
                      <td>{t(`bias.sector.${c.reporterSector}`, { defaultValue: c.reporterSector })}</td>
                      <td>{c.district === 'unknown' ? t('bias.unknown') : c.district}</td>
                      <td>{t(`vocab.gender.${c.gender}`, { defaultValue: c.gender })}</td>
                      <td>{c.decided ?? t('bias.suppressed')}</td>
                      <td>{pct(c.justifiedShare)}</td>
                      <td>{pct(c.unfoundedShare)}</td>
                      <td>{c.flagged ? <strong>{t('bias.flagged')}</strong> : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
