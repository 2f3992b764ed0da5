import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import { Link, pathTo } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { formatDateTime } from '../../components/dates.ts';
import type { PendingClosure } from '../../../shared/closure-workflow.ts';

/** The manager's "I dag": closure requests waiting for a decision, each one click from its case. */
export function PendingClosures() {
  const { t } = useTranslation();
  const user = useUser();
  const pending = useResource<PendingClosure[]>(can(user, 'case.closure.decide') ? '/api/v1/closure-requests/pending' : null);
  if (!pending.data) return null;
  return (
    <section aria-labelledby="pending-closures-heading">
      <h2 id="pending-closures-heading">{t('depth.pending.heading')}</h2>
      {pending.data.length === 0 ? <p>{t('depth.pending.none')}</p> : (
        <ul className="nobullet-list vink-task-list">
          {pending.data.map((r) => (
            <li key={r.id} className="vink-task">
              <h3 className="h4 vink-task-title">
                <Link to={pathTo('/sager/:id', { id: r.caseId })}>{t('depth.pending.item', { title: r.caseTitle })}</Link>
              </h3>
              <p>{t('depth.closure.askedBy', { name: r.requestedBy.displayName, at: formatDateTime(r.requestedAt) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
