import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { Me } from '../api/auth.ts';

interface HeaderProps {
  user?: Me;
  onLogout?: () => void;
  /** The search field, for a signed-in role that may search (features/search/HeaderSearch.tsx). */
  search?: ReactNode;
}

/** The DKFDS solution header: VINK's name, the signed-in user, the language switch and sign-out. */
export function Header({ user, onLogout, search }: HeaderProps) {
  const { t, i18n } = useTranslation();
  const otherLanguage = t('language.switchToLang');
  const roleName = user ? t(`roles.${user.role}`, { defaultValue: user.role }) : '';
  return (
    <header className="header">
      <div className="solution-info">
        <div className="container solution-info-inner vink-header-inner">
          <div className="vink-brand">
            <p className="vink-app-name">{t('app.name')}</p>
            <p className="vink-app-tagline">{t('app.tagline')}</p>
          </div>
          <div className="vink-header-actions">
            {search}
            {user && (
              <p className="vink-user">
                <span className="sr-only">{t('header.signedInAs')} </span>
                <span className="vink-user-name">{user.displayName}</span>
                <span className="vink-user-role">
                  {user.unitName ? t('header.roleAndUnit', { role: roleName, unit: user.unitName }) : roleName}
                </span>
              </p>
            )}
            <button
              type="button"
              className="button button-tertiary vink-language-button"
              lang={otherLanguage}
              aria-label={t('language.switchLabel')}
              onClick={() => void i18n.changeLanguage(otherLanguage)}
            >
              {t('language.switchTo')}
            </button>
            {user && onLogout && (
              <button type="button" className="button button-secondary" onClick={onLogout}>
                {t('header.logout')}
              </button>
            )}
          </div>
        </div>
      </div>
    </header>
  );
}
