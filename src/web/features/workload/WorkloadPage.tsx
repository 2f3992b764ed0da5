import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SuppressedWorkload as SuppressedSchema, Workload as WorkloadSchema } from '../../../shared/workload.ts';
import { query } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import type { PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { todayInDenmark } from '../../components/dates.ts';
import '../workday/workday.css';
import { CoverSection } from './CoverSection.tsx';

type Workload = z.infer<typeof WorkloadSchema>;
type Suppressed = z.infer<typeof SuppressedSchema>;
type Column = 'openCases' | 'overdueTriage' | 'reoffersDue' | 'followUpsDue' | 'runningCourses' | 'sessionsThisMonth';
const CASEWORK: Column[] = ['openCases', 'overdueTriage', 'reoffersDue', 'followUpsDue'];
const MENTORING: Column[] = ['runningCourses', 'sessionsThisMonth'];

/**
 * The workload view (docs/domain.md, "Workload"): per coordinator and adviser open cases, overdue triage, re-offers
 * and follow-ups due in the month; per mentor running courses and sessions in the month. The manager sees names; the
 * analyst the suppressed variant (no names, counts under 5 as "<5").
 */
export function WorkloadPage(_props: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const suppressed = !can(user, 'workload.read');
  const [monthInput, setMonthInput] = useState(todayInDenmark().slice(0, 7));
  const [month, setMonth] = useState(monthInput);
  const path = `/api/v1/workload${suppressed ? '/suppressed' : ''}${query({ month })}`;
  const data = useResource<Workload | Suppressed>(path);
  const rows = (data.data?.rows ?? []) as (Workload['rows'][number] | Suppressed['rows'][number])[];
  const nameOf = (r: (typeof rows)[number], i: number) => ('displayName' in r ? r.displayName : t('workload.person', { n: i + 1 }));

  const table = (heading: string, id: string, roles: string[], columns: Column[]) => {
    const shown = rows.filter((r) => roles.includes(r.role));
    return (
      <section aria-labelledby={id}>
        <h2 id={id}>{heading}</h2>
        {shown.length === 0 ? <p>{t('workload.none')}</p> : (
          <div className="table--responsive-scroll">
            <table className="table table--compact">
              <caption className="sr-only">{heading}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('workload.name')}</th>
                  <th scope="col">{t('workload.role')}</th>
                  {columns.map((c) => <th key={c} scope="col" className="vink-num">{t(`workload.${c}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {shown.map((r, i) => (
                  <tr key={'userId' in r ? r.userId : i}>
                    <th scope="row">{nameOf(r, i)}</th>
                    <td>{t(`roles.${r.role}`)}</td>
                    {columns.map((c) => <td key={c} className="vink-num" data-col={c}>{String(r[c])}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    );
  };

  return (
    <>
      <PageHeading>{t('workload.heading')}</PageHeading>
      <p className="font-lead">{t(suppressed ? 'workload.suppressedIntro' : 'workload.intro', { month })}</p>
      <form className="vink-inline-filter" onSubmit={(e) => { e.preventDefault(); if (/^20[0-9]{2}-(0[1-9]|1[0-2])$/.test(monthInput)) setMonth(monthInput); }}>
        <TextField id="workload-month" type="month" label={t('workload.month')} value={monthInput} onChange={(e) => setMonthInput(e.target.value)} />
        <div className="form-group"><button type="submit" className="button button-secondary">{t('workload.show')}</button></div>
      </form>
      <LiveRegion assertive>{data.error ? <Alert variant="error">{t(generalErrorKey(data.error))}</Alert> : null}</LiveRegion>
      {data.isPending && <p>{t('app.loading')}</p>}
      {data.data && (
        <>
          {table(t('workload.coordinators'), 'workload-casework', ['coordinator', 'adviser'], CASEWORK)}
          {table(t('workload.mentors'), 'workload-mentors', ['mentor'], MENTORING)}
        </>
      )}
      {can(user, 'cover.manage') && <CoverSection />}
    </>
  );
}
