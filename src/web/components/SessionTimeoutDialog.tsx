import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeoutWarning } from '../app/useSessionTimeout.ts';
import { Alert, LiveRegion } from './Alert.tsx';

interface Props {
  warning: TimeoutWarning;
  refreshFailed: boolean;
  onStay(): void;
  onLogout(): void;
}

/**
 * The warning before the session ends. A native modal <dialog> keeps focus inside and makes the page behind
 * inert; showModal() puts focus on the first button.
 */
export function SessionTimeoutDialog({ warning, refreshFailed, onStay, onLogout }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const open = warning !== null;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const canStay = warning?.reason !== 'absolute';
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="session-timeout-heading"
      aria-describedby="session-timeout-text"
      className="fds-modal show-modal vink-dialog"
      onCancel={(event) => {
        // Escape means "I am here"; never close silently and leave the timer running.
        event.preventDefault();
        onStay();
      }}
    >
      {open && (
        <div className="modal-content">
          <div className="modal-header">
            <h2 className="modal-title" id="session-timeout-heading">
              {t('session.warningHeading')}
            </h2>
          </div>
          <div className="modal-body">
            <p id="session-timeout-text">
              {t(canStay ? 'session.idleWarning' : 'session.absoluteWarning')}
            </p>
            <LiveRegion assertive>{refreshFailed && <Alert variant="error">{t('errors.network')}</Alert>}</LiveRegion>
          </div>
          <div className="modal-footer">
            <button type="button" className="button button-primary" onClick={onStay}>
              {t(canStay ? 'session.stay' : 'session.understood')}
            </button>
            <button type="button" className="button button-secondary" onClick={onLogout}>
              {t('session.logoutNow')}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
