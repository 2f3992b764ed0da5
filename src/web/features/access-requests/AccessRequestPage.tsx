import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  AccessRequestCompilation, AccessRequestDetail, AccessRequestPersonHit, AccessRequestSummary, ExportItem,
} from '../../../shared/access-requests.ts';
import type { PageProps } from '../../app/router.tsx';
import { Link } from '../../app/router.tsx';
import { apiDownload, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { TextArea } from '../../components/forms.tsx';
import { formatDate, formatDateTime, parseDanishDate } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { usePurpose } from './usePurpose.ts';

type Detail = z.infer<typeof AccessRequestDetail>;
type Compilation = z.infer<typeof AccessRequestCompilation>;
type Hit = z.infer<typeof AccessRequestPersonHit>;
type Summary = z.infer<typeof AccessRequestSummary>;

const DEFAULT_REFERENCE = 'databeskyttelsesloven § 22, stk. 1, nr. 4';

/**
 * One access request (docs/security.md, "Access requests"): find the citizen (by POST: no name, CPR number or birth
 * date in a URL), link them (a legal hold is placed), see everything compiled, exempt items with their legal
 * reference, download the PDF and JSON for the citizen, extend the deadline, hand over and close. Every request the
 * page makes carries the purpose access_request.
 */
export function AccessRequestPage({ params }: PageProps) {
  const { t } = useTranslation();
  usePurpose('access_request');
  const id = params.id!;
  const path = `/api/v1/access-requests/${id}`;
  const detail = useResource<Detail>(path);
  const compiled = useResource<Compilation>(detail.data?.personLinked ? `${path}/compilation` : null);
  const refresh = useRefresh();
  const [done, setDone] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async ({ url, body }: { url: string; body: object; message: string }) => (await apiPost<Summary>(url, body)).body,
    onSuccess: async (_data, v) => {
      setDone(v.message);
      await refresh(path, `${path}/compilation`);
    },
  });
  const d = detail.data;

  return (
    <>
      <PageHeading>{t('accessRequests.detailHeading')}</PageHeading>
      <p><Link to="/dpo/indsigt">{t('accessRequests.back')}</Link></p>
      <LiveRegion assertive>
        {detail.error ? <Alert variant="error">{t(generalErrorKey(detail.error))}</Alert> : null}
        {act.error ? <Alert variant="error">{t(generalErrorKey(act.error))}</Alert> : null}
      </LiveRegion>
      <LiveRegion>{done && !act.error ? <Alert variant="success">{done}</Alert> : null}</LiveRegion>
      {d && (
        <>
          <dl className="vink-facts">
            <dt>{t('accessRequests.status')}</dt><dd>{t(`accessRequests.statuses.${d.status}`)}</dd>
            <dt>{t('accessRequests.received')}</dt><dd>{formatDate(d.receivedOn)}</dd>
            <dt>{t('accessRequests.due')}</dt><dd>{formatDate(d.dueOn)}{d.extendedTo ? ` (${t('accessRequests.extendedBecause', { reason: d.extensionReason })})` : ''}</dd>
            <dt>{t('accessRequests.identity')}</dt><dd>{d.identityVerified}</dd>
            {d.note && <><dt>{t('accessRequests.note')}</dt><dd>{d.note}</dd></>}
            <dt>{t('accessRequests.person')}</dt><dd>{d.person ? `${d.person.fullName}${d.person.birthDate ? `, ${formatDate(d.person.birthDate)}` : ''}` : t('accessRequests.noPerson')}</dd>
            <dt>{t('accessRequests.hold')}</dt>
            <dd>{d.legalHold ? (d.legalHold.liftedAt ? t('accessRequests.holdLifted', { at: formatDateTime(d.legalHold.liftedAt) })
              : t('accessRequests.holdActive', { at: formatDateTime(d.legalHold.placedAt) })) : t('accessRequests.noHold')}</dd>
          </dl>

          {d.status === 'registered' && <FindPerson path={path} version={d.version} onLinked={async () => { setDone(t('accessRequests.linked')); await refresh(path); }} />}

          {compiled.data && (
            <CompilationView path={path} data={compiled.data} canExempt={d.status === 'compiling'}
              onExempted={async () => { setDone(t('accessRequests.exempted')); await refresh(`${path}/compilation`, path); }} />
          )}
          {compiled.error ? <Alert variant="error">{t(generalErrorKey(compiled.error))}</Alert> : null}

          {d.personLinked && (
            <section aria-labelledby="ar-files">
              <h2 id="ar-files">{t('accessRequests.filesHeading')}</h2>
              <p>{t('accessRequests.filesIntro')}</p>
              <div className="vink-actions">
                <button type="button" className="button button-primary" onClick={() => void apiDownload(`${path}/export.pdf`, 'indsigt.pdf')}>
                  {t('accessRequests.downloadPdf')}
                </button>
                <button type="button" className="button button-secondary" onClick={() => void apiDownload(`${path}/export.json`, 'indsigt.json')}>
                  {t('accessRequests.downloadJson')}
                </button>
              </div>
            </section>
          )}

          {(d.allowed.includes('handed_over') || d.allowed.includes('closed')) && (
            <section aria-labelledby="ar-steps">
              <h2 id="ar-steps">{t('accessRequests.stepsHeading')}</h2>
              <div className="vink-actions">
                {d.allowed.includes('handed_over') && (
                  <button type="button" className="button button-primary" disabled={act.isPending}
                    onClick={() => act.mutate({ url: `${path}/transition`, body: { version: d.version, to: 'handed_over' }, message: t('accessRequests.handedOver') })}>
                    {t('accessRequests.handOver')}
                  </button>
                )}
                {d.allowed.includes('closed') && (
                  <button type="button" className="button button-secondary" disabled={act.isPending}
                    onClick={() => act.mutate({ url: `${path}/transition`, body: { version: d.version, to: 'closed' }, message: t('accessRequests.closed') })}>
                    {t('accessRequests.close')}
                  </button>
                )}
              </div>
            </section>
          )}

          {!d.extendedTo && (d.status === 'registered' || d.status === 'compiling') && (
            <Extend onExtend={(reason) => act.mutate({ url: `${path}/extend`, body: { version: d.version, reason }, message: t('accessRequests.extendedDone') })} />
          )}
        </>
      )}
    </>
  );
}

function FindPerson({ path, version, onLinked }: { path: string; version: number; onLinked(): Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [cpr, setCpr] = useState('');
  const [birth, setBirth] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = useMutation({ mutationFn: async (body: object) => (await apiPost<Hit[]>(`${path}/person-search`, body)).body });
  const link = useMutation({
    mutationFn: async (personId: string) => (await apiPost<Summary>(`${path}/person`, { version, personId })).body,
    onSuccess: onLinked,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const birthDate = birth.trim() ? parseDanishDate(birth) : null;
    if (!name.trim() && !cpr.trim() && !birth.trim()) return setError(t('accessRequests.errors.oneOf'));
    if (birth.trim() && !birthDate) return setError(t('accessRequests.errors.date'));
    setError(null);
    search.mutate({ ...(name.trim() ? { name: name.trim() } : {}), ...(cpr.trim() ? { cpr: cpr.trim() } : {}), ...(birthDate ? { birthDate } : {}) });
  }

  return (
    <section aria-labelledby="ar-find">
      <h2 id="ar-find">{t('accessRequests.findHeading')}</h2>
      <p>{t('accessRequests.findIntro')}</p>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={search.isPending}>
        <TextField id="ar-name" label={t('accessRequests.name')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" error={error} />
        <TextField id="ar-cpr" label={t('accessRequests.cpr')} inputClassName="input-width-s" value={cpr} onChange={(e) => setCpr(e.target.value)} autoComplete="off" />
        <TextField id="ar-birth" label={t('accessRequests.birthDate')} hint={t('accessRequests.dateHint')} inputClassName="input-width-s"
          value={birth} onChange={(e) => setBirth(e.target.value)} autoComplete="off" />
        <button type="submit" className="button button-primary">{t('accessRequests.find')}</button>
      </form>
      <LiveRegion assertive>
        {search.error ? <Alert variant="error">{t(generalErrorKey(search.error))}</Alert> : null}
        {link.error ? <Alert variant="error">{t(generalErrorKey(link.error))}</Alert> : null}
      </LiveRegion>
      <div role="status">{search.data && t('accessRequests.found', { count: search.data.length })}</div>
      {search.data && search.data.length > 0 && (
        <ul className="vink-list">
          {search.data.map((p) => (
            <li key={p.id}>
              {p.fullName}{p.birthDate ? `, ${formatDate(p.birthDate)}` : ''}{p.district ? `, ${p.district}` : ''}{' '}
              <button type="button" className="button button-secondary" disabled={link.isPending} onClick={() => link.mutate(p.id)}
                aria-label={t('accessRequests.choosePerson', { name: p.fullName })}>
                {t('accessRequests.choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CompilationView({ path, data, canExempt, onExempted }: { path: string; data: Compilation; canExempt: boolean; onExempted(): Promise<void> }) {
  const { t } = useTranslation();
  const [exempting, setExempting] = useState<ExportItem | null>(null);
  return (
    <section aria-labelledby="ar-compiled">
      <h2 id="ar-compiled">{t('accessRequests.compiledHeading')}</h2>
      <p>{t('accessRequests.compiledIntro', { items: data.items.length, lookups: data.lookups.length })}</p>
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption>{t('accessRequests.itemsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accessRequests.itemType')}</th>
              <th scope="col">{t('accessRequests.itemDate')}</th>
              <th scope="col">{t('accessRequests.itemContent')}</th>
              <th scope="col">{t('accessRequests.itemExempt')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={`${i.type}:${i.id}`}>
                <th scope="row">{t(`accessRequests.types.${i.type}`)}</th>
                <td>{i.date ? formatDate(i.date) : '–'}</td>
                <td>{Object.entries(i.fields).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join(' · ')}</td>
                <td>
                  {i.exempted ? t('accessRequests.isExempted') : canExempt ? (
                    <button type="button" className="button button-secondary" onClick={() => setExempting(i)}
                      aria-label={t('accessRequests.exemptOne', { type: t(`accessRequests.types.${i.type}`), date: i.date ? formatDate(i.date) : '' })}>
                      {t('accessRequests.exempt')}
                    </button>
                  ) : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {exempting && <ExemptForm path={path} item={exempting} onDone={async () => { setExempting(null); await onExempted(); }} onCancel={() => setExempting(null)} />}
      <h3>{t('accessRequests.lookupsHeading')}</h3>
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption>{t('accessRequests.lookupsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accessRequests.lookupAt')}</th>
              <th scope="col">{t('accessRequests.lookupOrg')}</th>
              <th scope="col">{t('accessRequests.lookupRole')}</th>
              <th scope="col">{t('accessRequests.lookupPurpose')}</th>
              <th scope="col">{t('accessRequests.lookupAction')}</th>
            </tr>
          </thead>
          <tbody>
            {data.lookups.map((l, n) => (
              <tr key={n}>
                <td>{formatDateTime(l.at)}</td><td>{l.organisation ?? '–'}</td><td>{l.role ?? '–'}</td><td>{l.purpose ?? '–'}</td>
                <td>{l.action}{l.refused ? ` (${t('accessRequests.refused')})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ExemptForm({ path, item, onDone, onCancel }: { path: string; item: ExportItem; onDone(): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState(DEFAULT_REFERENCE);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async () => (await apiPost(`${path}/exemptions`, { itemType: item.type, itemId: item.id, legalReference: reference.trim(), reason: reason.trim() })).body,
    onSuccess: onDone,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reference.trim().length < 3 || !reason.trim()) return setError(t('accessRequests.errors.exemption'));
    setError(null);
    save.mutate();
  }
  return (
    <form noValidate onSubmit={submit} className="vink-form" aria-labelledby="ar-exempt-heading">
      <h3 id="ar-exempt-heading">{t('accessRequests.exemptHeading', { type: t(`accessRequests.types.${item.type}`) })}</h3>
      <TextField id="ar-reference" label={t('accessRequests.reference')} hint={t('accessRequests.referenceHint')} value={reference}
        onChange={(e) => setReference(e.target.value)} error={error} maxLength={200} autoComplete="off" />
      <TextArea id="ar-exempt-reason" label={t('accessRequests.exemptReason')} rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <LiveRegion assertive>{save.error ? <Alert variant="error">{t(generalErrorKey(save.error))}</Alert> : null}</LiveRegion>
      <div className="vink-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>{t('accessRequests.saveExemption')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('accessRequests.cancel')}</button>
      </div>
    </form>
  );
}

function Extend({ onExtend }: { onExtend(reason: string): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return setError(t('accessRequests.errors.extend'));
    setError(null);
    onExtend(reason.trim());
  }
  return (
    <section aria-labelledby="ar-extend">
      <h2 id="ar-extend">{t('accessRequests.extendHeading')}</h2>
      <form noValidate onSubmit={submit} className="vink-form">
        <TextArea id="ar-extend-reason" label={t('accessRequests.extendReason')} hint={t('accessRequests.extendHint')} rows={2} maxLength={1000}
          value={reason} onChange={(e) => setReason(e.target.value)} error={error} />
        <button type="submit" className="button button-secondary">{t('accessRequests.extend')}</button>
      </form>
    </section>
  );
}
