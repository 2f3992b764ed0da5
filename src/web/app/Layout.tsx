import { useTranslation } from 'react-i18next';
import type { Me } from '../api/auth.ts';
import { Alert, LiveRegion } from '../components/Alert.tsx';
import { NotFoundPage } from '../components/NotFoundPage.tsx';
import { Link, matchPath, useRouter } from './router.tsx';
import { landingFor, navFor, ROUTES } from './routes.tsx';
import { LandingContext, UserContext } from './session.ts';
import { setDefaultPurpose } from '../api/client.ts';
import { ReasonDialog } from '../components/ReasonDialog.tsx';
import { DEFAULT_PURPOSE } from '../../shared/roles.ts';

/** The main navigation: only what the signed-in user's role may use (its capabilities). */
export function MainNav({ user }: { user: Me }) {
  const { t } = useTranslation();
  const { path } = useRouter();
  const items = navFor(user);
  // The entry whose path is the longest prefix of the current path is the current section.
  const currentPath = items
    .filter((r) => path === r.path || path.startsWith(`${r.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <nav className="vink-nav" aria-label={t('nav.label')}>
      <div className="container">
        <ul className="vink-nav-list">
          {items.map((r) => {
            const Badge = r.badge;
            return (
              <li key={r.path}>
                <Link to={r.path} className="vink-nav-link" aria-current={r.path === currentPath ? 'page' : undefined}>
                  {t(r.nav!)}
                  {Badge && <Badge />}
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}

/** The page for the current URL, if the role may open it; otherwise "not found" (never revealing what exists). */
export function RouteOutlet({ user, logoutFailed }: { user: Me; logoutFailed: boolean }) {
  const { t } = useTranslation();
  const { path, navigate } = useRouter();
  if (path === '/' || path === '') {
    queueMicrotask(() => navigate(landingFor(user), { replace: true }));
    return null;
  }
  let content = null;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params || !route.allow(user)) continue;
    const Page = route.page;
    // key: a new id is a new page, with fresh state and focus on its heading.
    content = <Page key={path} params={params} />;
    break;
  }
  // Every request carries a purpose: the page's own, else the role's default (docs/security.md).
  setDefaultPurpose(DEFAULT_PURPOSE[user.role]);
  return (
    <UserContext value={user}>
      <LandingContext value={landingFor(user)}>
        <ReasonDialog />
        <LiveRegion assertive>{logoutFailed && <Alert variant="error">{t('home.logoutFailed')}</Alert>}</LiveRegion>
        {content ?? <NotFoundPage />}
      </LandingContext>
    </UserContext>
  );
}
