import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import { Alert } from '../../components/Alert.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatDate } from '../../components/dates.ts';
import type { SurveySummary } from '../../../shared/prevention.ts';
import type { SurveyQr } from './types.ts';

/** The server's QR code as an inert image: an SVG in a data: URL needs no inline markup, which the CSP would refuse. */
function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * The surveys made after this activity, newest first, each of which can show its QR code and link again, so a
 * teacher can reprint them for the next class (D30; GET /activities/:id/surveys and /surveys/:id/qr).
 */
export function EarlierSurveys({ activityId, except }: { activityId: string; except?: string | undefined }) {
  const { t } = useTranslation();
  const headingId = useId();
  const list = useResource<SurveySummary[]>(`/api/v1/activities/${encodeURIComponent(activityId)}/surveys`);
  const items = (list.data ?? []).filter((s) => s.id !== except);
  if (list.error) return <Alert variant="error">{t(generalErrorKey(list.error))}</Alert>;
  if (items.length === 0) return null;
  return (
    <section className="vink-plan-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('surveyReprint.heading')}</h2>
      <ul className="nobullet-list">
        {items.map((s) => <EarlierSurvey key={s.id} survey={s} />)}
      </ul>
    </section>
  );
}

function EarlierSurvey({ survey }: { survey: SurveySummary }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const qr = useResource<SurveyQr>(shown ? `/api/v1/surveys/${survey.id}/qr` : null);
  return (
    <li>
      <h3 className="h4">{survey.title}</h3>
      <p>{t('surveyReprint.period', { opens: formatDate(survey.opensOn), closes: formatDate(survey.closesOn) })}</p>
      <button type="button" className="button button-secondary" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? t('surveyReprint.hide') : t('surveyReprint.show')}
      </button>
      {shown && qr.error ? <Alert variant="error">{t(generalErrorKey(qr.error))}</Alert> : null}
      {shown && qr.data && (
        <>
          <img className="vink-qr-code" src={svgDataUrl(qr.data.qrSvg)} alt={t('surveyReprint.qrAlt', { title: survey.title })} width={240} height={240} />
          <p>
            {t('surveyReprint.link')}{' '}
            <a className="vink-link-text" href={qr.data.url} target="_blank" rel="noreferrer noopener">
              {qr.data.url}
              <span className="sr-only"> {t('surveyReprint.opensNewWindow')}</span>
            </a>
          </p>
        </>
      )}
    </li>
  );
}
