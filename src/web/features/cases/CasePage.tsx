import { useQueries } from '@tanstack/react-query';
import { DocumentsSection } from '../documents/DocumentsSection.tsx';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/router.tsx';
import { apiGet, query } from '../../api/client.ts';
import { isRefusal, resourceKey, useRefresh, useResource, useSeededResource } from '../../api/queries.ts';
import { HandoverControl } from '../workday/Handover.tsx';
import { can, canOnCase, useUser } from '../../app/session.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { AssessmentsSection } from './AssessmentsSection.tsx';
import { CaseDetailsEditor } from './CaseDetailsEditor.tsx';
import { CoursesSection } from './CoursesSection.tsx';
import { FollowUpsSection } from './FollowUpsSection.tsx';
import { ConsentsSection } from '../watch/ConsentsSection.tsx';
import { MembersSection } from './MembersSection.tsx';
import { NotesSection } from './NotesSection.tsx';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { OffersSection } from './OffersSection.tsx';
import { PersonPanel } from './PersonPanel.tsx';
import { StatusActions } from './StatusActions.tsx';
import { Timeline } from './Timeline.tsx';
import { TransferRequest } from '../transfers/TransferRequest.tsx';
import { buildTimeline } from './timeline.ts';
import { formatDate } from '../../components/dates.ts';
import {
  INSTRUMENT_ID, type Assessment, type CaseCourse, type CaseDetail, type CaseHistory, type ConcernSummary, type Course, type CourseSession, type Disclosure, type FollowUp,
  type Instrument, type Note, type Offer, type PersonView,
} from './types.ts';

/** GET /cases/:id/page: the sections within the user's reach; null where the role may not see one. */
interface CasePageView {
  detail: CaseDetail;
  person: PersonView | null;
  history: CaseHistory | null;
  notes: Note[] | null;
  disclosures: Disclosure[] | null;
  assessments: Assessment[] | null;
  offers: Offer[] | null;
  followUps: FollowUp[] | null;
  concerns: ConcernSummary[] | null;
  courses: CaseCourse[] | null;
  sessions: Record<string, CourseSession[]>;
  courseDimensions: Record<string, CourseDimensionMarks>;
  relativeAssessments: Record<string, CoachAssessment[]>;
  consents: Consent[] | null;
  documents: DocumentView[] | null;
  supportPlan: SupportPlan | null;
  closureRequests: ClosureRequest[] | null;
  supervisionSessions: SupervisionSession[] | null;
  psychiatryConsultations: PsychiatryConsultation[] | null;
  transitions: Transition[] | null;
}
import { casePaths, sessionsPath } from './queries.ts';
import { ClosureSection } from '../casework-depth/ClosureSection.tsx';
import { CaseSummaryLink } from '../casework-depth/CaseSummaryLink.tsx';
import { SupportPlanSection, supportPlanPath } from '../casework-depth/SupportPlanSection.tsx';
import { SupervisionSection } from '../casework-depth/SupervisionSection.tsx';
import type { SupervisionSession } from '../../../shared/supervision.ts';
import type { SupportPlan } from '../../../shared/support-plan.ts';
import type { Consent } from '../../../shared/watch.ts';
import type { DocumentView } from '../../../shared/documents.ts';
import type { ClosureRequest } from '../../../shared/closure-workflow.ts';
import type { CourseDimensions as CourseDimensionMarks } from '../../../shared/course-dimensions.ts';
import type { CoachAssessment } from '../../../shared/coach-assessments.ts';
import { PsychiatrySection, type PsychiatryConsultation } from '../psychiatry/PsychiatrySection.tsx';
import { TransitionsSection, type Transition } from '../psychiatry/TransitionsSection.tsx';
import './cases.css';

/**
 * The case page (/sager/:id; only the opaque id in the URL). The page is read in one request (GET /cases/:id/page),
 * which holds each part the user may read for this case and leaves out the others, so the page fits every role's
 * need to know and one look writes one audit row. A part that changes is read again alone from its own endpoint.
 */
export function CasePage({ params }: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const id = params.id ?? '';
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const paths = casePaths(id);
  // One request for the whole page, within the user's reach, and one audit row for the look (issue 12, item 10).
  const page = useResource<CasePageView>(valid ? `${paths.detail}/page` : null);
  const p = page.data;
  // Each section starts from the page's read and reloads alone from its own path when a change makes it stale.
  const detail = useSeededResource<CaseDetail>(paths.detail, p?.detail);
  const person = useSeededResource<PersonView>(`/api/v1/persons/${p?.detail.personId}`, p?.person);
  const notes = useSeededResource<Note[]>(paths.notes, p?.notes);
  const disclosures = useSeededResource<Disclosure[]>(paths.disclosures, p?.disclosures);
  const assessments = useSeededResource<Assessment[]>(paths.assessments, p?.assessments);
  // The instrument is reference data, not about anyone: read on its own.
  const instrument = useResource<Instrument>(p?.assessments && can(user, 'assessment.read') ? `/api/v1/assessment-instruments/${INSTRUMENT_ID}` : null);
  const offers = useSeededResource<Offer[]>(paths.offers, p?.offers);
  const followUps = useSeededResource<FollowUp[]>(paths.followUps, p?.followUps);
  const refreshCase = useRefresh();
  // Concerns linked to the case or about its person.
  const concerns = useSeededResource<ConcernSummary[]>(`/api/v1/concerns${query({ caseId: id })}`, p?.concerns);
  const history = useSeededResource<CaseHistory>(paths.history, p?.history);
  const courseList = useSeededResource<CaseCourse[]>(paths.courses, p?.courses);
  const courses = useCourseSessions(courseList.data, p?.sessions);
  const plan = useSeededResource<SupportPlan>(supportPlanPath(id), p?.supportPlan);

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
            planReviews: plan.data?.reviews,
          })
        : [],
    [detail.data, history.data, concerns.data, notes.data, disclosures.data, assessments.data, offers.data, courses, followUps.data, plan.data, id],
  );

  if (!valid || isRefusal(page.error) || isRefusal(detail.error)) return <NotFoundPage />;
  if (page.error || detail.error) {
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
      <PageHeading>{`${c.title} · ${c.number}`}</PageHeading>
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
            ['plan-heading', 'depth.plan.heading', plan.data],
            ['supervision-heading', 'supervision.heading', p?.supervisionSessions],
            ['psychiatry-heading', 'psychiatryWeb.heading', p?.psychiatryConsultations],
            ['transitions-heading', 'psychiatryWeb.transitions.heading', p?.transitions],
          ]
            .filter(([, , shown]) => shown)
            .map(([anchor, key]) => (
              <li key={anchor as string}>
                <a href={`#${anchor as string}`}>{t(key as string)}</a>
              </li>
            ))}
        </ul>
      </nav>
      <CaseSummaryLink detail={c} />
      {person.data && <PersonPanel person={person.data} />}
      <CaseDetailsEditor detail={c} />
      <StatusActions detail={c} />
      <ClosureSection detail={c} seed={p?.closureRequests} />
      {c.status !== 'closed' && <TransferRequest record={{ kind: 'case', id: c.id }} />}
      <Timeline events={events} nameOf={nameOf} mayOpenConcerns={can(user, 'concern.read')} />
      {notes.data && <NotesSection caseId={c.id} notes={notes.data} nameOf={nameOf} />}
      <MembersSection detail={c} disclosures={disclosures.data} nameOf={nameOf} />
      {assessments.data && instrument.data && <AssessmentsSection detail={c} instrument={instrument.data} assessments={assessments.data} />}
      {offers.data && <OffersSection detail={c} offers={offers.data} />}
      {courseList.data && <CoursesSection detail={c} courses={courseList.data} offers={offers.data} seed={p ? { dimensions: p.courseDimensions, relativeAssessments: p.relativeAssessments } : undefined} />}
      {followUps.data && <FollowUpsSection caseId={c.id} followUps={followUps.data} />}
      {p?.consents && <ConsentsSection caseId={c.id} seed={p.consents} />}
      {p?.documents && <DocumentsSection record={{ kind: 'case', id: c.id }} seed={p.documents} />}
      {plan.data && <SupportPlanSection detail={c} plan={plan.data} />}
      {p?.supervisionSessions && <SupervisionSection detail={c} seed={p.supervisionSessions} />}
      {p?.psychiatryConsultations && (
        <PsychiatrySection kind="case" id={c.id} seed={p.psychiatryConsultations} mayRecord={canOnCase(user, 'psychiatry.manage', c) && c.status !== 'closed'} />
      )}
      {p?.transitions && <TransitionsSection caseId={c.id} seed={p.transitions} mayRecord={canOnCase(user, 'support_plan.manage', c) && c.status !== 'closed'} />}
    </>
  );
}

/**
 * The sessions of each of the case's courses, for the timeline (the list itself carries only their count). A course
 * without sessions is not asked about; one the actor may not read the sessions of shows none.
 */
function useCourseSessions(list: CaseCourse[] | undefined, seeded: Record<string, CourseSession[]> | undefined): { course: Course; sessions: CourseSession[] }[] {
  return useQueries({
    queries: (list ?? []).map((course) => ({
      queryKey: resourceKey(sessionsPath(course.id)),
      queryFn: async () => (course.sessionsCount > 0 ? (await apiGet<CourseSession[]>(sessionsPath(course.id))).body : []),
      // The page's read holds the sessions of each course that had any; a new course is asked about alone.
      ...(seeded?.[course.id] ? { initialData: seeded[course.id], staleTime: Infinity } : course.sessionsCount === 0 ? { initialData: [], staleTime: Infinity } : {}),
    })),
    combine: (results) => (list ?? []).map((course, i) => ({ course, sessions: results[i]?.data ?? [] })),
  });
}
