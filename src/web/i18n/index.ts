import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Language = 'da' | 'en';

/**
 * One JSON file per feature and language: src/web/i18n/{da,en}/<feature>.json. Every file of a language is merged
 * into the one 'translation' namespace; each file owns its own top-level keys (e.g. today.json owns "today"), so
 * engineers working on different features never edit the same file. A key claimed by two files is a build-time
 * mistake and throws at start.
 */
type Tree = Record<string, unknown>;
const files = {
  da: import.meta.glob<Tree>('./da/*.json', { eager: true, import: 'default' }),
  en: import.meta.glob<Tree>('./en/*.json', { eager: true, import: 'default' }),
};

/** Merges a language's feature files; exported for tests. */
export function mergeFeatureFiles(byFile: Record<string, Tree>): Tree {
  const merged: Tree = {};
  const owner: Record<string, string> = {};
  for (const [file, tree] of Object.entries(byFile)) {
    for (const [key, value] of Object.entries(tree)) {
      if (key in merged) throw new Error(`i18n key "${key}" is defined in both ${owner[key]} and ${file}`);
      merged[key] = value;
      owner[key] = file;
    }
  }
  return merged;
}

/**
 * The starting language comes from the browser; the choice is kept in memory only.
 * VINK stores nothing in the browser (no localStorage, sessionStorage or cookies of its own),
 * so there is one simple rule to audit.
 */
export function initialLanguage(browserLanguage: string | undefined): Language {
  return browserLanguage?.toLowerCase().startsWith('en') ? 'en' : 'da';
}

/** The locale for Intl formatting of the active language: Danish dates and numbers first. */
export function intlLocale(): string {
  return i18next.language === 'en' ? 'en-GB' : 'da-DK';
}

/** Starts i18next and keeps <html lang> in step with the active language. */
export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  await i18next.use(initReactI18next).init({
    resources: {
      da: { translation: mergeFeatureFiles(files.da) },
      en: { translation: mergeFeatureFiles(files.en) },
    },
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
