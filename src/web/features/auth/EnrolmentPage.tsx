import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { confirmEnrolment, type EnrolmentSetup, type Session } from '../../api/auth.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { CodeField, normaliseCode } from './CodeField.tsx';

interface Props {
  setup: EnrolmentSetup;
  onConfirmed(result: { recoveryCodes: string[]; session: Session | null }): void;
}

/**
 * The server's QR code as an image. As an <img> source the SVG is inert (no scripts, no links), and a data: URL
 * needs no inline markup, which the CSP would refuse.
 */
function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The secret in groups of four, as authenticator apps show it; apps ignore the spaces. */
function groupSecret(secret: string): string {
  return secret.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** Step 2 at first sign-in: connect an authenticator app, then prove it works with one code. */
export function EnrolmentPage({ setup, onConfirmed }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const normalised = normaliseCode(code);
    if (!normalised) {
      setFieldError(t('enrolment.codeFormat'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      onConfirmed(await confirmEnrolment(normalised));
    } catch (error) {
      if (error instanceof ApiError && (error.hasFieldError('code') || error.status === 401)) {
        setFieldError(t('enrolment.wrongCode'));
      } else {
        setFormError(t(generalErrorKey(error)));
      }
      setCode('');
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  return (
    <>
      <PageHeading>{t('enrolment.heading')}</PageHeading>
      <p className="font-lead">{t('enrolment.intro')}</p>
      <ol className="vink-enrolment-steps">
        <li>{t('enrolment.stepApp')}</li>
        <li>
          <p>{t('enrolment.stepScan')}</p>
          <img className="vink-qr" src={svgDataUrl(setup.qrSvg)} alt={t('enrolment.qrAlt')} width={200} height={200} />
          <p>{t('enrolment.manualKey')}</p>
          <p>
            <code className="vink-secret" data-testid="totp-secret">
              {groupSecret(setup.secret)}
            </code>
          </p>
        </li>
        <li>
          <p>{t('enrolment.stepCode')}</p>
          <LiveRegion assertive>{formError && <Alert variant="error">{formError}</Alert>}</LiveRegion>
          <form noValidate onSubmit={submit} className="vink-form" aria-busy={busy}>
            <CodeField
              id="enrolment-code"
              label={t('enrolment.code')}
              hint={t('enrolment.codeHint')}
              value={code}
              error={fieldError}
              onChange={setCode}
              ref={inputRef}
            />
            <button type="submit" className="button button-primary">
              {t('enrolment.submit')}
            </button>
          </form>
        </li>
      </ol>
    </>
  );
}
