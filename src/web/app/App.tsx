import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, clearCsrfToken, clearReasons, setDefaultPurpose } from '../api/client.ts';
import { createQueryClient } from '../api/queries.ts';
import {
  enrolWithCode,
  fetchAuthConfig,
  fetchSession,
  login,
  logout,
  startEnrolment,
  type AuthConfig,
  type EnrolmentSetup,
  type Session,
} from '../api/auth.ts';
import { Header } from '../components/Header.tsx';
import { Main, MoveFocusContext } from '../components/PageHeading.tsx';
import { SessionTimeoutDialog } from '../components/SessionTimeoutDialog.tsx';
import { EnrolmentPage } from '../features/auth/EnrolmentPage.tsx';
import { RecoveryCodesPage } from '../features/auth/RecoveryCodesPage.tsx';
import { SecondFactorPage } from '../features/auth/SecondFactorPage.tsx';
import { SignInPage, type SignInNotice } from '../features/auth/SignInPage.tsx';
import { PublicSurveyApp, publicSurveyToken } from '../features/survey/PublicSurveyApp.tsx';
import { HeaderSearch } from '../features/search/HeaderSearch.tsx';
import { MainNav, RouteOutlet } from './Layout.tsx';
import { can } from './session.ts';
import { RouterProvider, useRouter } from './router.tsx';
import { useSessionTimeout } from './useSessionTimeout.ts';

/**
 * Where the user is in signing in. Held in memory only: nothing about the user goes in the URL or browser storage,
 * so a reload starts over from the server's session cookie. Once signed in, the URL (opaque ids only) picks the page.
 */
type Step =
  | { kind: 'starting' }
  | { kind: 'signIn'; notice: SignInNotice | null }
  | { kind: 'secondFactor' }
  | { kind: 'enrolment'; setup: EnrolmentSetup }
  | { kind: 'recoveryCodes'; codes: string[]; session: Session | null }
  | { kind: 'home'; session: Session; logoutFailed: boolean };

export function App() {
  // One query client for the tab's life, in memory only (src/web/api/queries.ts).
  const [queryClient] = useState(createQueryClient);
  // A survey link (/s/:token) is for the public: no sign-in, no session look-up, no cookies.
  const surveyToken = publicSurveyToken(window.location.pathname);
  if (surveyToken) return <PublicSurveyApp token={surveyToken} />;
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <SignedInApp />
      </RouterProvider>
    </QueryClientProvider>
  );
}

function SignedInApp() {
  const { t } = useTranslation();
  const { navigate, path } = useRouter();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'starting' });
  const [config, setConfig] = useState<AuthConfig | null>(null);
  // After the first page, each new step moves focus to its heading.
  const [moveFocus, setMoveFocus] = useState(false);

  const go = useCallback((next: Step) => {
    setMoveFocus(true);
    setStep(next);
  }, []);

  // An in-app navigation is a new page: from then on, each page's heading takes focus as it appears.
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) setMoveFocus(true);
  }, [path]);

  useEffect(() => {
    void fetchAuthConfig()
      .then(setConfig)
      .catch(() => setConfig({ oidc: { enabled: false, label: '' } }));
    // Restore a session after a reload; 401 (or no server) means sign in. The first page keeps focus where
    // the browser put it, so the skip link stays the first stop.
    void fetchSession()
      .then((session) => setStep({ kind: 'home', session, logoutFailed: false }))
      .catch(() => setStep({ kind: 'signIn', notice: null }));
  }, []);

  /** Forget everything about the user that this tab holds. */
  const signedOut = useCallback(
    (notice: SignInNotice | null) => {
      clearCsrfToken();
      clearReasons();
      setDefaultPurpose(null);
      // Every record the previous user read leaves memory with them.
      queryClient.clear();
      // The next person at this screen starts from the top, not on the previous user's page.
      navigate('/', { replace: true });
      go({ kind: 'signIn', notice });
    },
    [go, navigate, queryClient],
  );

  const session = step.kind === 'home' ? step.session : null;
  const timeout = useSessionTimeout({
    session,
    onRefreshed: (fresh) => go({ kind: 'home', session: fresh, logoutFailed: false }),
    onExpired: () => signedOut('sessionExpired'),
  });

  async function signOut() {
    try {
      await logout();
    } catch (error) {
      // An already expired session is as signed out as it gets.
      if (!(error instanceof ApiError && error.status === 401)) {
        if (step.kind === 'home') setStep({ ...step, logoutFailed: true });
        return;
      }
    }
    signedOut('loggedOut');
  }

  async function submitPassword(username: string, password: string) {
    const next = await login(username, password);
    if (next === 'enrolment') go({ kind: 'enrolment', setup: await startEnrolment() });
    else go({ kind: 'secondFactor' });
  }

  async function submitEnrolmentCode(username: string, code: string, password: string) {
    await enrolWithCode(username, code, password);
    go({ kind: 'enrolment', setup: await startEnrolment() });
  }

  async function cancelSecondFactor() {
    // Drop the half-finished sign-in on the server too; failure here changes nothing for the user.
    await logout().catch(() => undefined);
    signedOut(null);
  }

  function page() {
    switch (step.kind) {
      case 'starting':
        return (
          <p role="status" className="vink-starting">
            {t('app.loading')}
          </p>
        );
      case 'signIn':
        return <SignInPage config={config} notice={step.notice} onSubmit={submitPassword} onEnrolWithCode={submitEnrolmentCode} />;
      case 'secondFactor':
        return (
          <SecondFactorPage
            onVerified={(s) => go({ kind: 'home', session: s, logoutFailed: false })}
            onCancel={cancelSecondFactor}
            onAwaitingApproval={() => signedOut('awaitingApproval')}
          />
        );
      case 'enrolment':
        return (
          <EnrolmentPage
            setup={step.setup}
            onConfirmed={({ recoveryCodes, session: s }) => go({ kind: 'recoveryCodes', codes: recoveryCodes, session: s })}
          />
        );
      case 'recoveryCodes':
        return (
          <RecoveryCodesPage
            codes={step.codes}
            onContinue={() =>
              step.session ? go({ kind: 'home', session: step.session, logoutFailed: false }) : signedOut('awaitingApproval')
            }
          />
        );
      case 'home':
        return <RouteOutlet user={step.session.user} logoutFailed={step.logoutFailed} />;
    }
  }

  const user = step.kind === 'home' || step.kind === 'recoveryCodes' ? step.session?.user : undefined;
  return (
    <MoveFocusContext value={moveFocus}>
      <a className="skipnav" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Header
        user={user}
        onLogout={user ? signOut : undefined}
        search={step.kind === 'home' && can(step.session.user, 'person.read') ? <HeaderSearch /> : undefined}
      />
      {step.kind === 'home' && <MainNav user={step.session.user} />}
      <Main>{page()}</Main>
      <SessionTimeoutDialog
        warning={timeout.warning}
        refreshFailed={timeout.refreshFailed}
        onStay={timeout.stay}
        onLogout={signOut}
      />
    </MoveFocusContext>
  );
}
