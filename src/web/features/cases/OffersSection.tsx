import { useMutation } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { formatDate, formatDateTime, fromZonedInput, toZonedInput } from '../../components/dates.ts';
import { OFFER_TRANSITIONS, OfferInput } from '../../../shared/support.ts';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import type { CaseDetail, Offer } from './types.ts';
import { OfferCorrection } from '../flow-corrections/OfferCorrection.tsx';

/** Voluntary offers and re-offers: make one, record the answer; a declined offer shows its re-offer deadlines. */
export function OffersSection({ detail, offers }: { detail: CaseDetail; offers: Offer[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayManage = canOnCase(user, 'offer.manage', detail) && detail.status !== 'closed';
  const [message, setMessage] = useState<{ kind: 'error' | 'warning'; text: string } | null>(null);
  const changes = useCaseChanges(detail.id);
  // Offer types are data (docs/domain.md, "Vocabularies"): an old offer keeps its label when its type is retired.
  const offerTypes = useVocabulary('offer_type', 'cases.offerType');
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
                {offerTypes.label(o.type)}
                {o.reofferOf && <span className="vink-tag">{t('cases.offers.reoffer')}</span>}
              </h3>
              <p>
                {t('cases.offers.offeredAt', { date: formatDateTime(o.offeredAt) })} · {t(`cases.offerResponse.${o.response}`)}
                {o.respondedAt && <> ({formatDate(o.respondedAt)})</>}
              </p>
              {/* A first offer names its re-offers; once one is accepted the re-offer deadlines are met and not shown (D14). */}
              {sorted.filter((r) => r.reofferOf === o.id).map((r) => (
                <p key={r.id}>{t('flow.offers.reoffered', { date: formatDateTime(r.offeredAt), response: t(`cases.offerResponse.${r.response}`) })}</p>
              ))}
              {o.reofferDue && !sorted.some((r) => r.reofferOf === o.id && r.response === 'accepted') && (
                <p className="form-hint">{t('cases.offers.reofferDue', { three: formatDate(o.reofferDue.threeMonths), six: formatDate(o.reofferDue.sixMonths) })}</p>
              )}
              {mayManage && OFFER_TRANSITIONS[o.response].length > 0 && (
                <div className="vink-button-row" role="group" aria-label={t('cases.offers.respondLabel', { type: offerTypes.label(o.type) })}>
                  {OFFER_TRANSITIONS[o.response].map((r) => (
                    <button key={r} type="button" className="button button-secondary" onClick={() => void respond(o, r)}>
                      {t(`cases.offers.respond.${r}`)}
                    </button>
                  ))}
                </div>
              )}
              <OfferCorrection offer={o} mayManage={mayManage} onChanged={() => changes.offersChanged()} />
            </li>
          ))}
        </ul>
      )}
      {mayManage && <OfferForm caseId={detail.id} reofferable={reofferable} />}
    </section>
  );
}

/**
 * The offer form's fields as typed (a Danish wall-clock time, '' for "not chosen"), turned into the request body and
 * checked with the server's contract (OfferInput), so the browser and the server refuse the same things.
 */
const OfferDraft = z
  .object({ type: z.string(), offeredAt: z.string(), reofferOf: z.string() })
  .transform((d) => ({ type: d.type, offeredAt: fromZonedInput(d.offeredAt) ?? d.offeredAt, ...(d.reofferOf ? { reofferOf: d.reofferOf } : {}) }))
  .pipe(OfferInput);

function OfferForm({ caseId, reofferable }: { caseId: string; reofferable: Offer[] }) {
  const { t } = useTranslation();
  const draft = useForm({
    resolver: zodResolver(OfferDraft),
    defaultValues: { type: '', offeredAt: toZonedInput(new Date()), reofferOf: '' },
    shouldFocusError: false,
  });
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  // Only active offer types are offered (docs/domain.md, "Vocabularies").
  const offerTypes = useVocabulary('offer_type', 'cases.offerType');
  const offer = useMutation({
    mutationFn: (body: z.output<typeof OfferDraft>) => apiPost<Offer>(casePaths(caseId).offers, body),
    onSuccess: () => changes.offersChanged(),
  });
  const fields: FieldMap = {
    type: { target: 'offer-type', message: t('cases.offers.errors.type') },
    offeredAt: { target: 'offer-at', message: t('cases.offers.errors.date') },
    reofferOf: { target: 'offer-reoffer', message: t('cases.offers.errors.reoffer') },
  };

  // The time defaults to now when it is sent, not when the page opened, unless the user typed one: a re-offer right
  // after a decline is then never "before" the decline (D6).
  const submit = (event: FormEvent) => {
    if (!draft.getFieldState('offeredAt').isDirty) draft.setValue('offeredAt', toZonedInput(new Date()));
    return send(event);
  };
  const send = draft.handleSubmit(
    async (body) => {
      form.check([]);
      setSaved(false);
      try {
        await offer.mutateAsync(body);
        draft.setValue('type', '');
        draft.setValue('reofferOf', '');
        draft.resetField('offeredAt', { defaultValue: toZonedInput(new Date()) });
        setSaved(true);
      } catch (error) {
        form.fromError(error, fields, t);
      }
    },
    (invalid) => {
      setSaved(false);
      form.fromInvalid(invalid, fields, t);
    },
  );

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
        {...draft.register('type')}
        error={form.errorFor('offer-type')}
        options={[{ value: '', label: t('cases.choose') }, ...offerTypes.options]}
      />
      <TextField id="offer-at" type="datetime-local" label={t('cases.offers.when')} {...draft.register('offeredAt')} error={form.errorFor('offer-at') ?? null} />
      {reofferable.length > 0 && (
        <SelectField
          id="offer-reoffer"
          label={t('cases.offers.reofferOf')}
          hint={t('cases.offers.reofferHint')}
          {...draft.register('reofferOf')}
          error={form.errorFor('offer-reoffer')}
          options={[
            { value: '', label: t('cases.offers.notReoffer') },
            ...reofferable.map((o) => ({ value: o.id, label: `${offerTypes.label(o.type)}, ${formatDate(o.offeredAt)}` })),
          ]}
        />
      )}
      <button type="submit" className="button button-primary" disabled={offer.isPending}>
        {t('cases.offers.submit')}
      </button>
    </form>
  );
}
