import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouter } from '../../app/router.tsx';
import { submitSearch } from './pendingSearch.ts';

/** Whether a key press comes from somewhere the user is typing (then "/" is a character, not the shortcut). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * The search field in the header of every page, for roles that may read persons. "/" focuses it from anywhere.
 * Submitting opens the search page (/soeg) with the text in memory only (./pendingSearch.ts), never in the URL.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const { path, navigate } = useRouter();
  const [q, setQ] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = q.trim();
    if (text.length < 2) {
      input.current?.focus();
      return;
    }
    submitSearch(text);
    setQ('');
    if (path !== '/soeg') navigate('/soeg');
  }

  return (
    <form className="vink-header-search" role="search" aria-label={t('search.headerLabel')} onSubmit={submit}>
      <label className="sr-only" htmlFor="header-search-q">
        {t('search.headerField')}
      </label>
      <input
        ref={input}
        id="header-search-q"
        className="form-input"
        type="search"
        value={q}
        maxLength={100}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('search.headerPlaceholder')}
        aria-keyshortcuts="/"
        onChange={(e) => setQ(e.target.value)}
      />
      <button type="submit" className="button button-secondary">
        {t('search.submit')}
      </button>
    </form>
  );
}
