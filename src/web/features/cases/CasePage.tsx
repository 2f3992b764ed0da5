import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/router.tsx';
import { ApiError, apiGet, query } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';
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
import { useSection } from './useSection.ts';
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
  const detail = useApi<CaseDetail>(valid ? `/api/v1/cases/${id}` : null);
  const base = detail.data ? `/api/v1/cases/${id}` : null;
  /** The part's path once the case is loaded, if the role may read that part at all. */
  const part = (action: Action, path: string) => (base && can(user, action) ? path : null);
  const person = useSection<PersonView>(part('person.read', `/api/v1/persons/${detail.data?.personId}`));
  const notes = useSection<Note[]>(part('case.notes.read', `${base}/notes`));
  const disclosures = useSection<Disclosure[]>(part('case.disclosures.read', `${base}/disclosures`));
  const assessments = useSection<Assessment[]>(part('assessment.read', `${base}/assessments`));
  const instrument = useSection<Instrument>(part('assessment.read', `/api/v1/assessment-instruments/${INSTRUMENT_ID}`));
  const offers = useSection<Offer[]>(part('offer.read', `${base}/offers`));
  const followUps = useSection<FollowUp[]>(part('followup.read', `${base}/follow-ups`));
  // Concerns linked to the case or about its person.
  const concerns = useSection<ConcernSummary[]>(part('concern.read', `/api/v1/concerns${query({ caseId: id })}`));
  const history = useSection<CaseHistory>(part('case.read', `${base}/history`));
  const courseList = useSection<CaseCourse[]>(part('course.read', `${base}/courses`));
  const courses = useCourseSessions(courseList.data);

  const reloadDetail = detail.reload;
  const reloadHistory = history.reload;
  function onCaseChanged(fresh: CaseDetail | null) {
    if (fresh) detail.set(fresh);
    else reloadDetail();
    // A transition or reopening may have written a note (reopen note, closure); show it, and the status change.
    notes.reload();
    reloadHistory();
  }
  /** Starting or ending a course moves the case (course, follow-up) and may add a member and a follow-up. */
  function onCoursesChanged() {
    courseList.reload();
    followUps.reload();
    reloadDetail();
    reloadHistory();
    notes.reload();
  }

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

  if (!valid || (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403))) return <NotFoundPage />;
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
      <PageHeading>{c.title}</PageHeading>
      <p className="vink-case-status">
        <span className={`vink-tag vink-status-${c.status}`}>{t(`cases.statusName.${c.status}`)}</span>{' '}
        <span className={`vink-tag vink-level-${c.preventionLevel}`}>{t(`cases.level.${c.preventionLevel}`)}</span>{' '}
        {c.owner && <span>{t('cases.owner', { name: c.owner.displayName })}</span>}
        {c.closedAt && <span> · {t('cases.closedAt', { date: formatDate(c.closedAt) })}</span>}
      </p>
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
      <CaseDetailsEditor detail={c} onChanged={onCaseChanged} />
      <StatusActions detail={c} onChanged={onCaseChanged} />
      <Timeline events={events} nameOf={nameOf} mayOpenConcerns={can(user, 'concern.read')} />
      {notes.data && <NotesSection caseId={c.id} notes={notes.data} nameOf={nameOf} onAdded={notes.reload} />}
      <MembersSection detail={c} disclosures={disclosures.data} nameOf={nameOf} onDisclosed={disclosures.reload} onMemberAdded={reloadDetail} />
      {assessments.data && instrument.data && (
        <AssessmentsSection
          detail={c}
          instrument={instrument.data}
          assessments={assessments.data}
          onAdded={() => {
            assessments.reload();
            reloadDetail();
          }}
        />
      )}
      {offers.data && (
        <OffersSection
          detail={c}
          offers={offers.data}
          onChanged={() => {
            offers.reload();
            followUps.reload();
          }}
        />
      )}
      {courseList.data && <CoursesSection detail={c} courses={courseList.data} offers={offers.data} onChanged={onCoursesChanged} />}
      {followUps.data && <FollowUpsSection followUps={followUps.data} onChanged={followUps.reload} />}
    </>
  );
}

/** The sessions of each of the case's courses, for the timeline (the list itself carries only their count). */
function useCourseSessions(list: CaseCourse[] | undefined) {
  const [courses, setCourses] = useState<{ course: Course; sessions: CourseSession[] }[]>([]);
  // Refetch when a course is added, ends or logs a session: its version or session count changes.
  const key = (list ?? []).map((c) => `${c.id}:${c.version}:${c.sessionsCount}`).sort().join(',');
  useEffect(() => {
    if (!list?.length) {
      setCourses([]);
      return;
    }
    let live = true;
    void Promise.all(
      list.map(async (course) => {
        try {
          const sessions = course.sessionsCount > 0 ? (await apiGet<CourseSession[]>(`/api/v1/courses/${course.id}/sessions`)).body : [];
          return { course, sessions };
        } catch {
          return { course, sessions: [] };
        }
      }),
    ).then((all) => {
      if (live) setCourses(all);
    });
    return () => {
      live = false;
    };
    // The key stands for the list's content.
  }, [key]);
  return courses;
}
