import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost } from '../../api/client.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate } from '../../components/dates.ts';
import type { CaseSummary, PersonView } from '../cases/types.ts';
import '../cases/cases.css';

interface Hit {
  person: PersonView;
  cases: CaseSummary[];
}

/**
 * Search people and cases by name or CPR number. The search text travels only in the POST body (never the URL, so
 * never in history, logs or a Referer) and lives only in this component's memory; the server audits every search.
 * The cases a person has are looked up from the user's own case list, so results show only cases the user may open.
 */
export function SearchPage(_props: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const [q, setQ] = useState('');
  // The search text and the hits live in this page only (a mutation's state, never the query cache).
  const find = useMutation({
    mutationFn: async (text: string): Promise<Hit[]> => {
      const [persons, cases] = await Promise.all([
        apiPost<PersonView[]>('/api/v1/persons/search', { q: text }),
        // A role that may not list cases at all still finds the person, without case links.
        can(user, 'case.read') ? apiGet<CaseSummary[]>('/api/v1/cases') : Promise.resolve({ body: [] as CaseSummary[] }),
      ]);
      return persons.body.map((person) => ({ person, cases: cases.body.filter((c) => c.personId === person.id) }));
    },
  });
  const hits = find.isError ? null : (find.data ?? null);
  const form = useFormErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = q.trim();
    if (!form.check(text.length >= 2 ? [] : [{ target: 'search-q', message: t('search.tooShort') }])) return;
    try {
      await find.mutateAsync(text);
    } catch (error) {
      form.fromError(error, { q: { target: 'search-q', message: t('search.tooShort') } }, t);
    }
  }

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
      <LiveRegion>{hits && <p>{t('search.count', { count: hits.length })}</p>}</LiveRegion>
      {hits && hits.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('search.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('search.name')}</th>
                <th scope="col">{t('search.birthDate')}</th>
                <th scope="col">{t('search.cpr')}</th>
                <th scope="col">{t('search.cases')}</th>
              </tr>
            </thead>
            <tbody>
              {hits.map(({ person, cases }) => (
                <tr key={person.id}>
                  <td>{person.fullName}</td>
                  <td>{person.birthDate ? formatDate(person.birthDate) : ''}</td>
                  <td>{person.cprMasked ?? ''}</td>
                  <td>
                    {cases.length === 0 ? (
                      t('search.noCases')
                    ) : (
                      <ul className="nobullet-list">
                        {cases.map((c) => (
                          <li key={c.id}>
                            <Link to={`/sager/${c.id}`}>
                              {c.title} ({t(`cases.statusName.${c.status}`)})
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
