import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import da from './da.json';
import en from './en.json';

export type Language = 'da' | 'en';

/**
 * The starting language comes from the browser; the choice is kept in memory only.
 * VINK stores nothing in the browser (no localStorage, sessionStorage or cookies of its own),
 * so there is one simple rule to audit.
 */
export function initialLanguage(browserLanguage: string | undefined): Language {
  return browserLanguage?.toLowerCase().startsWith('en') ? 'en' : 'da';
}

/** Starts i18next and keeps <html lang> in step with the active language. */
export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  await i18next.use(initReactI18next).init({
    resources: { da: { translation: da }, en: { translation: en } },
    lng: initialLanguage(navigator.language),
    fallbackLng: 'da',
    supportedLngs: ['da', 'en'],
    // React escapes output itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}
