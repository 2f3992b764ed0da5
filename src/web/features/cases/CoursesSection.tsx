import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { DirectoryPicker } from '../../components/DirectoryPicker.tsx';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { CourseEndReason as CourseEndReasons, CourseKind as CourseKinds, SUPPORT_CASE_STATUSES } from '../../../shared/support.ts';
import type { CourseDimensions as CourseDimensionMarks } from '../../../shared/course-dimensions.ts';
import type { CoachAssessment } from '../../../shared/coach-assessments.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import type { CaseCourse, CaseDetail, Course, CourseEndReason, CourseKind, Offer } from './types.ts';
import { CoachedPersonField, CoachedPersonLine } from '../casework-depth/CoachedPerson.tsx';
import { CourseDimensions } from './CourseDimensions.tsx';
import { RelativeAssessments } from './RelativeAssessments.tsx';

const ROLE_MENTOR = ['mentor'] as const;

/**
 * The case's courses (GET /cases/:id/courses) with their mentor and sessions; "Start forløb" with a mentor or coach
 * from the directory, and "Afslut forløb" on a running one. Starting and ending move the case along its workflow
 * (course, then follow-up), so the page reloads the case after each.
 */
export function CoursesSection({
  detail, courses, offers, seed,
}: {
  detail: CaseDetail; courses: CaseCourse[]; offers: Offer[] | undefined;
  /** What the case page's one request read for the cards (docs/architecture.md, "The case page"). */
  seed?: { dimensions: Record<string, CourseDimensionMarks>; relativeAssessments: Record<string, CoachAssessment[]> } | undefined;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const mayManage = canOnCase(user, 'course.manage', detail);
  const mayStart = mayManage && (SUPPORT_CASE_STATUSES as readonly string[]).includes(detail.status);
  const [done, setDone] = useState<string | null>(null);
  const [ending, setEnding] = useState<string | null>(null);
  const changes = useCaseChanges(detail.id);
  const sorted = [...courses].sort((a, b) => (a.status === 'ended') !== (b.status === 'ended') ? (a.status === 'ended' ? 1 : -1) : a.startedOn < b.startedOn ? 1 : -1);
  return (
    <section aria-labelledby="courses-heading" className="vink-case-section">
      <h2 id="courses-heading">{t('cases.courses.heading')}</h2>
      <LiveRegion>{done && <Alert variant="success">{done}</Alert>}</LiveRegion>
      {sorted.length === 0 ? (
        <p>{t('cases.courses.none')}</p>
      ) : (
        <ul className="nobullet-list vink-cards">
          {sorted.map((course) => (
            <li key={course.id} className="vink-card">
              <h3 className="h4">{t(`cases.courseKind.${course.kind}`)}</h3>
              <CoachedPersonLine person={course.coachedPerson} />
              <p>
                {t('cases.courses.mentor', { name: course.mentorName ?? t('cases.someoneElse') })} · {t(`cases.courseStatus.${course.status}`)} ·{' '}
                {t('cases.courses.period', { start: formatDate(course.startedOn), end: course.endedOn ? formatDate(course.endedOn) : '…' })}
              </p>
              <p>
                {t('cases.courses.sessions', { count: course.sessionsCount })}
                {course.lastSessionOn && <> · {t('cases.courses.lastSession', { date: formatDate(course.lastSessionOn) })}</>}
                {course.endReason && <> · {t(`cases.courses.endReason.${course.endReason}`)}</>}
              </p>
              {canOnCase(user, 'assessment.read', detail) && <CourseDimensions course={course} mayManage={mayManage} seed={seed?.dimensions[course.id]} />}
              {course.kind === 'relative_coach' && canOnCase(user, 'assessment.read', detail) && (
                <RelativeAssessments courseId={course.id} startedOn={course.startedOn} mayRecord={course.status !== 'ended' && canOnCase(user, 'assessment.create', detail)} seed={seed?.relativeAssessments[course.id]} />
              )}
              {mayManage && course.status !== 'ended' && (ending === course.id ? (
                <EndCourseForm
                  course={course}
                  onCancel={() => setEnding(null)}
                  onDone={(ended) => {
                    setEnding(null);
                    setDone(t('cases.courses.ended', { kind: t(`cases.courseKind.${ended.kind}`) }));
                  }}
                  onStale={() => void changes.coursesChanged()}
                />
              ) : (
                <button type="button" className="button button-secondary" onClick={() => { setDone(null); setEnding(course.id); }}
                  aria-label={t('cases.courses.endLabel', { kind: t(`cases.courseKind.${course.kind}`), name: course.mentorName ?? '' })}>
                  {t('cases.courses.end')}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
      {mayStart && (
        <StartCourseForm
          caseId={detail.id}
          personId={detail.personId}
          acceptedOffers={(offers ?? []).filter((o) => o.response === 'accepted' && !courses.some((c) => c.offerId === o.id))}
          onDone={(started) => setDone(t('cases.courses.started', { kind: t(`cases.courseKind.${started.kind}`) }))}
        />
      )}
    </section>
  );
}

/** An offer type that is itself a kind of course (the rest are services outside VINK). */
function courseKindOf(offer: Offer | undefined): CourseKind | null {
  return offer && (CourseKinds.options as readonly string[]).includes(offer.type) ? (offer.type as CourseKind) : null;
}

function StartCourseForm({ caseId, personId, acceptedOffers, onDone }: { caseId: string; personId: string; acceptedOffers: Offer[]; onDone(course: Course): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<CourseKind | ''>('');
  const [mentorId, setMentorId] = useState('');
  const [offerId, setOfferId] = useState('');
  const [startedOn, setStartedOn] = useState(todayInDenmark());
  const [coachedPersonId, setCoachedPersonId] = useState('');
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  const start = useMutation({
    mutationFn: (body: object) => apiPost<Course>(casePaths(caseId).courses, body),
    onSuccess: () => changes.coursesChanged(),
  });
  const fields: FieldMap = {
    kind: { target: 'course-kind', message: t('cases.courses.errors.kind') },
    mentorId: { target: 'course-mentor', message: t('cases.courses.errors.mentor') },
    offerId: { target: 'course-offer', message: t('cases.courses.errors.offer') },
    startedOn: { target: 'course-start', message: t('cases.courses.errors.start') },
    coachedPersonId: { target: 'course-coached', message: t('depth.coached.invalid') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (start.isPending) return;
    const found = [
      !kind && fields.kind!,
      !/^[0-9a-f-]{36}$/i.test(mentorId) && fields.mentorId!,
      !/^\d{4}-\d{2}-\d{2}$/.test(startedOn) && fields.startedOn!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(found)) return;
    try {
      const { body } = await start.mutateAsync({ kind, mentorId, startedOn, ...(offerId ? { offerId } : {}), ...(kind === 'relative_coach' && coachedPersonId ? { coachedPersonId } : {}) });
      setOpen(false);
      setKind('');
      setMentorId('');
      setOfferId('');
      setStartedOn(todayInDenmark());
      onDone(body);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {t('cases.courses.start')}
      </button>
    );
  }
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-busy={start.isPending} aria-labelledby="course-start-heading">
      <h3 id="course-start-heading">{t('cases.courses.start')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="warning">{t('cases.courses.startConflict')}</Alert>}
      </LiveRegion>
      {acceptedOffers.length > 0 && (
        <SelectField
          id="course-offer"
          label={t('cases.courses.offer')}
          hint={t('cases.courses.offerHint')}
          value={offerId}
          error={form.errorFor('course-offer')}
          onChange={(e) => {
            setOfferId(e.target.value);
            const k = courseKindOf(acceptedOffers.find((o) => o.id === e.target.value));
            if (k && !kind) setKind(k);
          }}
          options={[
            { value: '', label: t('cases.courses.noOffer') },
            ...acceptedOffers.map((o) => ({ value: o.id, label: `${t(`cases.offerType.${o.type}`)}, ${formatDate(o.offeredAt)}` })),
          ]}
        />
      )}
      <SelectField
        id="course-kind"
        label={t('cases.courses.kind')}
        value={kind}
        error={form.errorFor('course-kind')}
        onChange={(e) => setKind(e.target.value as CourseKind | '')}
        options={[{ value: '', label: t('cases.choose') }, ...CourseKinds.options.map((k) => ({ value: k, label: t(`cases.courseKind.${k}`) }))]}
      />
      {kind === 'relative_coach' && <CoachedPersonField personId={personId} value={coachedPersonId} onChange={setCoachedPersonId} error={form.errorFor('course-coached')} />}
      <DirectoryPicker
        id="course-mentor"
        label={t('cases.courses.mentorPick')}
        hint={t('cases.courses.mentorHint')}
        roles={ROLE_MENTOR}
        value={mentorId}
        onChange={(v) => setMentorId(v)}
        error={form.errorFor('course-mentor')}
      />
      <TextField id="course-start" type="date" inputClassName="input-width-s" label={t('cases.courses.startedOn')} hint={t('cases.courses.startedOnHint')}
        value={startedOn} onChange={(e) => setStartedOn(e.target.value)} error={form.errorFor('course-start') ?? null} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={start.isPending}>
          {t('cases.courses.startSubmit')}
        </button>
        <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}

function EndCourseForm({
  course, onDone, onCancel, onStale,
}: { course: CaseCourse; onDone(course: Course): void; onCancel(): void; onStale(): void }) {
  const { t } = useTranslation();
  const [endedOn, setEndedOn] = useState(todayInDenmark());
  const [reason, setReason] = useState<CourseEndReason | ''>('');
  const form = useFormErrors();
  const changes = useCaseChanges(course.caseId);
  const end = useMutation({
    mutationFn: (body: object) => apiPost<Course>(`/api/v1/courses/${course.id}/end`, body),
    onSuccess: () => changes.coursesChanged(),
  });
  const prefix = `course-${course.id}`;
  const fields: FieldMap = {
    endedOn: { target: `${prefix}-ended`, message: t('cases.courses.errors.ended') },
    endReason: { target: `${prefix}-reason`, message: t('cases.courses.errors.reason') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (end.isPending) return;
    const found = [
      (!/^\d{4}-\d{2}-\d{2}$/.test(endedOn) || endedOn < course.startedOn || endedOn > todayInDenmark()) && fields.endedOn!,
      !reason && fields.endReason!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(found)) return;
    try {
      const { body } = await end.mutateAsync({ endedOn, endReason: reason, version: course.version });
      onDone(body);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  const heading = t('cases.courses.endHeading', { kind: t(`cases.courseKind.${course.kind}`) });
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-busy={end.isPending} aria-label={heading}>
      <h4>{heading}</h4>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && (
          <div className="alert alert-warning">
            <div className="alert-body">
              <p className="alert-text">{t('cases.courses.endConflict')}</p>
              <button type="button" className="button button-secondary" onClick={onStale}>
                {t('errors.reload')}
              </button>
            </div>
          </div>
        )}
      </LiveRegion>
      <TextField id={`${prefix}-ended`} type="date" inputClassName="input-width-s" label={t('cases.courses.endedOn')} min={course.startedOn} max={todayInDenmark()}
        value={endedOn} onChange={(e) => setEndedOn(e.target.value)} error={form.errorFor(`${prefix}-ended`) ?? null} />
      <SelectField
        id={`${prefix}-reason`}
        label={t('cases.courses.endReasonLabel')}
        value={reason}
        error={form.errorFor(`${prefix}-reason`)}
        onChange={(e) => setReason(e.target.value as CourseEndReason | '')}
        options={[{ value: '', label: t('cases.choose') }, ...CourseEndReasons.options.map((r) => ({ value: r, label: t(`cases.courses.endReason.${r}`) }))]}
      />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={end.isPending}>
          {t('cases.courses.endSubmit')}
        </button>
        <button type="button" className="button button-tertiary" onClick={onCancel}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}
