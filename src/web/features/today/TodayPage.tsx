import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/support.ts';
import { TaskKind } from '../../../shared/support.ts';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Countdown } from '../../components/Clock.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { SelectField } from '../../components/forms.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatDateTime, formatSpan, useNow } from '../../components/dates.ts';
import { PendingClosures } from '../casework-depth/PendingClosures.tsx';
import { PickColleague } from '../workday/PickColleague.tsx';
import '../workday/workday.css';

const TASKS = '/api/v1/tasks/mine';

/** Where a task's work is: the concern for a triage deadline, else the case. */
function taskLink(task: Task): string | null {
  if (task.concernId) return pathTo('/henvendelser/:id', { id: task.concernId });
  if (task.caseId) return pathTo('/sager/:id', { id: task.caseId });
  return null;
}

/**
 * "I dag": the signed-in user's open tasks (and, for a coordinator, the unit's unassigned triage queue; for the
 * manager, the unit's overdue tasks). Grouped by kind, overdue first within each group, each card saying whom and what
 * (number, initials and age band, severity or level, who holds it, deadline; never the name: D7) and one click from
 * the work. Clocks move every 30 s; the polite summary changes only when the overdue count or the nearest hour does.
 */
export function TodayPage(_props: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const tasks = useResource<Task[]>(TASKS);
  const refresh = useRefresh();
  const now = useNow(30_000);
  const [kind, setKind] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const all = [...(tasks.data ?? [])].sort((a, b) => {
    const ao = Date.parse(a.dueAt) < now;
    const bo = Date.parse(b.dueAt) < now;
    return ao === bo ? Date.parse(a.dueAt) - Date.parse(b.dueAt) : ao ? -1 : 1;
  });
  const list = kind ? all.filter((task) => task.kind === kind) : all;
  const overdue = list.filter((task) => Date.parse(task.dueAt) < now);
  const next = list.find((task) => Date.parse(task.dueAt) >= now);
  const nextHours = next ? Math.floor((Date.parse(next.dueAt) - now) / 3_600_000) : null;
  const kinds = TaskKind.options.filter((k) => all.some((task) => task.kind === k));
  const groups = kinds.filter((k) => !kind || k === kind).map((k) => ({ kind: k, tasks: list.filter((task) => task.kind === k) }));
  const mayDelegate = can(user, 'tasks.delegate');

  return (
    <>
      <PageHeading>{t('today.heading')}</PageHeading>
      <p className="font-lead">{user.role === 'manager' ? t('workday.managerIntro') : t('today.intro')}</p>
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
      <LiveRegion>{message && <Alert variant="success">{message}</Alert>}</LiveRegion>
      {tasks.isPending && <p>{t('app.loading')}</p>}
      {kinds.length > 1 && (
        <div className="vink-inline-filter">
          <SelectField id="task-kind" label={t('workday.filterKind')} value={kind} onChange={(e) => setKind(e.target.value)}
            options={[{ value: '', label: t('workday.allKinds') }, ...kinds.map((k) => ({ value: k, label: t(`vocab.taskKind.${k}`) }))]} />
        </div>
      )}
      <PendingClosures />
      {groups.map((g) => (
        <section key={g.kind} className="vink-task-group" aria-labelledby={`group-${g.kind}`}>
          <h2 id={`group-${g.kind}`} className="h3">{t('workday.groupHeading', { kind: t(`vocab.taskKind.${g.kind}`), count: g.tasks.length })}</h2>
          <ul className="nobullet-list vink-task-list">
            {g.tasks.map((task) => (
              <TaskCard key={task.id} task={task} now={now}
                mayDelegate={mayDelegate && (user.role === 'coordinator' || task.assignee?.id === user.id)}
                onDelegated={async (text) => { setMessage(text); await refresh(TASKS); }} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function TaskCard({ task, now, mayDelegate, onDelegated }: { task: Task; now: number; mayDelegate: boolean; onDelegated(text: string): Promise<void> }) {
  const { t } = useTranslation();
  const to = taskLink(task);
  const label = t(`vocab.taskKind.${task.kind}`);
  const isOverdue = Date.parse(task.dueAt) < now;
  const title = task.number ? `${label} · ${task.number}` : label;
  return (
    <li className={isOverdue ? 'vink-task vink-task-overdue' : 'vink-task'}>
      <h3 className="h4 vink-task-title">
        {to ? <Link to={to}>{title}</Link> : title}
        {isOverdue && <span className="badge badge-error vink-badge">{t('today.overdueBadge')}</span>}
        {task.unassigned && <span className="badge badge-info vink-badge">{t('today.unassigned')}</span>}
        {task.delegated && <span className="badge vink-badge">{t('workday.delegated')}</span>}
      </h3>
      <ul className="vink-task-facts">
        {task.initials && task.ageBand && <li>{t('workday.whom', { initials: task.initials, age: t(`mentor.ageBand.${task.ageBand}`) })}</li>}
        {!task.number && <li>{t('workday.noNumber')}</li>}
        {task.severity && <li>{t('workday.severity', { severity: t(`vocab.severity.${task.severity}`) })}</li>}
        {task.level && <li>{t('workday.level', { level: t(`cases.level.${task.level}`) })}</li>}
        <li>{task.assignee ? t('workday.assignee', { name: task.assignee.displayName }) : t('workday.noAssignee')}</li>
        <li>{t('workday.due', { date: formatDateTime(task.dueAt) })}</li>
      </ul>
      <Countdown deadline={task.dueAt} now={now} />
      {mayDelegate && (
        <PickColleague id={`delegate-${task.id}`} openLabel={t('workday.delegate')} heading={`${t('workday.delegate')}: ${title}`}
          pickLabel={t('workday.delegateTo')} hint={t('workday.delegateHint')} submitLabel={t('workday.delegateSubmit')}
          roles={['coordinator', 'adviser']} exclude={task.assignee ? [task.assignee.id] : []}
          onSubmit={async (userId, entry) => {
            await apiPost(`/api/v1/tasks/${task.id}/delegate`, { userId });
            // The card leaves the list with the task: the page says where it went.
            await onDelegated(t('workday.delegateDone', { name: entry?.displayName ?? '' }));
            return '';
          }} />
      )}
    </li>
  );
}
