import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { isRefusal, useRefresh, useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { AssessmentForm } from '../cases/AssessmentForm.tsx';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';
import { INSTRUMENT_ID, type Course, type CourseSession, type Instrument, type MentorCourse, type SessionForm } from '../cases/types.ts';
import { sessionsPath } from '../cases/queries.ts';
import { RelativeAssessments } from '../cases/RelativeAssessments.tsx';
import '../cases/cases.css';

const PRESETS = [30, 45, 60, 90];

/**
 * One of the mentor's courses (/mine-forloeb/:id): log a session and record an assessment, on a phone. A course that
 * is not the mentor's own answers 404 and shows the app's not-found page.
 */
export function MentorCoursePage({ params }: PageProps) {
  const { t } = useTranslation();
  const sessionForms = useVocabulary('session_form', 'cases.sessionForm');
  const id = params.id ?? '';
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const course = useResource<Course>(valid ? `/api/v1/courses/${id}` : null);
  const sessions = useResource<CourseSession[]>(course.data ? sessionsPath(id) : null);
  // The minimal view of the course (first name) comes from the mentor's own list.
  const mine = useResource<MentorCourse[]>(course.data ? '/api/v1/courses/mine' : null);
  const instrument = useResource<Instrument>(course.data ? `/api/v1/assessment-instruments/${INSTRUMENT_ID}` : null);
  const [tab, setTab] = useState<'session' | 'assessment'>('session');

  if (!valid || isRefusal(course.error)) return <NotFoundPage />;
  if (course.error) {
    return (
      <>
        <PageHeading>{t('mentor.heading')}</PageHeading>
        <Alert variant="error">{t('errors.loadFailed')}</Alert>
      </>
    );
  }
  if (!course.data) return <p role="status">{t('app.loading')}</p>;
  const c = course.data;
  const summary = mine.data?.find((m) => m.id === c.id);
  const running = c.status !== 'ended';
  return (
    <div className="vink-touch">
      <p>
        <Link to="/mine-forloeb">{t('mentor.back')}</Link>
      </p>
      <PageHeading>{summary ? t('mentor.courseTitle', { name: summary.firstName, kind: t(`cases.courseKind.${c.kind}`) }) : t(`cases.courseKind.${c.kind}`)}</PageHeading>
      <p>
        {t(`cases.courseStatus.${c.status}`)} · {t('mentor.started', { date: formatDate(c.startedOn) })}
      </p>
      {running && (
        <div className="vink-button-row" role="group" aria-label={t('mentor.actions')}>
          <button type="button" className={tab === 'session' ? 'button button-primary' : 'button button-secondary'} aria-pressed={tab === 'session'} onClick={() => setTab('session')}>
            {t('mentor.logSession')}
          </button>
          <button type="button" className={tab === 'assessment' ? 'button button-primary' : 'button button-secondary'} aria-pressed={tab === 'assessment'} onClick={() => setTab('assessment')}>
            {t('mentor.recordAssessment')}
          </button>
        </div>
      )}
      {running && tab === 'session' && <SessionFormView courseId={c.id} />}
      {running && tab === 'assessment' && instrument.data && (
        <section aria-labelledby="mentor-assessment-heading" className="vink-case-section">
          <h2 id="mentor-assessment-heading">{t('mentor.recordAssessment')}</h2>
          <AssessmentForm caseId={c.caseId} instrument={instrument.data} idPrefix="mentor-assessment" onSaved={() => undefined} />
        </section>
      )}
      {c.kind === 'relative_coach' && <RelativeAssessments courseId={c.id} startedOn={c.startedOn} mayRecord={running} headingLevel={2} />}
      <section aria-labelledby="sessions-heading" className="vink-case-section">
        <h2 id="sessions-heading">{t('mentor.sessions')}</h2>
        {!sessions.data || sessions.data.length === 0 ? (
          <p>{t('mentor.noSessions')}</p>
        ) : (
          <ul className="nobullet-list vink-notes">
            {[...sessions.data]
              .sort((a, b) => (a.heldOn < b.heldOn ? 1 : -1))
              .map((s) => (
                <li key={s.id}>
                  <p className="vink-note-meta">
                    {formatDate(s.heldOn)} · {t('mentor.minutes', { count: s.durationMinutes })} · {sessionForms.label(s.form)}
                  </p>
                  {s.note && <p className="vink-note-body">{s.note}</p>}
                </li>
              ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function SessionFormView({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  // Session forms are data, home visits among them (docs/domain.md, "Vocabularies"); only active ones are offered.
  const sessionForms = useVocabulary('session_form', 'cases.sessionForm');
  const [heldOn, setHeldOn] = useState(todayInDenmark());
  const [duration, setDuration] = useState('60');
  const [form, setForm] = useState<SessionForm | ''>('');
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const refresh = useRefresh();
  const log = useMutation({
    mutationFn: (body: object) => apiPost(sessionsPath(courseId), body),
    onSuccess: () => refresh(sessionsPath(courseId)),
  });
  const fields = {
    heldOn: { target: 'session-date', message: t('mentor.errors.date') },
    durationMinutes: { target: 'session-duration', message: t('mentor.errors.duration') },
    form: { target: `session-form-${sessionForms.options[0]?.value ?? 'in_person'}`, message: t('mentor.errors.form') },
    note: { target: 'session-note', message: t('mentor.errors.note') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const minutes = Number(duration);
    const found = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(heldOn) || heldOn > todayInDenmark()) found.push(fields.heldOn);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 600) found.push(fields.durationMinutes);
    if (!form) found.push(fields.form);
    if (note.length > 1000) found.push(fields.note);
    if (!errors.check(found)) return;
    try {
      await log.mutateAsync({ heldOn, durationMinutes: minutes, form, ...(note.trim() ? { note: note.trim() } : {}) });
      setForm('');
      setNote('');
      setSaved(true);
    } catch (error) {
      errors.fromError(error, fields, t);
    }
  }

  return (
    <section aria-labelledby="session-heading" className="vink-case-section">
      <h2 id="session-heading">{t('mentor.logSession')}</h2>
      <form className="vink-form" noValidate onSubmit={submit}>
        <ErrorSummary errors={errors.errors} attempt={errors.attempt} />
        <LiveRegion assertive>{errors.formError && <Alert variant="error">{errors.formError}</Alert>}</LiveRegion>
        <LiveRegion>{saved && <Alert variant="success">{t('mentor.sessionSaved')}</Alert>}</LiveRegion>
        <TextField id="session-date" type="date" label={t('mentor.date')} value={heldOn} max={todayInDenmark()} onChange={(e) => setHeldOn(e.target.value)} error={errors.errorFor('session-date') ?? null} />
        <TextField
          id="session-duration"
          type="number"
          inputMode="numeric"
          min={1}
          max={600}
          label={t('mentor.duration')}
          hint={t('mentor.durationHint')}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={errors.errorFor('session-duration') ?? null}
          inputClassName="input-width-s"
        />
        <div className="vink-duration-presets" role="group" aria-label={t('mentor.presets')}>
          {PRESETS.map((m) => (
            <button key={m} type="button" className="button button-secondary" aria-pressed={duration === String(m)} onClick={() => setDuration(String(m))}>
              {t('mentor.minutes', { count: m })}
            </button>
          ))}
        </div>
        <RadioGroup
          id="session-form"
          name="session-form"
          legend={t('mentor.form')}
          value={form}
          onChange={(v) => setForm(v as SessionForm)}
          error={errors.errorFor(fields.form.target)}
          options={sessionForms.options}
        />
        <TextArea id="session-note" label={t('mentor.note')} hint={t('mentor.noteHint')} value={note} maxLength={1000} rows={3} onChange={(e) => setNote(e.target.value)} error={errors.errorFor('session-note')} />
        <button type="submit" className="button button-primary" disabled={log.isPending}>
          {t('mentor.saveSession')}
        </button>
      </form>
    </section>
  );
}
