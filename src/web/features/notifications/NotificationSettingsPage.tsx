import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { EmailAddress, type NotificationSettings as SettingsSchema } from '../../../shared/notifications.ts';
import { ApiError, apiPut } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import type { PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Checkbox, ErrorSummary } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';

type Settings = z.infer<typeof SettingsSchema>;
const SETTINGS = '/api/v1/notifications/settings';

/** E-mail on or off, and the address (kept only for this; the e-mail never carries personal data). */
export function NotificationSettingsPage(_props: PageProps) {
  const { t } = useTranslation();
  const settings = useResource<Settings>(SETTINGS);
  const refresh = useRefresh();
  const form = useFormErrors();
  const [email, setEmail] = useState('');
  const [enabled, setEnabled] = useState(false);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    if (!settings.data) return;
    setEmail(settings.data.email ?? '');
    setEnabled(settings.data.emailEnabled);
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !settings.data) return;
    setSaved(false);
    setFailure(null);
    const address = email.trim();
    const bad = (address !== '' || enabled) && !EmailAddress.safeParse(address).success;
    if (!form.check(bad ? [{ target: 'notify-email', message: t('notifications.settings.errors.email') }] : [])) return;
    setBusy(true);
    try {
      await apiPut(SETTINGS, { email: address || null, emailEnabled: enabled, version: settings.data.version });
      await refresh(SETTINGS);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) form.check([{ target: 'notify-email', message: t('notifications.settings.errors.email') }]);
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>{t('notifications.settings.heading')}</PageHeading>
      <p className="font-lead">{t('notifications.settings.intro')}</p>
      {settings.data && !settings.data.mailAvailable && <Alert variant="info">{t('notifications.settings.unavailable')}</Alert>}
      <LiveRegion assertive>
        {(settings.error || failure) ? <Alert variant="error">{t(generalErrorKey(settings.error ?? failure))}</Alert> : null}
      </LiveRegion>
      <LiveRegion>{saved && <Alert variant="success">{t('notifications.settings.saved')}</Alert>}</LiveRegion>
      {settings.data && (
        <form className="vink-form" noValidate onSubmit={submit} aria-busy={busy}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <TextField id="notify-email" type="email" autoComplete="email" label={t('notifications.settings.email')}
            hint={t('notifications.settings.emailHint')} value={email} onChange={(e) => setEmail(e.target.value)} error={form.errorFor('notify-email')} />
          <Checkbox id="notify-enabled" label={t('notifications.settings.enabled')} checked={enabled} onChange={setEnabled} />
          <button type="submit" className="button button-primary" disabled={busy}>{t('notifications.settings.save')}</button>
        </form>
      )}
    </>
  );
}
