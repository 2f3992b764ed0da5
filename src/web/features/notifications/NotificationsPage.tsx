import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Inbox as InboxSchema, Notification } from '../../../shared/notifications.ts';
import { apiGet, apiPost } from '../../api/client.ts';
import { resourceKey, useRefresh, useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatDateTime } from '../../components/dates.ts';
import '../workday/workday.css';

type Inbox = z.infer<typeof InboxSchema>;
const INBOX = '/api/v1/notifications';
const UNREAD = '/api/v1/notifications/unread';

/**
 * The unread count beside the navigation entry, on every page. It asks again every 30 seconds (a count, not a look-up
 * of personal data, so the server does not audit it), so a share reaches the police liaison within seconds.
 */
export function UnreadBadge() {
  const { t } = useTranslation();
  const count = useQuery({
    queryKey: resourceKey(UNREAD),
    queryFn: async () => (await apiGet<{ unread: number }>(UNREAD)).body,
    refetchInterval: 30_000,
  });
  const n = count.data?.unread ?? 0;
  if (n === 0) return null;
  return (
    <span className="vink-nav-badge" data-testid="unread-badge">
      {' '}({n}<span className="sr-only"> {t('notifications.unread')}</span>)
    </span>
  );
}

function linkOf(n: Notification): string | null {
  if (n.concernId) return pathTo('/henvendelser/:id', { id: n.concernId });
  if (n.caseId) return pathTo('/sager/:id', { id: n.caseId });
  if (n.taskId) return '/opgaver';
  return null;
}

/** The inbox: what happened in the user's cases and concerns, newest first; never names. */
export function NotificationsPage(_props: PageProps) {
  const { t } = useTranslation();
  const inbox = useResource<Inbox>(INBOX);
  const refresh = useRefresh();
  const [error, setError] = useState<unknown>(null);
  const act = async (path: string) => {
    setError(null);
    try {
      await apiPost(path, {});
      await refresh(INBOX, UNREAD);
    } catch (err) {
      setError(err);
    }
  };
  const items = inbox.data?.items ?? [];
  return (
    <>
      <PageHeading>{t('notifications.heading')}</PageHeading>
      <p className="font-lead">{t('notifications.intro')}</p>
      <p><Link to="/indstillinger/notifikationer">{t('notifications.settingsLink')}</Link></p>
      <LiveRegion assertive>
        {(inbox.error || error) ? <Alert variant="error">{t(generalErrorKey(inbox.error ?? error))}</Alert> : null}
      </LiveRegion>
      <div role="status" className="vink-summary">
        {inbox.data && (items.length === 0 ? t('notifications.none') : t('notifications.unreadCount', { count: inbox.data.unread }))}
      </div>
      {inbox.isPending && <p>{t('app.loading')}</p>}
      {inbox.data && inbox.data.unread > 0 && (
        <button type="button" className="button button-secondary" onClick={() => void act('/api/v1/notifications/read-all')}>
          {t('notifications.markAllRead')}
        </button>
      )}
      {items.length > 0 && (
        <ul className="nobullet-list vink-task-list">
          {items.map((n) => {
            const to = linkOf(n);
            const label = t(`notifications.kind.${n.kind}`);
            return (
              <li key={n.id} className={n.read ? 'vink-task' : 'vink-task vink-notification-unread'}>
                <h2 className="h4 vink-task-title">
                  {to ? <Link to={to}>{label}</Link> : label}
                  {!n.read && <span className="badge badge-info vink-badge">{t('notifications.newBadge')}</span>}
                </h2>
                <ul className="vink-task-facts">
                  {n.number && <li>{t('notifications.record', { number: n.number })}</li>}
                  <li>{formatDateTime(n.createdAt)}</li>
                </ul>
                {!n.read && (
                  <button type="button" className="button button-tertiary" onClick={() => void act(`/api/v1/notifications/${n.id}/read`)}>
                    {t('notifications.markRead')}<span className="sr-only">: {label}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
