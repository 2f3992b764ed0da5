import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import { resourceKey } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatPercent } from '../../components/numbers.ts';
import type { SurveyResults } from './types.ts';

/** A survey's answers so far, fetched when asked for (and again on "update"); "<5" where small counts are withheld. */
export function SurveyResultsView({ surveyId }: { surveyId: string }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const path = `/api/v1/surveys/${encodeURIComponent(surveyId)}/results`;
  // Asked for by the button only, each time anew.
  const query = useQuery({ queryKey: resourceKey(path), queryFn: async () => (await apiGet<SurveyResults>(path)).body, enabled: false });
  const results = query.data;

  return (
    <div className="vink-plan-section">
      <h3 id={headingId}>{t('prevention.results.heading')}</h3>
      <button type="button" className="button button-secondary" onClick={() => void query.refetch()}>
        {results ? t('prevention.results.refresh') : t('prevention.results.show')}
      </button>
      <LiveRegion assertive>{query.error ? <Alert variant="error">{t(generalErrorKey(query.error))}</Alert> : null}</LiveRegion>
      <div role="status" className="vink-summary">
        {results && t('prevention.results.responses', { count: typeof results.responses === 'number' ? results.responses : 0, shown: String(results.responses) })}
      </div>
      {results?.suppressed && <p>{t('prevention.results.suppressedNote')}</p>}
      {results && results.questions.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t('prevention.results.question')}</th>
                <th scope="col" className="vink-num">{t('prevention.results.answers')}</th>
                <th scope="col" className="vink-num">{t('prevention.results.agreeing')}</th>
                <th scope="col" className="vink-num">{t('prevention.results.share')}</th>
              </tr>
            </thead>
            <tbody>
              {results.questions.map((q) => (
                <tr key={q.id}>
                  <th scope="row">{i18n.language === 'en' && q.textEn ? q.textEn : q.textDa}</th>
                  <td className="vink-num">{String(q.responses)}</td>
                  <td className="vink-num">{String(q.agreeing)}</td>
                  <td className="vink-num">{q.shareAgreeing === null ? '–' : formatPercent(q.shareAgreeing * 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
