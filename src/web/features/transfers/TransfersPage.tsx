import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Transfer as TransferSchema } from '../../../shared/transfers.ts';
import { ApiError, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { pathTo, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';

type Transfer = z.infer<typeof TransferSchema>;
const LIST = '/api/v1/transfers';

/**
 * Transfers between units when a citizen moves (docs/domain.md, "Transfers"): incoming requests the receiving
 * coordinator accepts or rejects with a reason, and outgoing transfers (after acceptance the sending unit's closed
 * stub). Ids, units, legal basis and status only: no case content.
 */
export function TransfersPage(_props: PageProps) {
  const { t } = useTranslation();
  const me = useUser();
  const list = useResource<Transfer[]>(LIST);
  const refresh = useRefresh();
  const mayDecide = can(me, 'transfer.decide');
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (d: { id: string; to: 'accepted' | 'rejected'; reason?: string; version: number }) =>
      apiPost<Transfer>(pathTo('/api/v1/transfers/:id/transition', { id: d.id }), { to: d.to, version: d.version, ...(d.reason ? { reason: d.reason } : {}) }),
    onSuccess: () => refresh(LIST),
  });

  async function run(tr: Transfer, to: 'accepted' | 'rejected', why?: string) {
    setNotice(null);
    setFailure(null);
    try {
      await decide.mutateAsync({ id: tr.id, to, version: tr.version, ...(why ? { reason: why } : {}) });
      setRejecting(null);
      setNotice(t(to === 'accepted' ? 'transfers.accepted' : 'transfers.rejected'));
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 409 ? t('errors.conflict') : t(generalErrorKey(error)));
    }
  }

  function submitReject(event: FormEvent, tr: Transfer) {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError(t('transfers.reasonRequired'));
      return;
    }
    setReasonError(null);
    void run(tr, 'rejected', reason.trim());
  }

  return (
    <>
      <PageHeading>{t('transfers.heading')}</PageHeading>
      <p className="font-lead">{t('transfers.intro')}</p>
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      <LiveRegion assertive>
        {failure && <Alert variant="error">{failure}</Alert>}
        {list.error ? <Alert variant="error">{t(generalErrorKey(list.error))}</Alert> : null}
      </LiveRegion>
      <h2 id="transfers-heading">{t('transfers.listHeading')}</h2>
      {list.data && list.data.length === 0 && <p>{t('transfers.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby="transfers-heading">
            <thead>
              <tr>
                <th scope="col">{t('transfers.record')}</th>
                <th scope="col">{t('transfers.direction')}</th>
                <th scope="col">{t('transfers.travels')}</th>
                <th scope="col">{t('transfers.legalBasis')}</th>
                <th scope="col">{t('transfers.status')}</th>
                <th scope="col">{t('transfers.requestedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((tr) => (
                <tr key={tr.id}>
                  <th scope="row">{t(tr.caseId ? 'transfers.case' : 'transfers.concern')}</th>
                  <td>{t(`transfers.directions.${tr.direction}`)}</td>
                  <td>{tr.travels.map((x) => t(`transfers.travel.${x}`)).join(', ')}</td>
                  <td>{tr.legalBasis}</td>
                  <td>
                    {t(`transfers.statuses.${tr.status}`)}
                    {tr.decisionReason && <><br /><span className="vink-muted">{tr.decisionReason}</span></>}
                    {mayDecide && tr.direction === 'incoming' && tr.status === 'requested' && (
                      rejecting === tr.id ? (
                        <form noValidate onSubmit={(e) => submitReject(e, tr)} aria-label={t('transfers.rejectLabel')}>
                          <TextField id={`reason-${tr.id}`} label={t('transfers.reason')} autoComplete="off" value={reason}
                            onChange={(e) => setReason(e.target.value)} error={reasonError} />
                          <div className="vink-row-actions">
                            <button type="submit" className="button button-primary" disabled={decide.isPending}>{t('transfers.reject')}</button>
                            <button type="button" className="button button-tertiary" onClick={() => { setRejecting(null); setReasonError(null); }}>{t('transfers.cancel')}</button>
                          </div>
                        </form>
                      ) : (
                        <div className="vink-row-actions">
                          <button type="button" className="button button-primary" disabled={decide.isPending} onClick={() => void run(tr, 'accepted')}>{t('transfers.accept')}</button>
                          <button type="button" className="button button-secondary" onClick={() => { setRejecting(tr.id); setReason(''); }}>{t('transfers.reject')}</button>
                        </div>
                      )
                    )}
                  </td>
                  <td>{formatDateTime(tr.requestedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
