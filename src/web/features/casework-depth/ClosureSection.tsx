import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { formatDate } from '../../components/dates.ts';

type RunningCourse = { id: string; kind: string; mentorName: string; startedOn: string };
import { useRefresh, useResource } from '../../api/queries.ts';
import { can, canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, TextArea } from '../../components/forms.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDateTime } from '../../components/dates.ts';
import type { ClosureRequest } from '../../../shared/closure-workflow.ts';
import type { CaseDetail } from '../cases/types.ts';

/**
 * Closing a case (docs/domain.md, "Closing a case"): the coordinator or owning adviser asks with a reason; a manager
 * approves or rejects with a note, and only the approval closes the case. Shows the case's requests and their
 * decisions to those who may read them.
 */
export function ClosureSection({ detail, seed }: { detail: CaseDetail; seed?: ClosureRequest[] | null }) {
  const { t } = useTranslation();
  const user = useUser();
  const path = `/api/v1/cases/${detail.id}/closure-requests`;
  const requests = useResource<ClosureRequest[]>(canOnCase(user, 'case.closure.read', detail) ? path : null, seed);
  const mayAsk = canOnCase(user, 'case.transition', detail) && detail.status !== 'closed';
  const pending = requests.data?.find((r) => r.status === 'pending');
  if (!requests.data && !mayAsk) return null;
  return (
    <section aria-labelledby="closure-heading" className="vink-case-section">
      <h2 id="closure-heading">{t('depth.closure.heading')}</h2>
      {pending && <Alert variant="info">{t('depth.closure.waiting', { name: pending.requestedBy.displayName, at: formatDateTime(pending.requestedAt) })}</Alert>}
      {requests.data && requests.data.length > 0 && (
        <ul className="nobullet-list vink-cards">
          {requests.data.map((r) => (
            <li key={r.id} className="vink-card">
              <h3 className="h4">{t(`depth.closure.status.${r.status}`)}</h3>
              <p>{t('depth.closure.askedBy', { name: r.requestedBy.displayName, at: formatDateTime(r.requestedAt) })}</p>
              <p className="vink-note-body">{r.reason}</p>
              {r.decidedBy && r.decidedAt && (
                <p>{t('depth.closure.decidedBy', { name: r.decidedBy.displayName, at: formatDateTime(r.decidedAt) })}: {r.decisionNote}</p>
              )}
              {r.status === 'pending' && can(user, 'case.closure.decide') && <DecisionForm caseId={detail.id} request={r} />}
            </li>
          ))}
        </ul>
      )}
      {mayAsk && !pending && <RequestForm caseId={detail.id} />}
    </section>
  );
}

function RequestForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const form = useFormErrors();
  const refresh = useRefresh();
  const ask = useMutation({ mutationFn: (body: object) => apiPost(`/api/v1/cases/${caseId}/closure-requests`, body) });
  // A case with running courses: the server names them (409); the asker may agree that closing ends them.
  const [running, setRunning] = useState<RunningCourse[] | null>(null);
  const courseName = (c: RunningCourse) =>
    t('flow.close.course', { kind: t(`cases.courseKind.${c.kind}`), mentor: c.mentorName, date: formatDate(c.startedOn) });

  async function send(endRunningCourses: boolean) {
    if (!form.check(reason.trim() ? [] : [{ target: 'closure-reason', message: t('depth.closure.reasonRequired') }])) return;
    try {
      await ask.mutateAsync({ reason: reason.trim(), ...(endRunningCourses ? { endRunningCourses: true } : {}) });
      setReason('');
      setRunning(null);
      setDone(true);
      await refresh(`/api/v1/cases/${caseId}/closure-requests`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.problem.runningCourses?.length) {
        setRunning(error.problem.runningCourses);
        return;
      }
      form.fromError(error, { reason: { target: 'closure-reason', message: t('depth.closure.reasonRequired') } }, t);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(false);
  }

  return (
    <form className="vink-form" noValidate onSubmit={submit}>
      <LiveRegion>{done && <Alert variant="success">{t('depth.closure.asked')}</Alert>}</LiveRegion>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <TextArea id="closure-reason" label={t('depth.closure.reason')} hint={t('depth.closure.reasonHint')} value={reason} maxLength={2000}
        onChange={(e) => setReason(e.target.value)} error={form.errorFor('closure-reason')} />
      {running && (
        <div className="alert alert-warning" role="alert">
          <div className="alert-body">
            <p className="alert-text">{t('flow.close.runningCourses')}</p>
            <ul>{running.map((c) => <li key={c.id}>{courseName(c)}</li>)}</ul>
            <p className="alert-text">{t('flow.close.explain')}</p>
          </div>
        </div>
      )}
      {running
        ? <button type="button" className="button button-secondary" disabled={ask.isPending} onClick={() => void send(true)}>{t('flow.close.endAndAsk')}</button>
        : <button type="submit" className="button button-secondary" disabled={ask.isPending}>{t('depth.closure.ask')}</button>}
    </form>
  );
}

/** The manager's approval or rejection, with a note. */
export function DecisionForm({ caseId, request, onDone }: { caseId: string; request: ClosureRequest; onDone?: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const form = useFormErrors();
  const refresh = useRefresh();
  const decide = useMutation({ mutationFn: (body: object) => apiPost(`/api/v1/closure-requests/${request.id}/decision`, body) });
  const noteId = `closure-note-${request.id}`;

  async function run(decision: 'approved' | 'rejected', event: FormEvent) {
    event.preventDefault();
    if (!form.check(note.trim() ? [] : [{ target: noteId, message: t('depth.closure.noteRequired') }])) return;
    try {
      await decide.mutateAsync({ decision, note: note.trim(), version: request.version });
      const base = `/api/v1/cases/${caseId}`;
      await refresh(`${base}/closure-requests`, base, `${base}/history`, '/api/v1/closure-requests/pending');
      onDone?.();
    } catch (error) {
      form.fromError(error, { note: { target: noteId, message: t('depth.closure.noteRequired') } }, t);
    }
  }

  return (
    <form className="vink-form" noValidate onSubmit={(e) => run('approved', e)}>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="warning">{t('depth.closure.conflict')}</Alert>}
      </LiveRegion>
      <TextArea id={noteId} label={t('depth.closure.note')} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} error={form.errorFor(noteId)} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={decide.isPending}>{t('depth.closure.approve')}</button>
        <button type="button" className="button button-secondary" disabled={decide.isPending} onClick={(e) => run('rejected', e)}>{t('depth.closure.reject')}</button>
      </div>
    </form>
  );
}
