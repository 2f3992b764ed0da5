import { useTranslation } from 'react-i18next';
import { PageHeading } from './PageHeading.tsx';

/** A placeholder for a page another feature team is building; remove the route's use of it when the page lands. */
export function ComingSoon({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t(titleKey)}</PageHeading>
      <p className="font-lead">{t('nav.comingSoon')}</p>
    </>
  );
}
