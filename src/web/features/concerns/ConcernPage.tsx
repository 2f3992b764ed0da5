import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/routes.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';

export function ConcernPage(_props: PageProps) {
  const { t } = useTranslation();
  return <PageHeading>{t('concern.heading')}</PageHeading>;
}
