import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPatch } from '../../api/client.ts';
import { useRefresh } from '../../api/queries.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary } from '../../components/forms.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import type { PersonOverview } from '../../../shared/overview.ts';

/**
 * Correcting a person from the overview (docs/domain.md, "Corrections"): fix the name, add a CPR number later (only
 * while there is none; it gives the birth date), at the version read (409 when someone else changed it first). The
 * history below shows who changed what, old -> new, with the CPR number masked. Opened by a button.
 */
export function PersonCorrection({ person, overviewPath }: { person: PersonOverview['person']; overviewPath: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const refresh = useRefresh();
  const form = useFormErrors();
  const [open, setOpen] = useState(false);
  const [fullName, setFullName] = useState(person.fullName);
  const [cpr, setCpr] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields: FieldMap = {
    fullName: { target: 'person-fix-name', message: t('personFix.errors.fullName') },
    cpr: { target: 'person-fix-cpr', message: t('personFix.errors.cpr') },
    birthDate: { target: 'person-fix-cpr', message: t('personFix.errors.cpr') },
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSaved(false);
    const body: Record<string, unknown> = { version: person.version };
    if (fullName.trim() !== person.fullName) body.fullName = fullName.trim();
    if (cpr.trim()) body.cpr = cpr.trim();
    if (Object.keys(body).length === 1) {
      form.check([{ target: 'person-fix-name', message: t('personFix.unchanged') }]);
      return;
    }
    form.check([]);
    setBusy(true);
    try {
      await apiPatch(`/api/v1/persons/${person.id}`, body);
      setSaved(true);
      setCpr('');
      await refresh(overviewPath);
    } catch (error) {
      form.fromError(error, fields, t);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="person-fix-heading">
      <h2 id="person-fix-heading">{t('personFix.heading')}</h2>
      {can(user, 'person.update') && (
        <button type="button" className="button button-secondary" aria-expanded={open} aria-controls="person-fix-form" onClick={() => setOpen(!open)}>
          {t('personFix.open')}
        </button>
      )}
      <LiveRegion>{saved && <Alert variant="success">{t('personFix.saved')}</Alert>}</LiveRegion>
      {open && (
        <div id="person-fix-form">
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
            {form.conflict && <Alert variant="warning">{t('personFix.conflict')}</Alert>}
          </LiveRegion>
          <form noValidate onSubmit={(e) => void submit(e)} className="vink-form" aria-busy={busy}>
            <TextField id="person-fix-name" label={t('personFix.fullName')} value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} maxLength={200} autoComplete="off" error={form.errorFor('person-fix-name')} />
            {!person.cprMasked && (
              <TextField id="person-fix-cpr" label={t('personFix.cpr')} hint={t('personFix.cprHint')} value={cpr} onChange={(e) => setCpr(e.currentTarget.value)} inputMode="numeric" autoComplete="off" error={form.errorFor('person-fix-cpr')} />
            )}
            <button type="submit" className="button button-primary">{t('personFix.save')}</button>
          </form>
        </div>
      )}
      <h3>{t('personFix.history')}</h3>
      {person.corrections.length === 0 ? <p>{t('personFix.noHistory')}</p> : (
        <table className="table table--compact">
          <caption className="sr-only">{t('personFix.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('personFix.when')}</th>
              <th scope="col">{t('personFix.who')}</th>
              <th scope="col">{t('personFix.field')}</th>
              <th scope="col">{t('personFix.change')}</th>
            </tr>
          </thead>
          <tbody>
            {person.corrections.map((c) => (
              <tr key={`${c.version}-${c.field}`}>
                <td>{formatDateTime(c.changedAt)}</td>
                <td>{c.changedBy.displayName}</td>
                <td>{t(`personFix.fields.${c.field}`, { defaultValue: c.field })}</td>
                <td>{c.oldValue ?? t('personFix.empty')} → {c.newValue ?? t('personFix.empty')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
