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
import { closureNeedsApproval } from '../../../shared/case-workflow.ts';

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
  const form = useFormErrors();
  const changes = useCaseChanges(detail.id);
  const move = useMutation({
    mutationFn: ({ to, text }: { to: CaseStatus | 'reopen'; text: string }) =>
      to === 'reopen'
        ? apiPost<CaseDetail>(`${casePaths(detail.id).detail}/reopen`, { version: detail.version, note: text })
        : apiPost<CaseDetail>(`${casePaths(detail.id).detail}/transition`, { to, version: detail.version, ...(to === 'closed' ? { reason: text } : {}) }),
    onSuccess: ({ body }) => changes.caseChanged(body),
  });

  // Reopening is its own action; the server allows it to those who may transition the case.
  const mayReopen = detail.status === 'closed' && canOnCase(user, 'case.transition', detail);
  const needsText = target === 'closed' || target === 'reopen';

  async function run(to: CaseStatus | 'reopen', text: string) {
    setConflict(null);
    try {
      await move.mutateAsync({ to, text });
      setTarget(null);
      setText('');
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
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

  // Closing goes through a manager's approval (ClosureSection, docs/domain.md "Closing a case"), not a plain step.
  const steps = detail.allowedTransitions.filter((to) => !closureNeedsApproval(to));
  if (steps.length === 0 && !mayReopen) return null;
  return (
    <section aria-labelledby="status-heading" className="vink-case-section">
      <h2 id="status-heading">{t('cases.status.heading')}</h2>
      <LiveRegion assertive>{conflict && <Alert variant="warning">{conflict}</Alert>}</LiveRegion>
      <div className="vink-button-row">
        {steps.map((to) => (
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
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={move.isPending}>
              {target === 'closed' ? t('cases.status.confirmClose') : t('cases.status.confirmReopen')}
            </button>
            <button type="button" className="button button-tertiary" onClick={() => { setTarget(null); form.clear(); }}>
              {t('cases.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
