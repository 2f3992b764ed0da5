import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WatchFlag } from '../../../shared/watch.ts';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup } from '../../components/forms.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';

const FLAGS = '/api/v1/snooping/watch-flags';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The persons whose look-ups the DPO watches (a member of staff, or flagged for another reason), by the person's id
 * as the access log shows it: the DPO reads no person record. Flags are lifted, never deleted.
 */
export function WatchFlagsSection() {
  const { t } = useTranslation();
  const flags = useResource<WatchFlag[]>(FLAGS);
  const refresh = useRefresh();
  const form = useFormErrors();
  const [v, setV] = useState({ personId: '', kind: 'staff', reason: '' });
  const fields: FieldMap = {
    personId: { target: 'flag-person', message: t('snooping.flags.errors.personId') },
    reason: { target: 'flag-reason', message: t('snooping.flags.errors.reason') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = [!UUID.test(v.personId.trim()) && fields.personId!, !v.reason.trim() && fields.reason!].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await apiPost(FLAGS, { personId: v.personId.trim(), kind: v.kind, reason: v.reason.trim() });
      setV({ personId: '', kind: 'staff', reason: '' });
      await refresh(FLAGS);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  async function lift(f: WatchFlag) {
    try {
      await apiPost(`${FLAGS}/${f.id}/lift`, { version: f.version });
    } finally {
      await refresh(FLAGS);
    }
  }

  return (
    <section aria-labelledby="flags-heading">
      <h2 id="flags-heading">{t('snooping.flags.heading')}</h2>
      <p>{t('snooping.flags.intro')}</p>
      {flags.data && flags.data.length > 0 && (
        <ul>
          {flags.data.map((f) => (
            <li key={f.id}>
              <code className="vink-id">{f.personId}</code> – {t(`snooping.flags.kinds.${f.kind}`)}: {f.reason}
              {' '}({f.flaggedByName}, {formatDateTime(f.flaggedAt)})
              {f.liftedAt ? ` – ${t('snooping.flags.lifted', { date: formatDateTime(f.liftedAt) })}` : (
                <> <button type="button" className="button button-tertiary" onClick={() => void lift(f)}>{t('snooping.flags.lift')}</button></>
              )}
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={submit} className="vink-form" aria-label={t('snooping.flags.add')}>
        <ErrorSummary errors={form.errors} attempt={form.attempt} />
        <LiveRegion assertive>
          {form.formError && <Alert variant="error">{form.formError}</Alert>}
          {form.conflict && <Alert variant="error">{t('snooping.flags.errors.conflict')}</Alert>}
        </LiveRegion>
        <TextField id="flag-person" label={t('snooping.flags.personId')} hint={t('snooping.flags.personIdHint')} autoComplete="off" spellCheck={false}
          value={v.personId} onChange={(e) => setV({ ...v, personId: e.target.value })} error={form.errorFor('flag-person')} />
        <RadioGroup id="flag-kind" name="flag-kind" legend={t('snooping.flags.kind')} value={v.kind} onChange={(kind) => setV({ ...v, kind })}
          options={[{ value: 'staff', label: t('snooping.flags.kinds.staff') }, { value: 'flagged', label: t('snooping.flags.kinds.flagged') }]} />
        <TextField id="flag-reason" label={t('snooping.flags.reason')} maxLength={500} autoComplete="off"
          value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} error={form.errorFor('flag-reason')} />
        <button type="submit" className="button button-secondary">{t('snooping.flags.add')}</button>
      </form>
    </section>
  );
}
