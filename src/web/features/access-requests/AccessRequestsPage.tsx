import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AccessRequestSummary } from '../../../shared/access-requests.ts';
import type { PageProps } from '../../app/router.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { apiPost, ApiError } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, TextArea } from '../../components/forms.tsx';
import { formatDate, parseDanishDate, todayInDenmark, toDanishInput } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { usePurpose } from './usePurpose.ts';

type Summary = z.infer<typeof AccessRequestSummary>;
const LIST = '/api/v1/access-requests';

/**
 * The DPO's access requests (GDPR Art. 15): the list with deadlines, and registering a new one (docs/security.md,
 * "Access requests"). Only opaque ids travel in URLs; the citizen is found on the request's own page, by POST.
 */
export function AccessRequestsPage(_props: PageProps) {
  const { t } = useTranslation();
  usePurpose('access_request');
  const { navigate } = useRouter();
  const list = useResource<Summary[]>(LIST);
  const refresh = useRefresh();
  const [receivedOn, setReceivedOn] = useState(toDanishInput(todayInDenmark()));
  const [identity, setIdentity] = useState('');
  const [note, setNote] = useState('');
  const form = useFormErrors();
  const register = useMutation({
    mutationFn: async (body: object) => (await apiPost<Summary>(LIST, body)).body,
    onSuccess: async (created) => {
      await refresh(LIST);
      navigate(`/dpo/indsigt/${created.id}`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (register.isPending) return;
    const date = parseDanishDate(receivedOn);
    const problems = [
      !date && { target: 'ar-received', message: t('accessRequests.errors.date') },
      date && date > todayInDenmark() && { target: 'ar-received', message: t('accessRequests.errors.future') },
      !identity.trim() && { target: 'ar-identity', message: t('accessRequests.errors.identity') },
    ].filter((x): x is { target: string; message: string } => Boolean(x));
    if (!form.check(problems)) return;
    register.mutate({ receivedOn: date, identityVerified: identity.trim(), ...(note.trim() ? { note: note.trim() } : {}) });
  }

  return (
    <>
      <PageHeading>{t('accessRequests.heading')}</PageHeading>
      <p className="font-lead">{t('accessRequests.intro')}</p>
      <LiveRegion assertive>
        {list.error ? <Alert variant="error">{t(generalErrorKey(list.error))}</Alert> : null}
      </LiveRegion>
      {list.data && list.data.length === 0 && <p>{t('accessRequests.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption>{t('accessRequests.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accessRequests.received')}</th>
                <th scope="col">{t('accessRequests.due')}</th>
                <th scope="col">{t('accessRequests.status')}</th>
                <th scope="col"><span className="sr-only">{t('accessRequests.open')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.receivedOn)}</td>
                  <td>{formatDate(r.dueOn)}{r.extendedTo ? ` (${t('accessRequests.extended')})` : ''}</td>
                  <td>{t(`accessRequests.statuses.${r.status}`)}</td>
                  <td><Link to={`/dpo/indsigt/${r.id}`}>{t('accessRequests.openOne', { date: formatDate(r.receivedOn) })}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('accessRequests.registerHeading')}</h2>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {register.error ? <Alert variant="error">{register.error instanceof ApiError && register.error.status === 400
          ? t('accessRequests.errors.invalid') : t(generalErrorKey(register.error))}</Alert> : null}
      </LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={register.isPending}>
        <TextField id="ar-received" label={t('accessRequests.receivedOn')} hint={t('accessRequests.dateHint')} inputClassName="input-width-s"
          value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} error={form.errorFor('ar-received')} autoComplete="off" />
        <TextField id="ar-identity" label={t('accessRequests.identity')} hint={t('accessRequests.identityHint')} maxLength={500}
          value={identity} onChange={(e) => setIdentity(e.target.value)} error={form.errorFor('ar-identity')} autoComplete="off" />
        <TextArea id="ar-note" label={t('accessRequests.note')} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" className="button button-primary">{t('accessRequests.register')}</button>
      </form>
    </>
  );
}
