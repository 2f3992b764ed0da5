import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import type { KnownPersonAnswer, KnownPersonSettings } from '../../../shared/known-persons.ts';

/**
 * "Is this person already known?" at intake (docs/domain.md, "Already known elsewhere"): with the CPR number searched
 * for, the user may ask whether another unit has an open case or concern about the person. The answer names the unit
 * and whom to contact there, nothing else. The CPR number goes in the body of a POST; the answer lives in this
 * component's state only, never in the query cache or the browser's storage.
 */
export function KnownElsewhere({ cpr }: { cpr: string }) {
  const { t } = useTranslation();
  const settings = useResource<KnownPersonSettings>('/api/v1/known-persons/settings');
  const [purpose, setPurpose] = useState<string>(() => t('knownPersons.defaultPurpose'));
  const [answer, setAnswer] = useState<KnownPersonAnswer | null>(null);
  const [purposeError, setPurposeError] = useState<string | null>(null);
  const ask = useMutation({ mutationFn: async (body: object) => (await apiPost<KnownPersonAnswer>('/api/v1/known-persons/questions', body)).body });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (ask.isPending) return;
    setAnswer(null);
    if (purpose.trim().length < 3) {
      setPurposeError(t('knownPersons.errors.purpose'));
      document.getElementById('known-purpose')?.focus();
      return;
    }
    setPurposeError(null);
    try {
      setAnswer(await ask.mutateAsync({ cpr, purpose: purpose.trim() }));
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldError('purpose')) setPurposeError(t('knownPersons.errors.purpose'));
    }
  }

  const refused = ask.error instanceof ApiError && ask.error.status === 403;
  return (
    <section aria-labelledby="known-heading" className="vink-subgroup">
      <h3 id="known-heading">{t('knownPersons.heading')}</h3>
      {settings.data && !settings.data.enabled ? (
        <p>{t('knownPersons.switchedOff')}</p>
      ) : (
        <>
          <p>{t('knownPersons.intro')}</p>
          <form noValidate onSubmit={submit} aria-busy={ask.isPending} aria-labelledby="known-heading">
            <TextField id="known-purpose" label={t('knownPersons.purpose')} hint={t('knownPersons.purposeHint')} autoComplete="off"
              value={purpose} onChange={(e) => setPurpose(e.target.value)} error={purposeError} />
            <button type="submit" className="button button-secondary">{t('knownPersons.ask')}</button>
          </form>
        </>
      )}
      <LiveRegion>
        {answer && answer.knownIn.length === 0 && <Alert variant="info">{t('knownPersons.notKnown')}</Alert>}
        {answer && answer.knownIn.map((u) => (
          <Alert key={u.unitId} variant="warning">
            {t('knownPersons.knownIn', { unit: u.unitName })}{' '}
            {u.coordinators ? t('knownPersons.coordinators', { names: u.coordinators }) : ''}{' '}
            {u.contact ? t('knownPersons.contact', { contact: u.contact }) : ''}
          </Alert>
        ))}
      </LiveRegion>
      <LiveRegion assertive>
        {ask.error && !purposeError && <Alert variant="error">{refused ? t('knownPersons.switchedOff') : t(generalErrorKey(ask.error))}</Alert>}
      </LiveRegion>
    </section>
  );
}
