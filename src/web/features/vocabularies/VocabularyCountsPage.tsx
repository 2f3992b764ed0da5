import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VOCABULARIES, type VocabularyCounts } from '../../../shared/vocabularies.ts';
import { useResource } from '../../api/queries.ts';
import type { PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { yearInDenmark } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';
import { formatNumber } from '../../components/numbers.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A count as shown: the number, or "<5" where the server withholds it (analysts). */
function Count({ n }: { n: number | null }) {
  const { t } = useTranslation();
  if (n !== null) return <>{formatNumber(n)}</>;
  return (
    <abbr className="vink-suppressed" title={t('vocabularies.counts.suppressedTitle')}>
      {t('vocabularies.counts.suppressed')}
      <span className="sr-only"> ({t('vocabularies.counts.suppressedTitle')})</span>
    </abbr>
  );
}

/**
 * The counts of the vocabularies' values in a period (/statistik/vaerdier; docs/domain.md, "Vocabularies"): behaviour
 * indicators, categories, online platforms, sectors, offer types, session forms and activity kinds, each labelled as
 * at the end of the period, with its label now and whether it is retired. No personal data: counts only.
 */
export function VocabularyCountsPage(_props: PageProps) {
  const { t, i18n } = useTranslation();
  const year = yearInDenmark() - 1;
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [error, setError] = useState<{ field: 'from' | 'to'; message: string } | null>(null);
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  const counts = useResource<VocabularyCounts>(shown ? `/api/v1/vocabulary-counts?from=${shown.from}&to=${shown.to}` : null);
  const en = i18n.language === 'en';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!DATE.test(from)) return setError({ field: 'from', message: t('statistics.errors.from') });
    if (!DATE.test(to)) return setError({ field: 'to', message: t('statistics.errors.to') });
    if (to < from) return setError({ field: 'to', message: t('vocabularies.counts.errors.order') });
    setError(null);
    setShown({ from, to });
  }

  const data = counts.data;
  return (
    <>
      <PageHeading>{t('vocabularies.counts.heading')}</PageHeading>
      <p className="font-lead">{t('vocabularies.counts.intro')}</p>
      <form noValidate onSubmit={submit} className="vink-plan-chooser" aria-label={t('vocabularies.counts.formLabel')}>
        <TextField id="counts-from" type="date" label={t('vocabularies.counts.from')} value={from} onChange={(e) => setFrom(e.target.value)}
          error={error?.field === 'from' ? error.message : null} />
        <TextField id="counts-to" type="date" label={t('vocabularies.counts.to')} value={to} onChange={(e) => setTo(e.target.value)}
          error={error?.field === 'to' ? error.message : null} />
        <button type="submit" className="button button-primary">{t('vocabularies.counts.show')}</button>
      </form>
      <LiveRegion assertive>{counts.error ? <Alert variant="error">{t(generalErrorKey(counts.error))}</Alert> : null}</LiveRegion>
      {data && (
        <>
          <h2 id="flags-heading">{t('vocabularies.counts.flags')}</h2>
          <dl className="vink-facts" aria-labelledby="flags-heading">
            <dt>{t('vocabularies.counts.onlineConcerns')}</dt><dd><Count n={data.flags.onlineConcerns} /></dd>
            <dt>{t('vocabularies.counts.onlineCalls')}</dt><dd><Count n={data.flags.onlineCalls} /></dd>
            <dt>{t('vocabularies.counts.returneeConcerns')}</dt><dd><Count n={data.flags.returneeConcerns} /></dd>
          </dl>
          {VOCABULARIES.map((v) => {
            const rows = data.rows.filter((r) => r.vocabulary === v);
            const withCalls = v === 'category' || v === 'online_platform';
            return (
              <section key={v} aria-labelledby={`counts-${v}`}>
                <h2 id={`counts-${v}`}>{t(`vocabularies.name.${v}`)}</h2>
                <div className="table--responsive-scroll">
                  <table className="table table--compact" aria-labelledby={`counts-${v}`}>
                    <thead>
                      <tr>
                        <th scope="col">{t('vocabularies.counts.value')}</th>
                        <th scope="col" className="text-align-right">{t('vocabularies.counts.count')}</th>
                        {withCalls && <th scope="col" className="text-align-right">{t('vocabularies.counts.calls')}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => {
                        const then = en ? r.labelEn : r.labelDa;
                        const now = en ? r.currentLabelEn : r.currentLabelDa;
                        return (
                          <tr key={r.code}>
                            <th scope="row">
                              {then}
                              {now !== then && <span className="vink-muted"> ({t('vocabularies.counts.now', { label: now })})</span>}
                              {!r.active && <span className="vink-tag">{t('vocabularies.counts.retired')}</span>}
                            </th>
                            <td className="text-align-right"><Count n={r.count} /></td>
                            {withCalls && <td className="text-align-right"><Count n={r.calls} /></td>}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
