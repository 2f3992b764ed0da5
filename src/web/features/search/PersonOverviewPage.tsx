import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isRefusal, useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { Alert } from '../../components/Alert.tsx';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatDate, formatDateTime } from '../../components/dates.ts';
import type { PersonOverview } from '../../../shared/overview.ts';
import { LinkedPersons } from '../casework-depth/LinkedPersons.tsx';
import { PersonCorrection } from './PersonCorrection.tsx';
import '../cases/cases.css';

/**
 * The person overview (/personer/:id, an opaque id only): one page per citizen with every concern (unfounded too),
 * case, course and disclosure within the user's reach, from one request (GET /persons/:id/overview, one audit row).
 * A section the user's role may not see is not shown at all; an empty one says so.
 */
export function PersonOverviewPage({ params }: PageProps) {
  const { t } = useTranslation();
  const path = `/api/v1/persons/${encodeURIComponent(params.id ?? '')}/overview`;
  const overview = useResource<PersonOverview>(path);
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
      {p.minor === null && <Alert variant="warning">{t('personAge.unknown')}</Alert>}

      <OverviewSection name="concerns" items={o.concerns} render={(k) => (
        <>
          <Link to={`/henvendelser/${k.id}`}>{t('overview.concernOf', { at: formatDateTime(k.receivedAt) })}</Link>
          {' – '}
          {t(`vocab.concernStatus.${k.status}`)}, {t(`vocab.severity.${k.severity}`)}
        </>
      )} />
      <OverviewSection name="cases" items={o.cases} render={(c) => (
        <><Link to={`/sager/${c.id}`}>{c.title}</Link> ({t(`cases.statusName.${c.status}`)})</>
      )} />
      <OverviewSection name="courses" items={o.courses} render={(co) => (
        <>
          {t(`cases.courseKind.${co.kind}`, { defaultValue: co.kind })}, {t(`cases.courseStatus.${co.status}`, { defaultValue: co.status })}
          {' '}
          ({formatDate(co.startedOn)}
          {co.endedOn ? ` – ${formatDate(co.endedOn)}` : ''}), {caseTitle(co.caseId)}
        </>
      )} />
      <OverviewSection name="disclosures" items={o.disclosures} render={(d) => (
        <>{formatDate(d.disclosedAt)}: {d.partnerOrganisation}, {t(`vocab.legalBasis.${d.legalBasis}`)}, {caseTitle(d.caseId)}</>
      )} />
      <LinkedPersons personId={p.id} links={o.links} overviewPath={`/api/v1/persons/${encodeURIComponent(params.id ?? '')}/overview`} />
      <PersonCorrection person={p} overviewPath={path} />
    </>
  );
}

type SectionName = 'concerns' | 'cases' | 'courses' | 'disclosures';
const EMPTY_KEY: Record<SectionName, string> = {
  concerns: 'overview.noConcerns', cases: 'overview.noCases', courses: 'overview.noCourses', disclosures: 'overview.noDisclosures',
};

/**
 * One section of the overview: not shown at all when the role may not see it (items null), "none" when empty, else a
 * list. Headed by overview.<name>.
 */
function OverviewSection<T extends { id: string }>({ name, items, render }: {
  name: SectionName; items: readonly T[] | null | undefined; render: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (!items) return null;
  return (
    <section aria-labelledby={`overview-${name}`}>
      <h2 id={`overview-${name}`}>{t(`overview.${name}`)}</h2>
      {items.length === 0 ? <p>{t(EMPTY_KEY[name])}</p> : (
        <ul className="nobullet-list">
          {items.map((item) => <li key={item.id}>{render(item)}</li>)}
        </ul>
      )}
    </section>
  );
}
