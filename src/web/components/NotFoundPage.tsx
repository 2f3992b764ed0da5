import { useTranslation } from 'react-i18next';
import { Link } from '../app/router.tsx';
import { useLanding } from '../app/session.ts';
import { PageHeading } from './PageHeading.tsx';

/**
 * The app's "not found" page, for an unknown address, a page the role may not open and a record the server answers
 * 404 for, all in the same words: a record outside the user's need to know is indistinguishable from one that does
 * not exist.
 */
export function NotFoundPage() {
  const { t } = useTranslation();
  const landing = useLanding();
  return (
    <>
      <PageHeading>{t('nav.notFound')}</PageHeading>
      <p>{t('nav.notFoundText')}</p>
      <p>
        <Link to={landing}>{t('nav.backToStart')}</Link>
      </p>
    </>
  );
}
