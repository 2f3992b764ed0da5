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
import { formatDate } from '../../components/dates.ts';
import type { Transition as TransitionSchema } from '../../../shared/environments.ts';

export type Transition = z.infer<typeof TransitionSchema>;

const KINDS = ['custody_release', 'prison_release'] as const;

/** The path of a case's release dates (the case page seeds it from its one request). */
export const transitionsPath = (caseId: string) => `/api/v1/cases/${caseId}/transitions`;

/**
 * Release dates of the case's person from custody or prison (docs/domain.md, "Transitions"): each gives the case owner
 * a task some days before the date. Shown with support_plan.read; the form with support_plan.manage.
 */
export function TransitionsSection({ caseId, seed, mayRecord }: { caseId: string; seed: Transition[]; mayRecord: boolean }) {
  const { t } = useTranslation();
  const path = transitionsPath(caseId);
  const transitions = useResource<Transition[]>(path, seed);
  const list = transitions.data ?? seed;
  return (
    <section aria-labelledby="transitions-heading" className="vink-case-section">
      <h2 id="transitions-heading">{t('psychiatryWeb.transitions.heading')}</h2>
      <p>{t('psychiatryWeb.transitions.intro')}</p>
      {list.length === 0 ? <p>{t('psychiatryWeb.transitions.none')}</p> : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('psychiatryWeb.transitions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('psychiatryWeb.transitions.dueOn')}</th>
                <th scope="col">{t('psychiatryWeb.transitions.kind')}</th>
                <th scope="col">{t('psychiatryWeb.transitions.notice')}</th>
                <th scope="col">{t('psychiatryWeb.transitions.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <td>{formatDate(x.dueOn)}</td>
                  <td>{t(`psychiatryWeb.transitions.kinds.${x.kind}`)}</td>
                  <td>{t('psychiatryWeb.transitions.days', { count: x.noticeDays })}</td>
                  <td>{t(`psychiatryWeb.transitions.statuses.${x.status}`)}</td>
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
  const [kind, setKind] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [notice, setNotice] = useState('30');
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
    kind: { target: 'transition-kind-custody_release', message: t('psychiatryWeb.transitions.kindRequired') },
    dueOn: { target: 'transition-date', message: t('psychiatryWeb.transitions.dueOnInvalid') },
    noticeDays: { target: 'transition-notice', message: t('psychiatryWeb.transitions.noticeInvalid') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const days = Number(notice);
    const missing = [
      !kind && fields.kind,
      !/^\d{4}-\d{2}-\d{2}$/.test(dueOn) && fields.dueOn,
      (!/^\d+$/.test(notice.trim()) || days < 1 || days > 180) && fields.noticeDays,
    ].filter((x): x is { target: string; message: string } => Boolean(x));
    if (!form.check(missing)) return;
    try {
      await record.mutateAsync({ kind, dueOn, noticeDays: days });
      setOpen(false);
      setSaved(true);
      setKind(''); setDueOn(''); setNotice('30');
      setFocusTo('button');
      await refresh(path);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <LiveRegion>{saved && !open && <Alert variant="success">{t('psychiatryWeb.transitions.saved')}</Alert>}</LiveRegion>
      {!open ? (
        <button ref={openButton} type="button" className="button button-secondary" onClick={() => { setOpen(true); setSaved(false); setFocusTo('form'); }}>
          {t('psychiatryWeb.transitions.record')}
        </button>
      ) : (
        <form className="vink-form" noValidate onSubmit={submit} aria-labelledby="transition-form-heading">
          <h3 id="transition-form-heading" ref={heading} tabIndex={-1} className="vink-focus-heading">{t('psychiatryWeb.transitions.record')}</h3>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <RadioGroup id="transition-kind" name="transition-kind" legend={t('psychiatryWeb.transitions.kindLabel')} value={kind} onChange={setKind}
            error={form.errorFor('transition-kind-custody_release')}
            options={KINDS.map((k) => ({ value: k, label: t(`psychiatryWeb.transitions.kinds.${k}`) }))} />
          <TextField id="transition-date" type="date" inputClassName="input-width-s" label={t('psychiatryWeb.transitions.dueOnLabel')} value={dueOn}
            onChange={(e) => setDueOn(e.target.value)} error={form.errorFor('transition-date') ?? null} />
          <TextField id="transition-notice" inputMode="numeric" inputClassName="input-width-xs" label={t('psychiatryWeb.transitions.noticeLabel')}
            hint={t('psychiatryWeb.transitions.noticeHint')} value={notice}
            onChange={(e) => setNotice(e.target.value)} error={form.errorFor('transition-notice') ?? null} />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={record.isPending}>{t('psychiatryWeb.transitions.save')}</button>
            <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); setFocusTo('button'); }}>{t('cases.cancel')}</button>
          </div>
        </form>
      )}
    </>
  );
}
