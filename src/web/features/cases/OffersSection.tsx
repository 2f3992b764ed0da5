import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate, formatDateTime, fromZonedInput, toZonedInput } from '../../components/dates.ts';
import { OFFER_TRANSITIONS, OfferType as OfferTypes } from '../../../shared/support.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import type { CaseDetail, Offer, OfferType } from './types.ts';

/** Voluntary offers and re-offers: make one, record the answer; a declined offer shows its re-offer deadlines. */
export function OffersSection({ detail, offers }: { detail: CaseDetail; offers: Offer[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayManage = canOnCase(user, 'offer.manage', detail) && detail.status !== 'closed';
  const [message, setMessage] = useState<{ kind: 'error' | 'warning'; text: string } | null>(null);
  const changes = useCaseChanges(detail.id);
  // Whatever the answer, the offers are read again: on a conflict they show what someone else recorded.
  const answer = useMutation({
    mutationFn: ({ offer, response }: { offer: Offer; response: string }) =>
      apiPost(`/api/v1/offers/${offer.id}/response`, { response, version: offer.version }),
    onSettled: () => changes.offersChanged(),
  });

  async function respond(offer: Offer, response: string) {
    setMessage(null);
    try {
      await answer.mutateAsync({ offer, response });
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 409
        ? { kind: 'warning', text: t('cases.offers.conflict') }
        : { kind: 'error', text: t('errors.generic') });
    }
  }

  const sorted = [...offers].sort((a, b) => (a.offeredAt < b.offeredAt ? 1 : -1));
  // Only a first offer that was declined or not answered can be re-offered (support.ts, reofferOf).
  const reofferable = offers.filter((o) => !o.reofferOf && (o.response === 'declined' || o.response === 'no_answer'));
  return (
    <section aria-labelledby="offers-heading" className="vink-case-section">
      <h2 id="offers-heading">{t('cases.offers.heading')}</h2>
      <LiveRegion assertive>{message && <Alert variant={message.kind}>{message.text}</Alert>}</LiveRegion>
      {sorted.length === 0 ? (
        <p>{t('cases.offers.none')}</p>
      ) : (
        <ul className="nobullet-list vink-cards">
          {sorted.map((o) => (
            <li key={o.id} className="vink-card">
              <h3 className="h4">
                {t(`cases.offerType.${o.type}`)}
                {o.reofferOf && <span className="vink-tag">{t('cases.offers.reoffer')}</span>}
              </h3>
              <p>
                {t('cases.offers.offeredAt', { date: formatDateTime(o.offeredAt) })} · {t(`cases.offerResponse.${o.response}`)}
                {o.respondedAt && <> ({formatDate(o.respondedAt)})</>}
              </p>
              {o.reofferDue && (
                <p className="form-hint">{t('cases.offers.reofferDue', { three: formatDate(o.reofferDue.threeMonths), six: formatDate(o.reofferDue.sixMonths) })}</p>
              )}
              {mayManage && OFFER_TRANSITIONS[o.response].length > 0 && (
                <div className="vink-button-row" role="group" aria-label={t('cases.offers.respondLabel', { type: t(`cases.offerType.${o.type}`) })}>
                  {OFFER_TRANSITIONS[o.response].map((r) => (
                    <button key={r} type="button" className="button button-secondary" onClick={() => void respond(o, r)}>
                      {t(`cases.offers.respond.${r}`)}
                    </button>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayManage && <OfferForm caseId={detail.id} reofferable={reofferable} />}
    </section>
  );
}

function OfferForm({ caseId, reofferable }: { caseId: string; reofferable: Offer[] }) {
  const { t } = useTranslation();
  const [type, setType] = useState<OfferType | ''>('');
  const [offeredAt, setOfferedAt] = useState(toZonedInput(new Date()));
  const [reofferOf, setReofferOf] = useState('');
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  const offer = useMutation({
    mutationFn: (body: object) => apiPost<Offer>(casePaths(caseId).offers, body),
    onSuccess: () => changes.offersChanged(),
  });
  const fields = {
    type: { target: 'offer-type', message: t('cases.offers.errors.type') },
    offeredAt: { target: 'offer-at', message: t('cases.offers.errors.date') },
    reofferOf: { target: 'offer-reoffer', message: t('cases.offers.errors.reoffer') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found = [];
    if (!type) found.push(fields.type);
    const at = fromZonedInput(offeredAt);
    if (!at) found.push(fields.offeredAt);
    if (!form.check(found)) return;
    try {
      await offer.mutateAsync({ type, offeredAt: at, ...(reofferOf ? { reofferOf } : {}) });
      setType('');
      setReofferOf('');
      setSaved(true);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <form className="vink-form" noValidate onSubmit={submit}>
      <h3>{t('cases.offers.new')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="warning">{t('cases.offers.conflict')}</Alert>}
      </LiveRegion>
      <LiveRegion>{saved && <Alert variant="success">{t('cases.offers.saved')}</Alert>}</LiveRegion>
      <SelectField
        id="offer-type"
        label={t('cases.offers.type')}
        value={type}
        onChange={(e) => setType(e.target.value as OfferType | '')}
        error={form.errorFor('offer-type')}
        options={[{ value: '', label: t('cases.choose') }, ...OfferTypes.options.map((o) => ({ value: o, label: t(`cases.offerType.${o}`) }))]}
      />
      <TextField id="offer-at" type="datetime-local" label={t('cases.offers.when')} value={offeredAt} onChange={(e) => setOfferedAt(e.target.value)} error={form.errorFor('offer-at') ?? null} />
      {reofferable.length > 0 && (
        <SelectField
          id="offer-reoffer"
          label={t('cases.offers.reofferOf')}
          hint={t('cases.offers.reofferHint')}
          value={reofferOf}
          onChange={(e) => setReofferOf(e.target.value)}
          error={form.errorFor('offer-reoffer')}
          options={[
            { value: '', label: t('cases.offers.notReoffer') },
            ...reofferable.map((o) => ({ value: o.id, label: `${t(`cases.offerType.${o.type}`)}, ${formatDate(o.offeredAt)}` })),
          ]}
        />
      )}
      <button type="submit" className="button button-primary" disabled={offer.isPending}>
        {t('cases.offers.submit')}
      </button>
    </form>
  );
}
