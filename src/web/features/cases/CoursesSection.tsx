import { useTranslation } from 'react-i18next';
import { formatDate } from './format.ts';
import type { Course, CourseSession } from './types.ts';

/**
 * Courses on the case and their sessions. The API has no list of a case's courses; the ones shown are those the
 * follow-ups point to (see the report's server gaps).
 */
export function CoursesSection({ courses, nameOf }: { courses: { course: Course; sessions: CourseSession[] }[]; nameOf(id: string): string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="courses-heading" className="vink-case-section">
      <h2 id="courses-heading">{t('cases.courses.heading')}</h2>
      {courses.length === 0 ? (
        <p>{t('cases.courses.none')}</p>
      ) : (
        <ul className="nobullet-list vink-cards">
          {courses.map(({ course, sessions }) => (
            <li key={course.id} className="vink-card">
              <h3 className="h4">{t(`cases.courseKind.${course.kind}`)}</h3>
              <p>
                {t('cases.courses.mentor', { name: nameOf(course.mentorId) })} · {t(`cases.courseStatus.${course.status}`)} ·{' '}
                {t('cases.courses.period', { start: formatDate(course.startedOn), end: course.endedOn ? formatDate(course.endedOn) : '…' })}
              </p>
              <p>{t('cases.courses.sessions', { count: sessions.length })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
