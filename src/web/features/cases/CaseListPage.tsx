import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePagedList } from '../../api/paging.ts';
import { TextField } from '../../components/TextField.tsx';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Checkbox, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useNumberFilter } from '../workday/NumberFilter.tsx';
import { formatDate } from '../../components/dates.ts';
import { formatNumber } from '../../components/numbers.ts';
import { generalErrorKey } from '../../components/errors.ts';
import { CASE_STATUSES } from '../../../shared/case-workflow.ts';
import { CASE_SORTS, type CaseSort } from '../../../shared/lists.ts';
import type { CaseStatus, CaseSummary } from './types.ts';
import { ExportButton } from '../list-exports/ExportButton.tsx';
import './cases.css';

const PAGE_SIZE = 50;
const LEVELS = ['green', 'yellow', 'red'] as const;
const IDEOLOGIES = ['militant_islamism', 'right_wing', 'left_wing', 'other_unclear'] as const;

/**
 * The cases the user may see, a page at a time from the server (GET /cases/page, docs/architecture.md "Lists"), with
 * "Mine sager", status, level, ideology and overdue filters, the sort, and the true total; each links to its case
 * page. No personal data shown, and the filters put none in any URL.
 */
export function CaseListPage(_props: PageProps) {
  const { t } = useTranslation();
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const [level, setLevel] = useState('');
  const [ideology, setIdeology] = useState('');
  const [sort, setSort] = useState<CaseSort>('updated');
  // The district is typed, and applied on Enter or when the field is left: not one audited search per keystroke.
  const [districtText, setDistrictText] = useState('');
  const [district, setDistrict] = useState('');
  const numberFilter = useNumberFilter('case-number-filter');
  const filters = {
    mine: mine ? 'true' : undefined, overdue: overdue ? 'true' : undefined, status, level, ideology, district: district || undefined, number: numberFilter.number, sort,
  };
  const list = usePagedList<CaseSummary>('/api/v1/cases/page', { ...filters, limit: PAGE_SIZE }, 'case-row-');
  const { items, total, next, busy, error } = list;
  return (
    <>
      <PageHeading>{t('nav.cases')}</PageHeading>
      <div>
        {numberFilter.field}
        <Checkbox id="case-mine-filter" label={t('cases.list.mine')} checked={mine} onChange={setMine} />
        <Checkbox id="case-overdue-filter" label={t('cases.list.overdue')} checked={overdue} onChange={setOverdue} />
        <SelectField
          id="case-status-filter"
          label={t('cases.list.filter')}
          value={status}
          onChange={(e) => setStatus(e.target.value as CaseStatus | '')}
          options={[{ value: '', label: t('cases.list.all') }, ...CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.statusName.${s}`) }))]}
        />
        <SelectField
          id="case-level-filter"
          label={t('cases.list.filterLevel')}
          value={level}
          onChange={(e) => setLevel(e.target.value)}
          options={[{ value: '', label: t('cases.list.all') }, ...LEVELS.map((l) => ({ value: l, label: t(`cases.level.${l}`) }))]}
        />
        <SelectField
          id="case-ideology-filter"
          label={t('cases.list.filterIdeology')}
          value={ideology}
          onChange={(e) => setIdeology(e.target.value)}
          options={[{ value: '', label: t('cases.list.all') }, ...IDEOLOGIES.map((i) => ({ value: i, label: t(`cases.ideology.${i}`) }))]}
        />
        <form onSubmit={(e) => { e.preventDefault(); setDistrict(districtText.trim()); }}>
          <TextField
            id="case-district-filter"
            label={t('caseDistrict.label')}
            hint={t('caseDistrict.hint')}
            value={districtText}
            maxLength={100}
            autoComplete="off"
            onChange={(e) => setDistrictText(e.currentTarget.value)}
            onBlur={() => setDistrict(districtText.trim())}
          />
        </form>
        <SelectField
          id="case-sort"
          label={t('cases.list.sort')}
          value={sort}
          onChange={(e) => setSort(e.target.value as CaseSort)}
          options={CASE_SORTS.map((s) => ({ value: s, label: t(`cases.list.sorts.${s}`) }))}
        />
      </div>
      <LiveRegion assertive>{error ? <Alert variant="error">{t(generalErrorKey(error))}</Alert> : null}</LiveRegion>
      <div role="status" className="vink-summary">
        {!list.loaded
          ? error ? null : t('app.loading')
          : items.length
            ? t('cases.list.showing', { shown: formatNumber(items.length), total: formatNumber(total), count: total })
            : t('cases.list.none')}
      </div>
      {total > 0 && <ExportButton id="case-export" path="/api/v1/cases/export.xlsx" action="case.list.export" filename="sager.xlsx" filters={filters} />}
      {items.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('nav.cases')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.details.title')}</th>
                <th scope="col">{t('cases.list.status')}</th>
                <th scope="col">{t('cases.details.preventionLevel')}</th>
                <th scope="col">{t('cases.list.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link id={`case-row-${c.id}`} to={`/sager/${c.id}`}>{`${c.number} · ${c.title}`}</Link>
                  </td>
                  <td>{t(`cases.statusName.${c.status}`)}</td>
                  <td>{t(`cases.level.${c.preventionLevel}`)}</td>
                  <td>{formatDate(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void list.showMore()}>
          {t('cases.list.showMore', { count: Math.min(PAGE_SIZE, total - items.length) })}
        </button>
      )}
    </>
  );
}
