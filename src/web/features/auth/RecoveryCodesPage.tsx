import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';

interface Props {
  codes: string[];
  onContinue(): void;
}

/** Shown once after enrolment; the codes are dropped from memory when the user continues. */
export function RecoveryCodesPage({ codes, onContinue }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('recoveryCodes.heading')}</PageHeading>
      <p className="font-lead">{t('recoveryCodes.intro')}</p>
      <Alert variant="warning">{t('recoveryCodes.warning')}</Alert>
      <h2 className="h3" id="recovery-codes-label">
        {t('recoveryCodes.listLabel')}
      </h2>
      <ul className="nobullet-list vink-recovery-codes" aria-labelledby="recovery-codes-label">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-primary" onClick={onContinue}>
        {t('recoveryCodes.continue')}
      </button>
    </>
  );
}
