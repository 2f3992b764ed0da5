import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';

/** The signed-in start page ("Forside"). */
export function HomePage({ user, logoutFailed }: { user: Me; logoutFailed: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('home.heading')}</PageHeading>
      <LiveRegion assertive>{logoutFailed && <Alert variant="error">{t('home.logoutFailed')}</Alert>}</LiveRegion>
      <p className="font-lead">{t('home.welcome', { name: user.displayName })}</p>
      <p>{t('home.intro')}</p>
    </>
  );
}
