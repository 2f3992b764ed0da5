import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { OIDC_START_PATH, type AuthConfig } from '../../api/auth.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';

export type SignInNotice = 'loggedOut' | 'sessionExpired' | 'awaitingApproval';

interface Props {
  config: AuthConfig | null;
  notice: SignInNotice | null;
  /** Checks the password and prepares the next step; throws on failure. */
  onSubmit(username: string, password: string): Promise<void>;
  /** First sign-in: the one-time enrolment code and the user's own new password; throws on failure. */
  onEnrolWithCode(username: string, code: string, password: string): Promise<void>;
}

/**
 * Step 1: username and password, or the municipality's identity provider when OIDC is on, or (first sign-in, or
 * after a reset) the one-time enrolment code the administrator handed over, with a new password of the user's own.
 */
export function SignInPage(props: Props) {
  const [withCode, setWithCode] = useState(false);
  return withCode ? <EnrolWithCodeForm {...props} onBack={() => setWithCode(false)} /> : <PasswordForm {...props} onUseCode={() => setWithCode(true)} />;
}

function PasswordForm({ config, notice, onSubmit, onUseCode }: Props & { onUseCode(): void }) {
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
          <Alert variant={notice === 'loggedOut' ? 'success' : notice === 'awaitingApproval' ? 'warning' : 'info'}>{t(`signIn.${notice}`)}</Alert>
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
      <p>
        <button type="button" className="button button-tertiary" onClick={onUseCode}>
          {t('signIn.useCode')}
        </button>
      </p>
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

const MIN_PASSWORD = 12;

/** First sign-in with an enrolment code: username, the code, and a new password typed twice. */
function EnrolWithCodeForm({ onEnrolWithCode, onBack }: Props & { onBack(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ username: '', code: '', password: '', repeat: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof typeof values, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = {
    username: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  };
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const errors: Partial<Record<keyof typeof values, string>> = {
      username: values.username.trim() ? undefined : t('signIn.usernameRequired'),
      code: values.code.trim() ? undefined : t('signIn.codeRequired'),
      password: values.password.length >= MIN_PASSWORD ? undefined : t('signIn.newPasswordTooShort', { min: MIN_PASSWORD }),
      repeat: values.repeat === values.password ? undefined : t('signIn.repeatMismatch'),
    };
    setFieldErrors(errors);
    setFormError(null);
    const first = (Object.keys(errors) as (keyof typeof values)[]).find((k) => errors[k]);
    if (first) return refs[first].current?.focus();
    setBusy(true);
    try {
      await onEnrolWithCode(values.username.trim(), values.code.trim(), values.password);
    } catch (error) {
      // Wrong, used or expired code, or unknown user: one message, as for a wrong password.
      setFormError(t(error instanceof ApiError && error.status === 401 ? 'signIn.wrongCode' : generalErrorKey(error)));
      setValues((v) => ({ ...v, password: '', repeat: '' }));
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>{t('signIn.codeHeading')}</PageHeading>
      <p className="font-lead">{t('signIn.codeIntro')}</p>
      <LiveRegion assertive>{formError && <Alert variant="error">{formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={busy}>
        <TextField id="code-username" name="username" label={t('signIn.username')} autoComplete="username" autoCapitalize="none"
          spellCheck={false} value={values.username} onChange={set('username')} error={fieldErrors.username} ref={refs.username} />
        <TextField id="enrolment-code" name="code" label={t('signIn.code')} hint={t('signIn.codeHint')} autoComplete="one-time-code"
          autoCapitalize="none" spellCheck={false} value={values.code} onChange={set('code')} error={fieldErrors.code} ref={refs.code} />
        <TextField id="new-password" name="password" type="password" label={t('signIn.newPassword')}
          hint={t('signIn.newPasswordHint', { min: MIN_PASSWORD })} autoComplete="new-password" value={values.password}
          onChange={set('password')} error={fieldErrors.password} ref={refs.password} />
        <TextField id="repeat-password" name="repeat" type="password" label={t('signIn.repeatPassword')} autoComplete="new-password"
          value={values.repeat} onChange={set('repeat')} error={fieldErrors.repeat} ref={refs.repeat} />
        <button type="submit" className="button button-primary">
          {t('signIn.codeSubmit')}
        </button>
      </form>
      <p>
        <button type="button" className="button button-tertiary" onClick={onBack}>
          {t('signIn.backToPassword')}
        </button>
      </p>
    </>
  );
}
