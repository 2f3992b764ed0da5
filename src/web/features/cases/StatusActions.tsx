import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, TextArea } from '../../components/forms.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import type { CaseDetail, CaseStatus } from './types.ts';
import { formatDate } from '../../components/dates.ts';

type RunningCourse = { id: string; kind: string; mentorName: string; startedOn: string };

/**
 * Status changes: exactly the steps the server lists in allowedTransitions. Closing asks for a reason; a closed case
 * is reopened with a note (duty to record). A 409 (someone moved the case first) reloads it and says so.
 */
export function StatusActions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const [target, setTarget] = useState<CaseStatus | 'reopen' | null>(null);
  const [text, setText] = useState('');
  const [conflict, setConflict] = useState<string | null>(null);
  // Closing a case with running courses: the server names them (409); the user may end them in the same step.
  const [running, setRunning] = useState<RunningCourse[] | null>(null);
  const [closedNote, setClosedNote] = useState<string | null>(null);
  const form = useFormErrors();
  const changes = useCaseChanges(detail.id);
  const move = useMutation({
    mutationFn: ({ to, text, endRunningCourses }: { to: CaseStatus | 'reopen'; text: string; endRunningCourses?: boolean }) =>
      to === 'reopen'
        ? apiPost<CaseDetail>(`${casePaths(detail.id).detail}/reopen`, { version: detail.version, note: text })
        : apiPost<CaseDetail>(`${casePaths(detail.id).detail}/transition`, {
          to, version: detail.version, ...(to === 'closed' ? { reason: text, ...(endRunningCourses ? { endRunningCourses: true } : {}) } : {}),
        }),
    onSuccess: ({ body }) => changes.caseChanged(body),
  });

  // Reopening is its own action; the server allows it to those who may transition the case.
  const mayReopen = detail.status === 'closed' && canOnCase(user, 'case.transition', detail);
  const needsText = target === 'closed' || target === 'reopen';

  const courseName = (c: RunningCourse) =>
    t('flow.close.course', { kind: t(`cases.courseKind.${c.kind}`), mentor: c.mentorName, date: formatDate(c.startedOn) });

  async function run(to: CaseStatus | 'reopen', text: string, endRunningCourses = false) {
    setConflict(null);
    setClosedNote(null);
    try {
      await move.mutateAsync({ to, text, endRunningCourses });
      if (endRunningCourses && running) {
        setClosedNote(t('flow.close.closedWithCourses', { courses: running.map(courseName).join('; ') }));
        void changes.coursesChanged();
      }
      setRunning(null);
      setTarget(null);
      setText('');
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && to === 'closed' && error.problem.runningCourses?.length) {
        setRunning(error.problem.runningCourses);
      } else if (error instanceof ApiError && error.status === 409) {
        setConflict(t('cases.status.conflict'));
        setTarget(null);
        void changes.caseChanged();
      } else form.fromError(error, { reason: { target: 'status-text', message: t('cases.status.reasonRequired') }, note: { target: 'status-text', message: t('cases.status.noteRequired') } }, t);
    }
  }

  function choose(to: CaseStatus | 'reopen') {
    form.clear();
    if (to === 'closed' || to === 'reopen') setTarget(to);
    else void run(to, '');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    const message = target === 'closed' ? t('cases.status.reasonRequired') : t('cases.status.noteRequired');
    if (!form.check(text.trim() ? [] : [{ target: 'status-text', message }])) return;
    void run(target, text.trim());
  }

  if (detail.allowedTransitions.length === 0 && !mayReopen) return null;
  return (
    <section aria-labelledby="status-heading" className="vink-case-section">
      <h2 id="status-heading">{t('cases.status.heading')}</h2>
      <LiveRegion assertive>{conflict && <Alert variant="warning">{conflict}</Alert>}</LiveRegion>
      <LiveRegion>{closedNote && <Alert variant="success">{closedNote}</Alert>}</LiveRegion>
      <div className="vink-button-row">
        {detail.allowedTransitions.map((to) => (
          <button key={to} type="button" className="button button-secondary" disabled={move.isPending} onClick={() => choose(to)} aria-pressed={target === to ? true : undefined}>
            {t(`cases.status.to.${to}`)}
          </button>
        ))}
        {mayReopen && (
          <button type="button" className="button button-secondary" disabled={move.isPending} onClick={() => choose('reopen')}>
            {t('cases.status.reopen')}
          </button>
        )}
      </div>
      {needsText && (
        <form className="vink-form" noValidate onSubmit={submit}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <TextArea
            id="status-text"
            label={target === 'closed' ? t('cases.status.reason') : t('cases.status.note')}
            hint={target === 'closed' ? t('cases.status.reasonHint') : t('cases.status.noteHint')}
            value={text}
            maxLength={target === 'closed' ? 2000 : 20000}
            onChange={(e) => setText(e.target.value)}
            error={form.errorFor('status-text')}
          />
          {running && target === 'closed' && (
            <div className="alert alert-warning" role="alert">
              <div className="alert-body">
                <p className="alert-text">{t('flow.close.runningCourses')}</p>
                <ul>
                  {running.map((c) => <li key={c.id}>{courseName(c)}</li>)}
                </ul>
                <p className="alert-text">{t('flow.close.explain')}</p>
                <button type="button" className="button button-primary" disabled={move.isPending} onClick={() => void run('closed', text.trim(), true)}>
                  {t('flow.close.endAndClose')}
                </button>
              </div>
            </div>
          )}
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={move.isPending}>
              {target === 'closed' ? t('cases.status.confirmClose') : t('cases.status.confirmReopen')}
            </button>
            <button type="button" className="button button-tertiary" onClick={() => { setTarget(null); setRunning(null); form.clear(); }}>
              {t('cases.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
