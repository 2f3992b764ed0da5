import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPatch } from '../../api/client.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDateTime, fromZonedInput, toZonedInput } from '../../components/dates.ts';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import type { Offer } from '../cases/types.ts';
import { FieldHistoryTable } from './FieldHistoryTable.tsx';

const ANSWERS = ['accepted', 'declined', 'no_answer'] as const;

/**
 * An offer's answer corrected (docs/domain.md, "Corrections"): the history of its corrections on the offer's card, and
 * for those who manage offers a small form (the answer and when it was given) sent at the offer's version. The server
 * refuses what would break the flow (a re-offered answer made an acceptance, an acceptance a course started from).
 */
export function OfferCorrection({ offer, mayManage, onChanged }: { offer: Offer; mayManage: boolean; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const type = t(`cases.offerType.${offer.type}`);
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const [response, setResponse] = useState<string>(offer.response);
  const [respondedAt, setRespondedAt] = useState(offer.respondedAt ? toZonedInput(new Date(offer.respondedAt)) : '');
  const form = useFormErrors();
  const id = `offer-correct-${offer.id}`;
  const fields: FieldMap = {
    response: { target: `${id}-response`, message: t('flowCorrections.offer.errors.response') },
    respondedAt: { target: `${id}-at`, message: t('flowCorrections.offer.errors.respondedAt') },
  };
  const correct = useMutation({
    mutationFn: async (body: object) => (await apiPatch<{ offer: Offer; changed: string[] }>(`/api/v1/offers/${offer.id}`, body)).body,
    onSettled: () => onChanged(),
  });
  const shown = (field: string, v: string) => (field === 'response' ? t(`cases.offerResponse.${v}`) : formatDateTime(v));

  function start() {
    setResponse(offer.response);
    setRespondedAt(offer.respondedAt ? toZonedInput(new Date(offer.respondedAt)) : '');
    form.clear();
    setSaved(false);
    setOpen(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (correct.isPending) return;
    const at = fromZonedInput(respondedAt);
    const problems = [
      (!at || Date.parse(at) > Date.now() || Date.parse(at) < Date.parse(offer.offeredAt)) && fields.respondedAt!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    const sameTime = offer.respondedAt !== null && Math.floor(Date.parse(offer.respondedAt) / 60_000) === Math.floor(Date.parse(at!) / 60_000);
    const body = {
      version: offer.version,
      ...(response !== offer.response ? { response } : {}),
      ...(!sameTime ? { respondedAt: at } : {}),
    };
    if (Object.keys(body).length === 1) {
      setOpen(false);
      return;
    }
    try {
      await correct.mutateAsync(body);
      setSaved(true);
      setOpen(false);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <FieldHistoryTable id={`${id}-history`} level={4} heading={t('flowCorrections.offer.historyHeading')} changes={offer.corrections}
        fieldLabel={(f) => t(`flowCorrections.offer.fields.${f}`)} shown={shown} />
      <LiveRegion>{saved && <Alert variant="success">{t('flowCorrections.offer.saved')}</Alert>}</LiveRegion>
      {mayManage && offer.response !== 'pending' && (!open ? (
        <button type="button" className="button button-tertiary" aria-label={t('flowCorrections.offer.openLabel', { type })} onClick={start}>
          {t('flowCorrections.offer.open')}
        </button>
      ) : (
        <form noValidate onSubmit={submit} className="vink-form" aria-busy={correct.isPending} aria-labelledby={`${id}-heading`}>
          <h4 id={`${id}-heading`}>{t('flowCorrections.offer.heading', { type })}</h4>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
            {form.conflict && <Alert variant="warning">{t('flowCorrections.offer.conflict')}</Alert>}
          </LiveRegion>
          <SelectField id={`${id}-response`} label={t('flowCorrections.offer.response')} value={response} onChange={(e) => setResponse(e.target.value)}
            options={ANSWERS.map((a) => ({ value: a, label: t(`cases.offerResponse.${a}`) }))} error={form.errorFor(`${id}-response`)} />
          <TextField id={`${id}-at`} type="datetime-local" label={t('flowCorrections.offer.respondedAt')} value={respondedAt}
            onChange={(e) => setRespondedAt(e.currentTarget.value)} error={form.errorFor(`${id}-at`)} />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary">{t('flowCorrections.offer.submit')}</button>
            <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); }}>{t('flowCorrections.offer.cancel')}</button>
          </div>
        </form>
      ))}
    </>
  );
}
