import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import type { PsychiatryConsultation as ConsultationSchema } from '../../../shared/environments.ts';

export type PsychiatryConsultation = z.infer<typeof ConsultationSchema>;

const OUTCOMES = ['illness', 'radicalisation', 'both', 'unclear'] as const;

/** The path of a concern's or a case's consultations (the case page seeds the case's from its one request). */
export const psychiatryPath = (kind: 'concern' | 'case', id: string) => `/api/v1/${kind}s/${id}/psychiatry-consultations`;

/**
 * Consultations with regional psychiatry on a concern or a case (docs/domain.md, "The psychiatry pathway"): the date
 * and what was concluded (illness, radicalisation, both, unclear), and a form for the roles with psychiatry.manage.
 */
export function PsychiatrySection({ kind, id, seed, mayRecord }: {
  kind: 'concern' | 'case'; id: string; seed?: PsychiatryConsultation[] | undefined; mayRecord: boolean;
}) {
  const { t } = useTranslation();
  const path = psychiatryPath(kind, id);
  const consultations = useResource<PsychiatryConsultation[]>(path, seed);
  const list = consultations.data ?? seed;
  // A consultation list outside the user's reach shows nothing (the server answered 403/404).
  if (!list && consultations.error) return null;
  return (
    <section aria-labelledby="psychiatry-heading" className="vink-case-section">
      <h2 id="psychiatry-heading">{t('psychiatryWeb.heading')}</h2>
      <p>{t('psychiatryWeb.intro')}</p>
      {!list ? <p role="status">{t('app.loading')}</p> : list.length === 0 ? <p>{t('psychiatryWeb.none')}</p> : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('psychiatryWeb.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('psychiatryWeb.consultedOn')}</th>
                <th scope="col">{t('psychiatryWeb.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <td>{formatDate(x.consultedOn)}</td>
                  <td>{t(`psychiatryWeb.outcomes.${x.outcome}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayRecord && <RecordForm path={path} />}
    </section>
  );
}

function RecordForm({ path }: { path: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const [consultedOn, setConsultedOn] = useState(todayInDenmark());
  const [outcome, setOutcome] = useState('');
  const form = useFormErrors();
  const refresh = useRefresh();
  const openButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard users land in the form when it opens and back on its button when it closes.
  const [focusTo, setFocusTo] = useState<'form' | 'button' | null>(null);
  useEffect(() => {
    if (focusTo === 'form') heading.current?.focus();
    if (focusTo === 'button') openButton.current?.focus();
    setFocusTo(null);
  }, [focusTo]);
  const record = useMutation({ mutationFn: (body: object) => apiPost(path, body) });
  const fields = {
    consultedOn: { target: 'psychiatry-date', message: t('psychiatryWeb.consultedOnInvalid') },
    outcome: { target: 'psychiatry-outcome-illness', message: t('psychiatryWeb.outcomeRequired') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = [
      (!consultedOn || consultedOn > todayInDenmark()) && fields.consultedOn,
      !outcome && fields.outcome,
    ].filter((x): x is { target: string; message: string } => Boolean(x));
    if (!form.check(missing)) return;
    try {
      await record.mutateAsync({ consultedOn, outcome });
      setOpen(false);
      setSaved(true);
      setOutcome(''); setConsultedOn(todayInDenmark());
      setFocusTo('button');
      await refresh(path);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <LiveRegion>{saved && !open && <Alert variant="success">{t('psychiatryWeb.saved')}</Alert>}</LiveRegion>
      {!open ? (
        <button ref={openButton} type="button" className="button button-secondary" onClick={() => { setOpen(true); setSaved(false); setFocusTo('form'); }}>
          {t('psychiatryWeb.record')}
        </button>
      ) : (
        <form className="vink-form" noValidate onSubmit={submit} aria-labelledby="psychiatry-form-heading">
          <h3 id="psychiatry-form-heading" ref={heading} tabIndex={-1} className="vink-focus-heading">{t('psychiatryWeb.record')}</h3>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <TextField id="psychiatry-date" type="date" inputClassName="input-width-s" label={t('psychiatryWeb.consultedOnLabel')} max={todayInDenmark()} value={consultedOn}
            onChange={(e) => setConsultedOn(e.target.value)} error={form.errorFor('psychiatry-date') ?? null} />
          <RadioGroup id="psychiatry-outcome" name="psychiatry-outcome" legend={t('psychiatryWeb.outcomeLabel')} value={outcome} onChange={setOutcome}
            error={form.errorFor('psychiatry-outcome-illness')}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`psychiatryWeb.outcomes.${o}`) }))} />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={record.isPending}>{t('psychiatryWeb.save')}</button>
            <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); setFocusTo('button'); }}>{t('cases.cancel')}</button>
          </div>
        </form>
      )}
    </>
  );
}
