import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePagedList } from '../../api/paging.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { useUser } from '../../app/session.ts';
import { reachesFor } from '../../../shared/policy.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Countdown } from '../../components/Clock.tsx';
import { SelectField } from '../../components/forms.tsx';
import { formatDateTime, useNow } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useNumberFilter } from '../workday/NumberFilter.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import type { Role } from '../../api/auth.ts';
import { CONCERN_STATUSES, SEVERITIES } from '../../../shared/concern-workflow.ts';
import { CONCERN_SORTS, type ConcernSort } from '../../../shared/lists.ts';
import { formatNumber } from '../../components/numbers.ts';
import type { ConcernSummary } from './model.ts';
import { ExportButton } from '../list-exports/ExportButton.tsx';

const STATUS_FILTERS = ['', ...CONCERN_STATUSES] as const;
const SEVERITY_FILTERS = ['', ...SEVERITIES] as const;
const PAGE_SIZE = 50;

/** What the list holds follows how the role reaches concerns (src/shared/policy.ts): the unit's, one's own, or shared. */
function introFor(role: Role): 'coordinator' | 'adviser' | 'shared' {
  const reaches = reachesFor('concern.read', role);
  return reaches.includes('unit') ? 'coordinator' : reaches.includes('creator') ? 'adviser' : 'shared';
}

/**
 * The Infohus queue (for a coordinator; the same list shows an adviser the concerns they registered and a police
 * liaison those shared with them), a page at a time from the server (docs/architecture.md, "Lists"): by default the
 * running clocks first, soonest deadline (the overdue) first, then the triaged ones newest first. The total is the
 * true count within the user's reach and filters, and "Vis flere" fetches the next page. The rows carry no names:
 * open a concern to see the person, and that look-up is logged. The filters are not personal data.
 */
export function QueuePage(_props: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const [status, setStatus] = useState('');
  const [severity, setSeverity] = useState('');
  const [sort, setSort] = useState<ConcernSort>('triage');
  const numberFilter = useNumberFilter('queue-number');
  const list = usePagedList<ConcernSummary>('/api/v1/concerns/page', { status, severity, number: numberFilter.number, sort, limit: PAGE_SIZE }, 'queue-row-');
  const now = useNow(30_000);
  const { items: rows, total, next, busy, error } = list;
  return (
    <>
      <PageHeading>{t('queue.heading')}</PageHeading>
      <p className="font-lead">{t(`queue.intro.${introFor(user.role)}`)}</p>
      <div>
        {numberFilter.field}
        <SelectField
          id="queue-status"
          label={t('queue.filterStatus')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: s ? t(`vocab.concernStatus.${s}`) : t('queue.allStatuses') }))}
        />
        <SelectField
          id="queue-severity"
          label={t('queue.filterSeverity')}
          value={severity}
          onChange={(e) => setSeverity(e.target.value)}
          options={SEVERITY_FILTERS.map((s) => ({ value: s, label: s ? t(`vocab.severity.${s}`) : t('queue.allSeverities') }))}
        />
        <SelectField
          id="queue-sort"
          label={t('queue.sort')}
          value={sort}
          onChange={(e) => setSort(e.target.value as ConcernSort)}
          options={CONCERN_SORTS.map((s) => ({ value: s, label: t(`queue.sorts.${s}`) }))}
        />
      </div>
      <LiveRegion assertive>{error ? <Alert variant="error">{t(generalErrorKey(error))}</Alert> : null}</LiveRegion>
      <div role="status" className="vink-summary">
        {list.loaded && (rows.length ? t('queue.showing', { shown: formatNumber(rows.length), total: formatNumber(total), count: total }) : t('queue.none'))}
      </div>
      {total > 0 && (
        <ExportButton id="queue-export" path="/api/v1/concerns/export.xlsx" action="concern.list.export" filename="henvendelser.xlsx"
          filters={{ status, severity, number: numberFilter.number, sort }} />
      )}
      {rows.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('queue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.received')}</th>
                <th scope="col">{t('queue.severity')}</th>
                <th scope="col">{t('queue.ideology')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('queue.clock')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link id={`queue-row-${r.id}`} to={pathTo('/henvendelser/:id', { id: r.id })}>
                      {`${r.number} · ${t('queue.open', { at: formatDateTime(r.receivedAt) })}`}
                    </Link>
                  </th>
                  <td>{t(`vocab.severity.${r.severity}`)}</td>
                  <td>{t(`vocab.ideology.${r.ideologyArea}`)}</td>
                  <td>{t(`vocab.concernStatus.${r.status}`)}</td>
                  <td>
                    {r.triagedAt ? (
                      t(r.handledInTime ? 'queue.handledInTime' : 'queue.handledLate')
                    ) : (
                      <Countdown deadline={r.deadlineAt} now={now} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void list.showMore()}>
          {t('queue.showMore', { count: Math.min(PAGE_SIZE, total - rows.length) })}
        </button>
      )}
    </>
  );
}
