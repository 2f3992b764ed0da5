import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/router.tsx';
import { apiPost } from '../../api/client.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { yearInDenmark } from '../../components/dates.ts';
import { formatNumber, formatPercent } from '../../components/numbers.ts';
import type { CaseloadCount, CaseloadGroupBy, CaseloadRow, CaseloadTable } from '../../../shared/plans.ts';
import { ReligionOverrideFigure } from '../concerns/ReligionOverrideFigure.tsx';
import '../plans/plans.css';

const GROUP_BY: readonly CaseloadGroupBy[] = ['year', 'ideology', 'ageBand', 'gender', 'channel', 'district'];
const COUNTS: readonly CaseloadCount[] = ['calls', 'concerns', 'justified', 'offered', 'accepted', 'coursesStarted'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The caseload in the funnel form of public statistics (/statistik): calls → concerns → justified → offered →
 * accepted, and courses started, for a period grouped by one dimension. The criteria travel in a POST body. Counts the
 * server withholds (under 5, for analysts) read "<5" with the reason beside the table.
 */
export function StatisticsPage(_props: PageProps) {
  const { t } = useTranslation();
  const lastYear = yearInDenmark() - 1;
  const [from, setFrom] = useState(`${lastYear - 4}-01-01`);
  const [to, setTo] = useState(`${lastYear}-12-31`);
  const [groupBy, setGroupBy] = useState<CaseloadGroupBy>('year');
  // The criteria travel in a POST body; the table lives in this page only.
  const caseload = useMutation({ mutationFn: async (body: object) => (await apiPost<CaseloadTable>('/api/v1/statistics/caseload', body)).body });
  const table = caseload.data;
  const form = useFormErrors();
  const fields: FieldMap = {
    from: { target: 'stat-from', message: t('statistics.errors.from') },
    to: { target: 'stat-to', message: t('statistics.errors.to') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (caseload.isPending) return;
    const problems = [
      !DATE.test(from) && fields.from!,
      !DATE.test(to) && fields.to!,
      DATE.test(from) && DATE.test(to) && to < from && { target: 'stat-to', message: t('statistics.errors.order') },
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await caseload.mutateAsync({ from, to, groupBy });
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <PageHeading>{t('statistics.heading')}</PageHeading>
      <p className="font-lead">{t('statistics.intro')}</p>
      <ReligionOverrideFigure />
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-plan-chooser" aria-label={t('statistics.formLabel')} aria-busy={caseload.isPending}>
        <TextField id="stat-from" type="date" label={t('statistics.from')} value={from} onChange={(e) => setFrom(e.target.value)} error={form.errorFor('stat-from')} />
        <TextField id="stat-to" type="date" label={t('statistics.to')} value={to} onChange={(e) => setTo(e.target.value)} error={form.errorFor('stat-to')} />
        <SelectField id="stat-group" label={t('statistics.groupBy')} value={groupBy} onChange={(e) => setGroupBy(e.target.value as CaseloadGroupBy)}
          options={GROUP_BY.map((g) => ({ value: g, label: t(`statistics.dimension.${g}`) }))} />
        <button type="submit" className="button button-primary">{t('statistics.show')}</button>
      </form>
      <div role="status" className="vink-summary">
        {table && t('statistics.shown', { dimension: t(`statistics.dimension.${table.groupBy}`), from: table.from, to: table.to })}
      </div>
      {table && <Funnel table={table} />}
    </>
  );
}

/** A count as shown: the number, "<5" where withheld. */
function Cell({ row, count }: { row: CaseloadRow; count: CaseloadCount }) {
  const { t } = useTranslation();
  const v = row[count];
  if (v !== null) return <>{formatNumber(v)}</>;
  if (row.suppressedCells.includes(count)) {
    return (
      <abbr className="vink-suppressed" title={t('statistics.suppressedTitle')}>
        {'<5'}
        <span className="sr-only"> ({t('statistics.suppressedTitle')})</span>
      </abbr>
    );
  }
  return <>–</>;
}

/** The funnel table; the national view (features/national) shows one per unit, each with its own caption. */
export function Funnel({ table, caption, dimension }: { table: CaseloadTable; caption?: string; dimension?: string }) {
  const { t } = useTranslation();
  const noteId = useId();
  const anySuppressed = [...table.rows, table.total].some((r) => r.suppressedCells.length > 0);
  const groupLabel = (g: string) =>
    g === 'total' ? t('statistics.total') : dimension || table.groupBy === 'year' || table.groupBy === 'district' ? (g === 'unknown' ? t('statistics.unknown') : g)
      : t(`statistics.groups.${table.groupBy}.${g}`, { defaultValue: g });
  return (
    <>
      {(!table.exactCounts || anySuppressed) && (
        <div id={noteId}>
          <Alert variant="info">{t('statistics.suppressedNote')}</Alert>
        </div>
      )}
      {!table.callsByGroup && <p>{t('statistics.callsNote')}</p>}
      <div className="table--responsive-scroll">
        <table className="table table--compact" aria-describedby={!table.exactCounts || anySuppressed ? noteId : undefined}>
          <caption>{caption ?? t('statistics.caption', { dimension: t(`statistics.dimension.${table.groupBy}`) })}</caption>
          <thead>
            <tr>
              <th scope="col">{dimension ?? t(`statistics.dimension.${table.groupBy}`)}</th>
              {COUNTS.slice(0, 3).map((c) => <th key={c} scope="col" className="vink-num">{t(`statistics.count.${c}`)}</th>)}
              <th scope="col" className="vink-num">{t('statistics.count.justifiedShare')}</th>
              {COUNTS.slice(3).map((c) => <th key={c} scope="col" className="vink-num">{t(`statistics.count.${c}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => <Row key={r.group} row={r} label={groupLabel(r.group)} />)}
          </tbody>
          <tfoot>
            <Row row={table.total} label={t('statistics.total')} />
          </tfoot>
        </table>
      </div>
    </>
  );
}

function Row({ row, label }: { row: CaseloadRow; label: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {COUNTS.slice(0, 3).map((c) => <td key={c} className="vink-num"><Cell row={row} count={c} /></td>)}
      <td className="vink-num">{row.justifiedShare === null ? '–' : formatPercent(row.justifiedShare)}</td>
      {COUNTS.slice(3).map((c) => <td key={c} className="vink-num"><Cell row={row} count={c} /></td>)}
    </tr>
  );
}
