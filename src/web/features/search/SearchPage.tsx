import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate } from '../../components/dates.ts';
import type { PersonSearchResult } from '../../../shared/intake.ts';
import { onSearch, takePendingSearch } from './pendingSearch.ts';
import '../cases/cases.css';

const PAGE_SIZE = 25;

/**
 * Search people by name (spelling-tolerant), CPR number or birth date; each result opens the person overview. The
 * search text travels only in the POST body (never the URL, so never in history, logs or a Referer) and lives only
 * in this component's memory; the server audits every search. Results come a page at a time with the true total.
 */
export function SearchPage(_props: PageProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  // The search text and the hits live in this page only (a mutation's state, never the query cache).
  const find = useMutation({
    mutationFn: async ({ text, offset }: { text: string; offset: number }) =>
      (await apiPost<PersonSearchResult>('/api/v1/persons/search', { q: text, offset, limit: PAGE_SIZE })).body,
  });
  const [searched, setSearched] = useState('');
  const result = find.isError ? null : (find.data ?? null);
  const form = useFormErrors();

  async function run(text: string, offset: number) {
    try {
      setSearched(text);
      await find.mutateAsync({ text, offset });
    } catch (error) {
      form.fromError(error, { q: { target: 'search-q', message: t('search.tooShort') } }, t);
    }
  }

  // A search typed in the header (./HeaderSearch.tsx): handed over in memory, before or while this page is open.
  useEffect(() => {
    const start = (text: string) => {
      setQ(text);
      void run(text, 0);
    };
    const pending = takePendingSearch();
    if (pending) start(pending);
    return onSearch(start);
    // Once, on opening: run() only reads state setters and the mutation.
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = q.trim();
    if (!form.check(text.length >= 2 ? [] : [{ target: 'search-q', message: t('search.tooShort') }])) return;
    await run(text, 0);
  }

  const from = result ? Math.min(result.offset + 1, result.total) : 0;
  const to = result ? result.offset + result.items.length : 0;
  return (
    <>
      <PageHeading>{t('search.heading')}</PageHeading>
      <form className="vink-form" noValidate onSubmit={submit} role="search" aria-label={t('search.heading')}>
        <ErrorSummary errors={form.errors} attempt={form.attempt} />
        <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
        <TextField
          id="search-q"
          label={t('search.label')}
          hint={t('search.hint')}
          value={q}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          onChange={(e) => setQ(e.target.value)}
          error={form.errorFor('search-q') ?? null}
        />
        <button type="submit" className="button button-primary" disabled={find.isPending}>
          {t('search.submit')}
        </button>
      </form>
      <LiveRegion>
        {result && (
          <p>
            {t('search.count', { count: result.total })}
            {result.total > result.items.length && <> {t('search.countOf', { from, to, total: result.total })}</>}
          </p>
        )}
      </LiveRegion>
      {result && result.items.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('search.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('search.name')}</th>
                <th scope="col">{t('search.birthDate')}</th>
                <th scope="col">{t('search.cpr')}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={`/personer/${person.id}`}>{person.fullName}</Link>
                  </td>
                  <td>{person.birthDate ? formatDate(person.birthDate) : ''}</td>
                  <td>{person.cprMasked ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && result.total > result.items.length && (
        <nav aria-label={t('search.pages')} className="vink-pager">
          <button
            type="button"
            className="button button-secondary"
            disabled={find.isPending || result.offset === 0}
            onClick={() => void run(searched, Math.max(0, result.offset - PAGE_SIZE))}
          >
            {t('search.previous')}
          </button>{' '}
          <button
            type="button"
            className="button button-secondary"
            disabled={find.isPending || to >= result.total}
            onClick={() => void run(searched, result.offset + PAGE_SIZE)}
          >
            {t('search.next')}
          </button>
        </nav>
      )}
    </>
  );
}
