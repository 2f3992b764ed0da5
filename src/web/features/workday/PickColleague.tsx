import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { DirectoryPicker, type DirectoryEntry } from '../../components/DirectoryPicker.tsx';
import { generalErrorKey } from '../../components/errors.ts';

/**
 * A small form behind a button: pick a colleague from the directory and hand something to them (a task to delegate,
 * a case or concern to hand over). Keyboard first: the button opens the form, Escape-free cancel button closes it.
 */
export function PickColleague({
  id, openLabel, heading, pickLabel, hint, submitLabel, roles, exclude, onSubmit,
}: {
  id: string;
  openLabel: string;
  heading: string;
  pickLabel: string;
  hint: string;
  submitLabel: string;
  roles: readonly Role[];
  exclude?: readonly string[];
  /** Sends the choice; answers the success text. */
  onSubmit(userId: string, entry: DirectoryEntry | undefined): Promise<string>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [entry, setEntry] = useState<DirectoryEntry | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!userId) {
      setError(t('handover.pickError'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDone(await onSubmit(userId, entry));
      setOpen(false);
      setUserId('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? t('handover.conflict')
        : err instanceof ApiError && err.status === 400 ? t('workday.delegateError') : t(generalErrorKey(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="vink-pick-colleague">
      <LiveRegion>{done && <Alert variant="success">{done}</Alert>}</LiveRegion>
      {!open ? (
        <button type="button" className="button button-secondary" onClick={() => { setDone(null); setOpen(true); }}>
          {openLabel}
        </button>
      ) : (
        <form className="vink-form" noValidate onSubmit={submit} aria-busy={busy} aria-labelledby={`${id}-heading`}>
          <h3 id={`${id}-heading`} className="h5">{heading}</h3>
          <LiveRegion assertive>{error && <Alert variant="error">{error}</Alert>}</LiveRegion>
          <DirectoryPicker id={`${id}-user`} label={pickLabel} hint={hint} roles={roles} exclude={exclude} value={userId}
            onChange={(v, e) => { setUserId(v); setEntry(e); }} />
          <div className="vink-row-actions">
            <button type="submit" className="button button-primary" disabled={busy}>{submitLabel}</button>
            <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); setError(null); }}>{t('handover.cancel')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
