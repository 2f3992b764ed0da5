import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { OIDC_START_PATH, type AuthConfig } from '../../api/auth.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';

export type SignInNotice = 'loggedOut' | 'sessionExpired';

interface Props {
  config: AuthConfig | null;
  notice: SignInNotice | null;
  /** Checks the password and prepares the next step; throws on failure. */
  onSubmit(username: string, password: string): Promise<void>;
}

/** Step 1: username and password, or the municipality's identity provider when OIDC is on. */
export function SignInPage({ config, notice, onSubmit }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const errors = {
      username: username.trim() ? undefined : t('signIn.usernameRequired'),
      password: password ? undefined : t('signIn.passwordRequired'),
    };
    setFieldErrors(errors);
    setFormError(null);
    if (errors.username) return usernameRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();

    setBusy(true);
    try {
      await onSubmit(username.trim(), password);
    } catch (error) {
      // The server's message is deliberately not shown: the same translated text for any wrong combination.
      setFormError(
        t(error instanceof ApiError && error.status === 401 ? 'signIn.wrongCredentials' : generalErrorKey(error)),
      );
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <>
      <LiveRegion>
        {notice && (
          <Alert variant={notice === 'loggedOut' ? 'success' : 'info'}>{t(`signIn.${notice}`)}</Alert>
        )}
      </LiveRegion>
      <PageHeading>{t('signIn.heading')}</PageHeading>
      <p className="font-lead">{t('signIn.intro')}</p>
      <LiveRegion assertive>{formError && <Alert variant="error">{formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={busy}>
        <TextField
          id="username"
          name="username"
          label={t('signIn.username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldErrors.username}
          ref={usernameRef}
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          ref={passwordRef}
        />
        <button type="submit" className="button button-primary">
          {t('signIn.submit')}
        </button>
      </form>
      {config?.oidc.enabled && (
        <div className="vink-oidc">
          <p>{t('signIn.or')}</p>
          <a className="button button-secondary" href={OIDC_START_PATH}>
            {t('signIn.oidc', { label: config.oidc.label })}
          </a>
        </div>
      )}
    </>
  );
}
