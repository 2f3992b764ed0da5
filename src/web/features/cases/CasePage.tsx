import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';
import type { PageProps } from '../../app/routes.tsx';
import { useUser } from '../../app/session.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { AssessmentsSection } from './AssessmentsSection.tsx';
import { CaseDetailsEditor } from './CaseDetailsEditor.tsx';
import { CoursesSection } from './CoursesSection.tsx';
import { FollowUpsSection } from './FollowUpsSection.tsx';
import { MembersSection } from './MembersSection.tsx';
import { NotesSection } from './NotesSection.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { OffersSection } from './OffersSection.tsx';
import { PersonPanel } from './PersonPanel.tsx';
import { StatusActions } from './StatusActions.tsx';
import { Timeline } from './Timeline.tsx';
import { buildTimeline } from './timeline.ts';
import { formatDate } from './format.ts';
import {
  INSTRUMENT_ID, type Assessment, type CaseDetail, type ConcernSummary, type Course, type CourseSession, type Disclosure, type FollowUp,
  type Instrument, type Note, type Offer, type PersonView,
} from './types.ts';
import { useSection } from './useSection.ts';
import './cases.css';

/**
 * The case page (/sager/:id; only the opaque id in the URL). Each part is loaded from its own endpoint; a part the
 * user may not read (403/404) is left out rather than shown as an error, so the page fits every role's need to know.
 */
export function CasePage({ params }: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const id = params.id ?? '';
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const detail = useApi<CaseDetail>(valid ? `/api/v1/cases/${id}` : null);
  const base = detail.data ? `/api/v1/cases/${id}` : null;
  const person = useSection<PersonView>(detail.data ? `/api/v1/persons/${detail.data.personId}` : null);
  const notes = useSection<Note[]>(base && `${base}/notes`);
  const disclosures = useSection<Disclosure[]>(base && `${base}/disclosures`);
  const assessments = useSection<Assessment[]>(base && `${base}/assessments`);
  const instrument = useSection<Instrument>(base && `/api/v1/assessment-instruments/${INSTRUMENT_ID}`);
  const offers = useSection<Offer[]>(base && `${base}/offers`);
  const followUps = useSection<FollowUp[]>(base && `${base}/follow-ups`);
  // Concerns have no per-case endpoint; the unit's list is filtered here (see the report's server gaps).
  const concerns = useSection<ConcernSummary[]>(base && user.role !== 'mentor' ? '/api/v1/concerns' : null);
  const courses = useCaseCourses(followUps.data);

  const reloadDetail = detail.reload;
  function onCaseChanged(fresh: CaseDetail | null) {
    if (fresh) detail.set(fresh);
    else reloadDetail();
    // A transition or reopening may have written a note (reopen note, closure); show it.
    notes.reload();
  }

  const names = useMemo(() => {
    const m = new Map<string, string>();
    m.set(user.id, user.displayName);
    if (detail.data?.owner) m.set(detail.data.owner.id, detail.data.owner.displayName);
    for (const x of detail.data?.members ?? []) m.set(x.id, x.displayName);
    return m;
  }, [detail.data, user]);
  const nameOf = useCallback((uid: string) => names.get(uid) ?? t('cases.someoneElse'), [names, t]);

  const events = useMemo(
    () =>
      detail.data
        ? buildTimeline({
            detail: detail.data,
            concerns: concerns.data?.filter((c) => c.caseId === id),
            notes: notes.data,
            disclosures: disclosures.data,
            assessments: assessments.data,
            offers: offers.data,
            courses,
            followUps: followUps.data,
          })
        : [],
    [detail.data, concerns.data, notes.data, disclosures.data, assessments.data, offers.data, courses, followUps.data, id],
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
            ['courses-heading', 'cases.courses.heading', followUps.data],
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
      <Timeline events={events} nameOf={nameOf} mayOpenConcerns={user.role !== 'partner'} />
      {notes.data && <NotesSection caseId={c.id} notes={notes.data} nameOf={nameOf} onAdded={notes.reload} />}
      <MembersSection detail={c} disclosures={disclosures.data} nameOf={nameOf} onDisclosed={disclosures.reload} />
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
      {followUps.data && <CoursesSection courses={courses} nameOf={nameOf} />}
      {followUps.data && <FollowUpsSection followUps={followUps.data} onChanged={followUps.reload} />}
    </>
  );
}

/** The courses the follow-ups point to, with their sessions (there is no list of a case's courses in the API). */
function useCaseCourses(followUps: FollowUp[] | undefined) {
  const [courses, setCourses] = useState<{ course: Course; sessions: CourseSession[] }[]>([]);
  const ids = [...new Set((followUps ?? []).map((f) => f.courseId).filter((x): x is string => !!x))].sort().join(',');
  useEffect(() => {
    if (!ids) {
      setCourses([]);
      return;
    }
    let live = true;
    void Promise.all(
      ids.split(',').map(async (cid) => {
        try {
          const [course, sessions] = await Promise.all([
            apiGet<Course>(`/api/v1/courses/${cid}`),
            apiGet<CourseSession[]>(`/api/v1/courses/${cid}/sessions`),
          ]);
          return { course: course.body, sessions: sessions.body };
        } catch {
          return null;
        }
      }),
    ).then((list) => {
      if (live) setCourses(list.filter((x): x is { course: Course; sessions: CourseSession[] } => x !== null));
    });
    return () => {
      live = false;
    };
  }, [ids]);
  return courses;
}
