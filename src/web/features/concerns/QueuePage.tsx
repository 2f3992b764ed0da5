import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { useUser } from '../../app/session.ts';
import { reachesFor } from '../../../shared/policy.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Countdown } from '../../components/Clock.tsx';
import { SelectField } from '../../components/forms.tsx';
import { formatDateTime, useNow } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import type { Role } from '../../api/auth.ts';
import { CONCERN_STATUSES } from '../../../shared/concern-workflow.ts';
import type { ConcernSummary } from './model.ts';

const STATUS_FILTERS = ['', ...CONCERN_STATUSES] as const;

/** What the list holds follows how the role reaches concerns (src/shared/policy.ts): the unit's, one's own, or shared. */
function introFor(role: Role): 'coordinator' | 'adviser' | 'shared' {
  const reaches = reachesFor('concern.read', role);
  return reaches.includes('unit') ? 'coordinator' : reaches.includes('creator') ? 'adviser' : 'shared';
}

/**
 * The Infohus queue (for a coordinator; the same list shows an adviser the concerns they registered and a police
 * liaison those shared with them). Overdue first, each with its clock. The rows carry no names: open a concern to
 * see the person, and that look-up is logged.
 */
export function QueuePage(_props: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const [status, setStatus] = useState('');
  const list = useResource<ConcernSummary[]>(`/api/v1/concerns${query({ status })}`);
  const now = useNow(30_000);
  const rows = [...(list.data ?? [])].sort((a, b) => {
    const ao = !a.triagedAt && Date.parse(a.deadlineAt) < now;
    const bo = !b.triagedAt && Date.parse(b.deadlineAt) < now;
    return ao === bo ? Date.parse(a.deadlineAt) - Date.parse(b.deadlineAt) : ao ? -1 : 1;
  });
  const overdue = rows.filter((r) => !r.triagedAt && Date.parse(r.deadlineAt) < now).length;

  return (
    <>
      <PageHeading>{t('queue.heading')}</PageHeading>
      <p className="font-lead">{t(`queue.intro.${introFor(user.role)}`)}</p>
      <SelectField
        id="queue-status"
        label={t('queue.filterStatus')}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        options={STATUS_FILTERS.map((s) => ({ value: s, label: s ? t(`vocab.concernStatus.${s}`) : t('queue.allStatuses') }))}
      />
      <LiveRegion assertive>{list.error ? <Alert variant="error">{t(generalErrorKey(list.error))}</Alert> : null}</LiveRegion>
      <div role="status" className="vink-summary">
        {list.data && (rows.length ? t('queue.count', { count: rows.length, overdue }) : t('queue.none'))}
      </div>
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
                    <Link to={pathTo('/henvendelser/:id', { id: r.id })}>
                      {t('queue.open', { at: formatDateTime(r.receivedAt) })}
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
    </>
  );
}
