import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import type { Action } from '../../../shared/policy.ts';

/** What a figures-only role can open, each where its role may (src/shared/policy.ts). */
const ENTRIES: { path: string; key: string; action: Action }[] = [
  { path: '/statistik', key: 'statistics', action: 'statistics.read' },
  { path: '/handleplaner', key: 'plans', action: 'plan.read' },
  { path: '/forebyggelse', key: 'prevention', action: 'activity.read' },
  { path: '/arbejdsbyrde', key: 'workload', action: 'workload.read_suppressed' },
];

/**
 * The start page for roles without a daily work list (the analyst): what they can open, with a line on each, instead
 * of a placeholder (D15). The analyst has no cases, tasks or appointments; every figure withholds small counts.
 */
export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const entries = ENTRIES.filter((e) => can(user, e.action));
  return (
    <>
      <PageHeading>{t('home.heading')}</PageHeading>
      <p className="font-lead">{t('home.welcome', { name: user.displayName })}</p>
      <p>{t('homeLinks.intro')}</p>
      <ul className="vink-home-links">
        {entries.map((e) => (
          <li key={e.path}>
            <Link to={e.path}>{t(`homeLinks.${e.key}.title`)}</Link>
            <p className="form-hint">{t(`homeLinks.${e.key}.text`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
