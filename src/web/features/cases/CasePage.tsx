import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/router.tsx';
import { apiGet, query } from '../../api/client.ts';
import { isRefusal, resourceKey, useRefresh, useResource } from '../../api/queries.ts';
import { HandoverControl } from '../workday/Handover.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { AssessmentsSection } from './AssessmentsSection.tsx';
import { CaseDetailsEditor } from './CaseDetailsEditor.tsx';
import { CoursesSection } from './CoursesSection.tsx';
import { FollowUpsSection } from './FollowUpsSection.tsx';
import { MembersSection } from './MembersSection.tsx';
import { NotesSection } from './NotesSection.tsx';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { OffersSection } from './OffersSection.tsx';
import { PersonPanel } from './PersonPanel.tsx';
import { StatusActions } from './StatusActions.tsx';
import { Timeline } from './Timeline.tsx';
import { buildTimeline } from './timeline.ts';
import { formatDate } from '../../components/dates.ts';
import {
  INSTRUMENT_ID, type Assessment, type CaseCourse, type CaseDetail, type CaseHistory, type ConcernSummary, type Course, type CourseSession, type Disclosure, type FollowUp,
  type Instrument, type Note, type Offer, type PersonView,
} from './types.ts';
import { casePaths, sessionsPath } from './queries.ts';
import type { Action } from '../../../shared/policy.ts';
import './cases.css';

/**
 * The case page (/sager/:id; only the opaque id in the URL). Each part is loaded from its own endpoint, and only when
 * the user's role may read that part at all (its capability); a part the user may not read for this case (403/404)
 * is left out rather than shown as an error, so the page fits every role's need to know.
 */
export function CasePage({ params }: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const id = params.id ?? '';
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const paths = casePaths(id);
  const detail = useResource<CaseDetail>(valid ? paths.detail : null);
  const refreshCase = useRefresh();
  /** The part's path once the case is loaded, if the role may read that part at all. */
  const part = (action: Action, path: string) => (detail.data && can(user, action) ? path : null);
  const person = useResource<PersonView>(part('person.read', `/api/v1/persons/${detail.data?.personId}`));
  const notes = useResource<Note[]>(part('case.notes.read', paths.notes));
  const disclosures = useResource<Disclosure[]>(part('case.disclosures.read', paths.disclosures));
  const assessments = useResource<Assessment[]>(part('assessment.read', paths.assessments));
  const instrument = useResource<Instrument>(part('assessment.read', `/api/v1/assessment-instruments/${INSTRUMENT_ID}`));
  const offers = useResource<Offer[]>(part('offer.read', paths.offers));
  const followUps = useResource<FollowUp[]>(part('followup.read', paths.followUps));
  // Concerns linked to the case or about its person.
  const concerns = useResource<ConcernSummary[]>(part('concern.read', `/api/v1/concerns${query({ caseId: id })}`));
  const history = useResource<CaseHistory>(part('case.read', paths.history));
  const courseList = useResource<CaseCourse[]>(part('course.read', paths.courses));
  const courses = useCourseSessions(courseList.data);

  const names = useMemo(() => {
    const m = new Map<string, string>();
    m.set(user.id, user.displayName);
    if (detail.data?.owner) m.set(detail.data.owner.id, detail.data.owner.displayName);
    for (const x of detail.data?.members ?? []) m.set(x.id, x.displayName);
    for (const c of courseList.data ?? []) if (c.mentorName) m.set(c.mentorId, c.mentorName);
    return m;
  }, [detail.data, courseList.data, user]);
  const nameOf = useCallback((uid: string) => names.get(uid) ?? t('cases.someoneElse'), [names, t]);

  const events = useMemo(
    () =>
      detail.data
        ? buildTimeline({
            detail: detail.data,
            history: history.data,
            // The filter is the server's; this keeps the case's own concerns should it ever answer with more.
            concerns: concerns.data?.filter((c) => c.caseId === id || c.personId === detail.data?.personId),
            notes: notes.data,
            disclosures: disclosures.data,
            assessments: assessments.data,
            offers: offers.data,
            courses,
            followUps: followUps.data,
          })
        : [],
    [detail.data, history.data, concerns.data, notes.data, disclosures.data, assessments.data, offers.data, courses, followUps.data, id],
  );

  if (!valid || isRefusal(detail.error)) return <NotFoundPage />;
  if (detail.error) {
    return (
      <>
        <PageHeading>{t('nav.case')}</PageHeading>
        <Alert variant="error">{t('errors.loadFailed')}</Alert>
      </>
    );
  }
  if (!detail.data) {
    return (
      <p role="status" className="vink-starting">
        {t('app.loading')}
      </p>
    );
  }
  const c = detail.data;
  return (
    <>
      <PageHeading>{`${c.number} · ${c.title}`}</PageHeading>
      <p className="vink-case-status">
        <span className={`vink-tag vink-status-${c.status}`}>{t(`cases.statusName.${c.status}`)}</span>{' '}
        <span className={`vink-tag vink-level-${c.preventionLevel}`}>{t(`cases.level.${c.preventionLevel}`)}</span>{' '}
        {c.owner && <span>{t('cases.owner', { name: c.owner.displayName })}</span>}
        {c.closedAt && <span> · {t('cases.closedAt', { date: formatDate(c.closedAt) })}</span>}
      </p>
      {c.status !== 'closed' && (
        <HandoverControl kind="case" id={c.id} version={c.version} current={c.owner?.id ?? null} onDone={() => refreshCase(paths.detail)} />
      )}
      <nav aria-label={t('cases.sectionsNav')} className="vink-section-nav">
        <ul className="nobullet-list">
          {[
            ['person-heading', 'cases.person.heading', person.data],
            ['timeline-heading', 'cases.timeline.heading', true],
            ['notes-heading', 'cases.notes.heading', notes.data],
            ['members-heading', 'cases.members.heading', true],
            ['assessments-heading', 'cases.assessments.heading', assessments.data && instrument.data],
            ['offers-heading', 'cases.offers.heading', offers.data],
            ['courses-heading', 'cases.courses.heading', courseList.data],
            ['followups-heading', 'cases.followUps.heading', followUps.data],
          ]
            .filter(([, , shown]) => shown)
            .map(([anchor, key]) => (
              <li key={anchor as string}>
                <a href={`#${anchor as string}`}>{t(key as string)}</a>
              </li>
            ))}
        </ul>
      </nav>
      {person.data && <PersonPanel person={person.data} />}
      <CaseDetailsEditor detail={c} />
      <StatusActions detail={c} />
      <Timeline events={events} nameOf={nameOf} mayOpenConcerns={can(user, 'concern.read')} />
      {notes.data && <NotesSection caseId={c.id} notes={notes.data} nameOf={nameOf} />}
      <MembersSection detail={c} disclosures={disclosures.data} nameOf={nameOf} />
      {assessments.data && instrument.data && <AssessmentsSection detail={c} instrument={instrument.data} assessments={assessments.data} />}
      {offers.data && <OffersSection detail={c} offers={offers.data} />}
      {courseList.data && <CoursesSection detail={c} courses={courseList.data} offers={offers.data} />}
      {followUps.data && <FollowUpsSection caseId={c.id} followUps={followUps.data} />}
    </>
  );
}

/**
 * The sessions of each of the case's courses, for the timeline (the list itself carries only their count). A course
 * without sessions is not asked about; one the actor may not read the sessions of shows none.
 */
function useCourseSessions(list: CaseCourse[] | undefined): { course: Course; sessions: CourseSession[] }[] {
  return useQueries({
    queries: (list ?? []).map((course) => ({
      queryKey: resourceKey(sessionsPath(course.id)),
      queryFn: async () => (course.sessionsCount > 0 ? (await apiGet<CourseSession[]>(sessionsPath(course.id))).body : []),
    })),
    combine: (results) => (list ?? []).map((course, i) => ({ course, sessions: results[i]?.data ?? [] })),
  });
}
