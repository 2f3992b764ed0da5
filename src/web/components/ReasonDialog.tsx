import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { setReasonPrompt } from '../api/client.ts';

/**
 * Break the glass (docs/security.md, "The purpose of every look-up"): when the server answers that opening a person
 * or case the user is not a member of needs a reason, this modal asks for a short one. The API client sends it and
 * the server stores it in the audit row, shown to the DPO. A native modal <dialog> keeps focus inside.
 */
export function ReasonDialog() {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<((reason: string | null) => void) | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState(false);

  useEffect(() => {
    setReasonPrompt(() => new Promise<string | null>((resolve) => {
      setReason('');
      setError(false);
      setPending(() => resolve);
    }));
    return () => setReasonPrompt(null);
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (pending && !dialog.open) dialog.showModal();
    if (!pending && dialog.open) dialog.close();
  }, [pending]);

  function finish(value: string | null) {
    pending?.(value);
    setPending(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < 3 || text.length > 500) {
      setError(true);
      return;
    }
    finish(text);
  }

  return (
    <dialog ref={ref} aria-modal="true" aria-labelledby="reason-heading" aria-describedby="reason-text" className="fds-modal show-modal vink-dialog"
      onCancel={(event) => { event.preventDefault(); finish(null); }}>
      {pending && (
        <form className="modal-content" noValidate onSubmit={submit}>
          <div className="modal-header">
            <h2 className="modal-title" id="reason-heading">{t('breakGlass.heading')}</h2>
          </div>
          <div className="modal-body">
            <p id="reason-text">{t('breakGlass.text')}</p>
            <div className={`form-group${error ? ' form-error' : ''}`}>
              <label className="form-label" htmlFor="break-glass-reason">{t('breakGlass.label')}</label>
              {error && <span className="form-error-message" id="break-glass-error"><span className="sr-only">{t('errors.prefix')} </span>{t('breakGlass.error')}</span>}
              <textarea id="break-glass-reason" className="form-input" rows={3} maxLength={500} value={reason} autoFocus
                aria-describedby={error ? 'break-glass-error' : undefined} aria-invalid={error || undefined}
                onChange={(e) => setReason(e.target.value)} />
            </div>
          </div>
          <div className="modal-footer">
            <button type="submit" className="button button-primary">{t('breakGlass.open')}</button>
            <button type="button" className="button button-secondary" onClick={() => finish(null)}>{t('breakGlass.cancel')}</button>
          </div>
        </form>
      )}
    </dialog>
  );
}
