import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDate, formatDateTime, parseDanishDate, toDanishInput, todayInDenmark } from '../../components/dates.ts';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import type { Call } from '../concerns/model.ts';

const CHANNELS = ['phone', 'email', 'secure_mail', 'letter', 'meeting'] as const;

/**
 * Where a call was referred when it is not forwarded into VINK (docs/domain.md, "The shared hotline"): the citizen's
 * municipality does not use VINK, so the call records the authority's name, the date and the channel, and nothing is
 * lost. An organisation, never a person.
 */
export function ReferralPage({ params }: PageProps) {
  const { t } = useTranslation();
  const id = params.id!;
  const call = useResource<Call>(pathTo('/api/v1/calls/:id', { id }));
  const [name, setName] = useState('');
  const [on, setOn] = useState(() => toDanishInput(todayInDenmark()));
  const [channel, setChannel] = useState<string>('phone');
  const [saved, setSaved] = useState<Call | null>(null);
  const form = useFormErrors();
  const send = useMutation({ mutationFn: async (body: object) => (await apiPost<Call>(pathTo('/api/v1/calls/:id/referral', { id }), body)).body });
  const fields: FieldMap = {
    name: { target: 'referral-name', message: t('referral.errors.name') },
    on: { target: 'referral-on', message: t('referral.errors.on') },
    channel: { target: 'referral-channel', message: t('referral.errors.channel') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (send.isPending) return;
    const date = parseDanishDate(on);
    const problems = [!name.trim() && fields.name!, (!date || date > todayInDenmark()) && fields.on!].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      setSaved(await send.mutateAsync({ name: name.trim(), on: date, channel }));
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  const referral = saved?.referral ?? call.data?.referral ?? null;
  return (
    <>
      <PageHeading>{t('referral.heading')}</PageHeading>
      {call.data && <p>{t('referral.call', { at: formatDateTime(call.data.receivedAt), topic: call.data.topic })}</p>}
      <LiveRegion>
        {referral && (
          <Alert variant="success">
            {t('referral.recorded', { name: referral.name, on: formatDate(referral.on), channel: t(`referral.channels.${referral.channel}`) })}
          </Alert>
        )}
      </LiveRegion>
      {referral ? (
        <p><Link to="/opkald">{t('hotlineWeb.backToCalls')}</Link></p>
      ) : (
        <>
          <p>{t('referral.intro')}</p>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <form noValidate onSubmit={submit} className="vink-form" aria-busy={send.isPending} aria-label={t('referral.heading')}>
            <TextField id="referral-name" label={t('referral.name')} hint={t('referral.nameHint')} autoComplete="off" value={name}
              onChange={(e) => setName(e.target.value)} error={form.errorFor('referral-name')} />
            <TextField id="referral-on" label={t('referral.on')} hint={t('intake.birthDateHint')} autoComplete="off" inputClassName="input-width-s"
              value={on} onChange={(e) => setOn(e.target.value)} error={form.errorFor('referral-on')} />
            <SelectField id="referral-channel" label={t('referral.channel')} value={channel} onChange={(e) => setChannel(e.target.value)}
              error={form.errorFor('referral-channel')} options={CHANNELS.map((c) => ({ value: c, label: t(`referral.channels.${c}`) }))} />
            <button type="submit" className="button button-primary">{t('referral.submit')}</button>
          </form>
        </>
      )}
    </>
  );
}
