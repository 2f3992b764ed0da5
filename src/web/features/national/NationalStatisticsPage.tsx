import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/router.tsx';
import { apiDownload, apiPost, query } from '../../api/client.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { yearInDenmark } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';
import type { CaseloadGroupBy, CaseloadTable } from '../../../shared/plans.ts';
import type { NationalStatistics } from '../../../shared/national.ts';
import { Funnel } from '../statistics/StatisticsPage.tsx';
import '../plans/plans.css';

const GROUP_BY: readonly CaseloadGroupBy[] = ['year', 'ideology', 'ageBand', 'gender', 'channel', 'district'];
const YEAR = /^\d{4}$/;

/**
 * The national view (/landstal; docs/domain.md, "The national view"): the caseload funnel of every municipality that
 * takes part, each exactly as its own analyst sees it (small counts withheld), and the national sum of those
 * published figures. Whole calendar years only; no record and no drill-down. The same figures download as Excel.
 */
export function NationalStatisticsPage(_props: PageProps) {
  const { t } = useTranslation();
  const lastYear = yearInDenmark() - 1;
  const [fromYear, setFromYear] = useState(String(lastYear - 2));
  const [toYear, setToYear] = useState(String(lastYear));
  const [groupBy, setGroupBy] = useState<CaseloadGroupBy>('year');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const stats = useMutation({ mutationFn: async (body: object) => (await apiPost<NationalStatistics>('/api/v1/national/statistics', body)).body });
  const table = stats.data;
  const form = useFormErrors();
  const fields: FieldMap = {
    from: { target: 'nat-from', message: t('national.errors.fromYear') },
    to: { target: 'nat-to', message: t('national.errors.toYear') },
  };
  const period = (q: { fromYear: string; toYear: string }) => ({ from: `${q.fromYear}-01-01`, to: `${q.toYear}-12-31` });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (stats.isPending) return;
    const problems = [
      !YEAR.test(fromYear) && fields.from!,
      !YEAR.test(toYear) && fields.to!,
      YEAR.test(fromYear) && YEAR.test(toYear) && toYear < fromYear && { target: 'nat-to', message: t('national.errors.order') },
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await stats.mutateAsync({ ...period({ fromYear, toYear }), groupBy });
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  async function download() {
    if (!table) return;
    setDownloadError(null);
    try {
      await apiDownload(`/api/v1/national/statistics.xlsx${query({ from: table.from, to: table.to, groupBy: table.groupBy, lang: t('national.lang') })}`,
        `landstal-${table.groupBy}-${table.from.slice(0, 4)}-${table.to.slice(0, 4)}.xlsx`);
    } catch (error) {
      setDownloadError(t(generalErrorKey(error)));
    }
  }

  const asTable = (x: Pick<CaseloadTable, 'rows' | 'total'>, n: NationalStatistics): CaseloadTable => ({
    from: n.from, to: n.to, groupBy: n.groupBy, exactCounts: false, callsByGroup: n.callsByGroup, rows: x.rows, total: x.total,
  });
  const dimension = table ? t(`statistics.dimension.${table.groupBy}`) : '';

  return (
    <>
      <PageHeading>{t('national.heading')}</PageHeading>
      <p className="font-lead">{t('national.intro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {downloadError && <Alert variant="error">{downloadError}</Alert>}
      </LiveRegion>
      <form noValidate onSubmit={submit} className="vink-plan-chooser" aria-label={t('national.formLabel')} aria-busy={stats.isPending}>
        <TextField id="nat-from" inputMode="numeric" label={t('national.fromYear')} value={fromYear} onChange={(e) => setFromYear(e.target.value.trim())}
          error={form.errorFor('nat-from')} />
        <TextField id="nat-to" inputMode="numeric" label={t('national.toYear')} value={toYear} onChange={(e) => setToYear(e.target.value.trim())}
          error={form.errorFor('nat-to')} />
        <SelectField id="nat-group" label={t('statistics.groupBy')} value={groupBy} onChange={(e) => setGroupBy(e.target.value as CaseloadGroupBy)}
          options={GROUP_BY.map((g) => ({ value: g, label: t(`statistics.dimension.${g}`) }))} />
        <button type="submit" className="button button-primary">{t('national.show')}</button>
      </form>
      <div role="status" className="vink-summary">
        {table && t('national.shown', { dimension, from: table.from.slice(0, 4), to: table.to.slice(0, 4), units: table.units.length, optedOut: table.optedOut })}
      </div>
      {table && (
        <>
          <p>
            <button type="button" className="button button-secondary" onClick={() => void download()}>{t('national.download')}</button>
          </p>
          <h2>{t('national.nationalHeading')}</h2>
          <p>{t('national.sumNote')}</p>
          <Funnel table={asTable(table.national, table)} caption={t('national.nationalCaption', { dimension })} />
          <h2>{t('national.districtsHeading')}</h2>
          <Funnel table={{ ...asTable(table.national, table), rows: table.byPoliceDistrict }} caption={t('national.districtsCaption')}
            dimension={t('national.policeDistrict')} />
          <h2>{t('national.unitsHeading')}</h2>
          {table.units.length === 0 && <p>{t('national.noUnits')}</p>}
          {table.units.map((u) => (
            <section key={u.unitId} aria-labelledby={`nat-unit-${u.unitId}`}>
              <h3 id={`nat-unit-${u.unitId}`}>{t('national.unitHeading', { name: u.name, code: u.municipalityCode })}</h3>
              <Funnel table={asTable(u, table)} caption={t('national.unitCaption', { name: u.name, dimension })} />
            </section>
          ))}
        </>
      )}
    </>
  );
}
