import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { verifySecondFactor, type Session } from '../../api/auth.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { CodeField, normaliseCode } from './CodeField.tsx';

interface Props {
  onVerified(session: Session): void;
  onCancel(): void;
  /** The code was right but the account's role awaits approval: back to sign-in with a notice. */
  onAwaitingApproval(): void;
}

/** Step 2: the code from the authenticator app, or a one-time recovery code. */
export function SecondFactorPage({ onVerified, onCancel, onAwaitingApproval }: Props) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const switched = useRef(false);

  useEffect(() => {
    // The field was replaced by the user's choice; put them in the new one.
    if (switched.current) inputRef.current?.focus();
  }, [useRecovery]);

  function switchMethod() {
    switched.current = true;
    setUseRecovery((current) => !current);
    setValue('');
    setFieldError(null);
    setFormError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const code = useRecovery ? value.trim() : normaliseCode(value);
    if (!code) {
      setFieldError(t(useRecovery ? 'secondFactor.recoveryCodeRequired' : 'secondFactor.codeFormat'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      onVerified(await verifySecondFactor(useRecovery ? { recoveryCode: code } : { code }));
    } catch (error) {
      // The code was right, but the account's role still awaits a manager's or the DPO's approval.
      if (error instanceof ApiError && error.status === 403) return onAwaitingApproval();
      const wrong = error instanceof ApiError && (error.status === 401 || error.status === 400);
      const message = wrong
        ? t(useRecovery ? 'secondFactor.wrongRecoveryCode' : 'secondFactor.wrongCode')
        : t(generalErrorKey(error));
      setFormError(message);
      setValue('');
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  return (
    <>
      <PageHeading>{t('secondFactor.heading')}</PageHeading>
      <p className="font-lead">{t(useRecovery ? 'secondFactor.recoveryIntro' : 'secondFactor.intro')}</p>
      <LiveRegion assertive>{formError && <Alert variant="error">{formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={busy}>
        {useRecovery ? (
          <TextField
            key="recovery"
            id="recovery-code"
            name="recoveryCode"
            label={t('secondFactor.recoveryCode')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            inputClassName="input-width-m"
            value={value}
            error={fieldError}
            onChange={(e) => setValue(e.target.value)}
            ref={inputRef}
          />
        ) : (
          <CodeField
            key="totp"
            id="totp-code"
            label={t('secondFactor.code')}
            hint={t('secondFactor.codeHint')}
            value={value}
            error={fieldError}
            onChange={setValue}
            ref={inputRef}
          />
        )}
        <button type="submit" className="button button-primary">
          {t('secondFactor.submit')}
        </button>
      </form>
      <ul className="nobullet-list vink-secondary-actions">
        <li>
          <button type="button" className="button button-tertiary" onClick={switchMethod}>
            {t(useRecovery ? 'secondFactor.useApp' : 'secondFactor.useRecoveryCode')}
          </button>
        </li>
        <li>
          <button type="button" className="button button-tertiary" onClick={onCancel}>
            {t('secondFactor.cancel')}
          </button>
        </li>
      </ul>
    </>
  );
}
