import { useTranslation } from 'react-i18next';
import { query } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Link, useRouter, type PageProps } from '../../app/router.tsx';
import { Alert } from '../../components/Alert.tsx';
import { formatDate, yearInDenmark } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { figureText } from './format.ts';
import { indicatorLabel } from './format.ts';
import type { IndicatorRecords, PlanDetail } from './types.ts';
import './plans.css';


/**
 * The records behind one indicator's figure for a year (/handleplaner/:id/indikatorer/:indicatorId?aar=2016): ids,
 * dates and outcome codes only, each case record linking to its case page (where the case's own access rules and
 * look-up log apply). Only coordinators and managers reach this page; the server refuses everyone else.
 */
export function IndicatorRecordsPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const { search } = useRouter();
  const year = Number(new URLSearchParams(search).get('aar')) || yearInDenmark();
  const planPath = `/api/v1/plans/${encodeURIComponent(params.id ?? '')}`;
  const plan = useResource<PlanDetail>(planPath);
  const records = useResource<IndicatorRecords>(`${planPath}/indicators/${encodeURIComponent(params.indicatorId ?? '')}/records${query({ year })}`);
  const indicator = plan.data?.indicators.find((i) => i.id === params.indicatorId);
  const label = indicator ? indicatorLabel(i18n.language, indicator) : '';
  const back = `/handleplaner/${params.id}${query({ aar: year })}`;
  return (
    <>
      <PageHeading>{t('plans.records.heading', { year })}</PageHeading>
      <p><Link to={back}>{t('plans.records.back')}</Link></p>
      {label && <p className="font-lead">{label}</p>}
      {records.error || plan.error ? (
        <Alert variant="error">{t('errors.notFoundRecord')}</Alert>
      ) : !records.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <p className="vink-summary">
            {t('plans.records.figure', { figure: figureText(t, indicator?.unit ?? 'count', records.data.figure), count: records.data.records.length })}
          </p>
          <p>{t('plans.records.intro')}</p>
          {records.data.records.length === 0 ? (
            <p>{t('plans.records.none')}</p>
          ) : (
            <div className="table--responsive-scroll">
              <table className="table table--compact">
                <caption className="sr-only">{t('plans.records.caption', { label, year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plans.records.type')}</th>
                    <th scope="col">{t('plans.records.date')}</th>
                    <th scope="col">{t('plans.records.outcome')}</th>
                    <th scope="col">{t('plans.records.counted')}</th>
                    <th scope="col">{t('plans.records.open')}</th>
                  </tr>
                </thead>
                <tbody>
                  {records.data.records.map((r) => (
                    <tr key={`${r.recordType}-${r.id}`}>
                      <th scope="row">{t(`plans.records.types.${r.recordType}`)}</th>
                      <td>{r.date ? formatDate(r.date) : '–'}</td>
                      <td>{r.outcome ? t(`plans.records.outcomes.${r.outcome}`, { defaultValue: r.outcome }) : '–'}</td>
                      <td>{r.counted ? t('plans.records.yes') : t('plans.records.no')}</td>
                      <td>
                        {r.caseId ? (
                          <Link to={`/sager/${r.caseId}`}>{t('plans.records.openCase')}</Link>
                        ) : r.recordType === 'activity' ? (
                          <Link to={`/forebyggelse/aktiviteter/${r.id}`}>{t('plans.records.openActivity')}</Link>
                        ) : (
                          '–'
                        )}
                      </td>
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
