import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** True once the user has moved on from the first page shown; only then does a new page take focus. */
export const MoveFocusContext = createContext(false);

/**
 * The h1 of a step. It names the document and, when the step replaced another, takes focus so screen-reader
 * and keyboard users start at the top of the new content.
 */
export function PageHeading({ children, takeFocus = true }: { children: string; takeFocus?: boolean }) {
  const { t } = useTranslation();
  const moveFocus = useContext(MoveFocusContext);
  const ref = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = t('app.documentTitle', { page: children });
  }, [children, t]);

  useEffect(() => {
    // A page that puts focus in its first field (a form used during a phone call) passes takeFocus={false}.
    if (moveFocus && takeFocus) ref.current?.focus();
    // Only when the page appears, not when the language changes.
  }, [moveFocus]);

  return (
    <h1 ref={ref} tabIndex={-1} className="vink-page-heading">
      {children}
    </h1>
  );
}

/** Main content region, the skip link's target. */
export function Main({ children }: { children: ReactNode }) {
  return (
    <main id="main-content" tabIndex={-1} className="container vink-main">
      {children}
    </main>
  );
}
