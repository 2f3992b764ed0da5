import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert } from '../../components/Alert.tsx';
import { SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { query } from '../../api/client.ts';
import { formatDate } from '../../components/dates.ts';
import { CASE_STATUSES } from '../../../shared/case-workflow.ts';
import type { CaseStatus, CaseSummary } from './types.ts';
import './cases.css';

/** The cases the user may see (GET /cases), filtered by status; each links to its case page. No personal data shown. */
export function CaseListPage(_props: PageProps) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const cases = useResource<CaseSummary[]>(`/api/v1/cases${query({ status })}`);
  return (
    <>
      <PageHeading>{t('nav.cases')}</PageHeading>
      <SelectField
        id="case-status-filter"
        label={t('cases.list.filter')}
        value={status}
        onChange={(e) => setStatus(e.target.value as CaseStatus | '')}
        options={[{ value: '', label: t('cases.list.all') }, ...CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.statusName.${s}`) }))]}
      />
      {cases.error ? (
        <Alert variant="error">{t('errors.loadFailed')}</Alert>
      ) : !cases.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : cases.data.length === 0 ? (
        <p>{t('cases.list.none')}</p>
      ) : (
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
              {[...cases.data]
                .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
                .map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/sager/${c.id}`}>{c.title}</Link>
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
    </>
  );
}
