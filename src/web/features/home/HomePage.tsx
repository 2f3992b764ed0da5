import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.ts';
import { PageHeading } from '../../components/PageHeading.tsx';

/** The start page for roles without a daily work list (the analyst). */
export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <>
      <PageHeading>{t('home.heading')}</PageHeading>
      <p className="font-lead">{t('home.welcome', { name: user.displayName })}</p>
      <p>{t('home.intro')}</p>
    </>
  );
}
