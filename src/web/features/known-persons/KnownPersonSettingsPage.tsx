import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPut } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import type { PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Checkbox, ErrorSummary } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import type { KnownPersonSettings } from '../../../shared/known-persons.ts';

const SETTINGS = '/api/v1/known-persons/settings';

/**
 * The unit's setting for "Is this person already known?" across units (docs/domain.md, "Already known elsewhere"):
 * whether the unit takes part (asks and answers), and the contact other units are given. A manager or the DPO.
 */
export function KnownPersonSettingsPage(_props: PageProps) {
  const { t } = useTranslation();
  const settings = useResource<KnownPersonSettings>(SETTINGS);
  const refresh = useRefresh();
  const form = useFormErrors();
  const [enabled, setEnabled] = useState(true);
  const [contact, setContact] = useState('');
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!settings.data) return;
    setEnabled(settings.data.enabled);
    setContact(settings.data.contact ?? '');
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !settings.data) return;
    setSaved(false);
    setFailure(null);
    if (!form.check(contact.trim().length > 300 ? [{ target: 'known-contact', message: t('knownPersons.settings.errors.contact') }] : [])) return;
    setBusy(true);
    try {
      await apiPut(SETTINGS, { enabled, contact: contact.trim() || null, version: settings.data.version });
      await refresh(SETTINGS);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        await refresh(SETTINGS);
        form.check([{ target: 'known-enabled', message: t('knownPersons.settings.errors.stale') }]);
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>{t('knownPersons.settings.heading')}</PageHeading>
      <p className="font-lead">{t('knownPersons.settings.intro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion>{saved && <Alert variant="success">{t('knownPersons.settings.saved')}</Alert>}</LiveRegion>
      <LiveRegion assertive>{Boolean(failure ?? settings.error) && <Alert variant="error">{t(generalErrorKey(failure ?? settings.error))}</Alert>}</LiveRegion>
      {settings.data && (
        <form noValidate onSubmit={submit} className="vink-form" aria-busy={busy} aria-label={t('knownPersons.settings.heading')}>
          <Checkbox id="known-enabled" label={t('knownPersons.settings.enabled')} hint={t('knownPersons.settings.enabledHint')}
            checked={enabled} onChange={setEnabled} />
          <TextField id="known-contact" label={t('knownPersons.settings.contact')} hint={t('knownPersons.settings.contactHint')} autoComplete="off"
            value={contact} onChange={(e) => setContact(e.target.value)} error={form.errorFor('known-contact')} />
          <button type="submit" className="button button-primary">{t('knownPersons.settings.save')}</button>
        </form>
      )}
    </>
  );
}
