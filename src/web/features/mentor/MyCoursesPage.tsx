import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatDate } from '../../components/dates.ts';
import type { MentorCourse } from '../cases/types.ts';
import '../cases/cases.css';

/** A mentor's own courses, with the minimal data the server gives (first name, age band). Made for a phone. */
export function MyCoursesPage(_props: PageProps) {
  const { t } = useTranslation();
  const courses = useResource<MentorCourse[]>('/api/v1/courses/mine');
  const list = [...(courses.data ?? [])].sort((a, b) => (a.status === 'ended' ? 1 : 0) - (b.status === 'ended' ? 1 : 0) || (a.startedOn < b.startedOn ? 1 : -1));
  return (
    <div className="vink-touch">
      <PageHeading>{t('mentor.heading')}</PageHeading>
      {courses.error ? (
        <Alert variant="error">{t('errors.loadFailed')}</Alert>
      ) : !courses.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('mentor.none')}</p>
      ) : (
        <ul className="nobullet-list vink-cards">
          {list.map((c) => (
            <li key={c.id} className="vink-card">
              <h2 className="h3">
                <Link to={`/mine-forloeb/${c.id}`}>{t('mentor.courseTitle', { name: c.firstName, kind: t(`cases.courseKind.${c.kind}`) })}</Link>
              </h2>
              <p>
                {t(`mentor.ageBand.${c.ageBand}`)} · {t(`cases.courseStatus.${c.status}`)}
              </p>
              <p>
                {t('mentor.started', { date: formatDate(c.startedOn) })} ·{' '}
                {c.lastSessionOn ? t('mentor.lastSession', { date: formatDate(c.lastSessionOn) }) : t('mentor.noSessions')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
