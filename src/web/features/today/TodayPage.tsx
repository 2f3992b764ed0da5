import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Task as TaskSchema } from '../../../shared/support.ts';
import { useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Countdown } from '../../components/Clock.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatSpan, useNow } from '../../components/dates.ts';
import { PendingClosures } from '../casework-depth/PendingClosures.tsx';

type Task = z.infer<typeof TaskSchema>;

/** Where a task's work is: the concern for a triage deadline, else the case. */
function taskLink(task: Task): string | null {
  if (task.concernId) return pathTo('/henvendelser/:id', { id: task.concernId });
  if (task.caseId) return pathTo('/sager/:id', { id: task.caseId });
  return null;
}

/**
 * "I dag": the signed-in user's open tasks (and, for a coordinator, the unit's unassigned triage queue). Overdue
 * first, then by deadline, each one click from the work. Clocks are computed from the deadlines and move every 30 s;
 * the polite summary changes only when the overdue count or the nearest deadline's hour changes.
 */
export function TodayPage(_props: PageProps) {
  const { t } = useTranslation();
  const tasks = useResource<Task[]>('/api/v1/tasks/mine');
  const now = useNow(30_000);
  const list = [...(tasks.data ?? [])].sort((a, b) => {
    const ao = Date.parse(a.dueAt) < now;
    const bo = Date.parse(b.dueAt) < now;
    return ao === bo ? Date.parse(a.dueAt) - Date.parse(b.dueAt) : ao ? -1 : 1;
  });
  const overdue = list.filter((task) => Date.parse(task.dueAt) < now);
  const next = list.find((task) => Date.parse(task.dueAt) >= now);
  const nextHours = next ? Math.floor((Date.parse(next.dueAt) - now) / 3_600_000) : null;

  return (
    <>
      <PageHeading>{t('today.heading')}</PageHeading>
      <p className="font-lead">{t('today.intro')}</p>
      <LiveRegion assertive>{tasks.error ? <Alert variant="error">{t(generalErrorKey(tasks.error))}</Alert> : null}</LiveRegion>
      <div role="status" className="vink-summary">
        {tasks.data &&
          (list.length === 0
            ? t('today.none')
            : [
                t('today.overdueCount', { count: overdue.length }),
                nextHours !== null ? t('today.nextDue', { time: formatSpan(t, nextHours * 60) }) : null,
              ]
                .filter(Boolean)
                .join(' '))}
      </div>
      {tasks.isPending && <p>{t('app.loading')}</p>}
      {list.length > 0 && (
        <ul className="nobullet-list vink-task-list">
          {list.map((task) => {
            const to = taskLink(task);
            const label = t(`vocab.taskKind.${task.kind}`);
            const isOverdue = Date.parse(task.dueAt) < now;
            return (
              <li key={task.id} className={isOverdue ? 'vink-task vink-task-overdue' : 'vink-task'}>
                <h2 className="h4 vink-task-title">
                  {to ? <Link to={to}>{label}</Link> : label}
                  {isOverdue && <span className="badge badge-error vink-badge">{t('today.overdueBadge')}</span>}
                  {task.unassigned && <span className="badge badge-info vink-badge">{t('today.unassigned')}</span>}
                </h2>
                <Countdown deadline={task.dueAt} now={now} />
              </li>
            );
          })}
        </ul>
      )}
      <PendingClosures />
    </>
  );
}
