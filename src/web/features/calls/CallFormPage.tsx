import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/routes.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';

export function CallFormPage(_props: PageProps) {
  const { t } = useTranslation();
  return <PageHeading>{t('calls.heading')}</PageHeading>;
}
