import { useTranslation } from 'react-i18next';
import { isRefusal, useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert } from '../../components/Alert.tsx';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatDate, formatDateTime } from '../../components/dates.ts';
import type { PersonOverview } from '../../../shared/overview.ts';
import '../cases/cases.css';

/**
 * The person overview (/personer/:id, an opaque id only): one page per citizen with every concern (unfounded too),
 * case, course and disclosure within the user's reach, from one request (GET /persons/:id/overview, one audit row).
 * A section the user's role may not see is not shown at all; an empty one says so.
 */
export function PersonOverviewPage({ params }: PageProps) {
  const { t } = useTranslation();
  const overview = useResource<PersonOverview>(`/api/v1/persons/${encodeURIComponent(params.id ?? '')}/overview`);
  if (overview.error && isRefusal(overview.error)) return <NotFoundPage />;
  if (overview.error) return <Alert variant="error">{t('overview.failed')}</Alert>;
  const o = overview.data;
  if (!o) return <p role="status">{t('overview.loading')}</p>;
  const p = o.person;
  const caseTitle = (id: string) => o.cases?.find((c) => c.id === id)?.title ?? t('overview.case');
  return (
    <>
      <PageHeading>{p.fullName}</PageHeading>
      <dl className="vink-facts">
        <dt>{t('search.birthDate')}</dt>
        <dd>{p.birthDate ? formatDate(p.birthDate) : t('overview.none')}</dd>
        <dt>{t('search.cpr')}</dt>
        <dd>{p.cprMasked ?? t('overview.none')}</dd>
      </dl>
      {p.minor && <Alert variant="warning">{t('overview.minor')}</Alert>}

      {o.concerns && (
        <section aria-labelledby="overview-concerns">
          <h2 id="overview-concerns">{t('overview.concerns')}</h2>
          {o.concerns.length === 0 ? (
            <p>{t('overview.noConcerns')}</p>
          ) : (
            <ul className="nobullet-list">
              {o.concerns.map((k) => (
                <li key={k.id}>
                  <Link to={`/henvendelser/${k.id}`}>{t('overview.concernOf', { at: formatDateTime(k.receivedAt) })}</Link>
                  {' – '}
                  {t(`vocab.concernStatus.${k.status}`)}, {t(`vocab.severity.${k.severity}`)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {o.cases && (
        <section aria-labelledby="overview-cases">
          <h2 id="overview-cases">{t('overview.cases')}</h2>
          {o.cases.length === 0 ? (
            <p>{t('overview.noCases')}</p>
          ) : (
            <ul className="nobullet-list">
              {o.cases.map((c) => (
                <li key={c.id}>
                  <Link to={`/sager/${c.id}`}>{c.title}</Link> ({t(`cases.statusName.${c.status}`)})
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {o.courses && (
        <section aria-labelledby="overview-courses">
          <h2 id="overview-courses">{t('overview.courses')}</h2>
          {o.courses.length === 0 ? (
            <p>{t('overview.noCourses')}</p>
          ) : (
            <ul className="nobullet-list">
              {o.courses.map((co) => (
                <li key={co.id}>
                  {t(`cases.courseKind.${co.kind}`, { defaultValue: co.kind })}, {t(`cases.courseStatus.${co.status}`, { defaultValue: co.status })}
                  {' '}
                  ({formatDate(co.startedOn)}
                  {co.endedOn ? ` – ${formatDate(co.endedOn)}` : ''}), {caseTitle(co.caseId)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {o.disclosures && (
        <section aria-labelledby="overview-disclosures">
          <h2 id="overview-disclosures">{t('overview.disclosures')}</h2>
          {o.disclosures.length === 0 ? (
            <p>{t('overview.noDisclosures')}</p>
          ) : (
            <ul className="nobullet-list">
              {o.disclosures.map((d) => (
                <li key={d.id}>
                  {formatDate(d.disclosedAt)}: {d.partnerOrganisation}, {t(`vocab.legalBasis.${d.legalBasis}`)}, {caseTitle(d.caseId)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
