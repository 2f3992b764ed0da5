import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDateTime } from './format.ts';
import { LEGAL_BASES, type CaseDetail, type Disclosure, type LegalBasis } from './types.ts';

/** Who is on the case and on what legal basis, and the log of disclosures to partners outside the unit. */
export function MembersSection({
  detail, disclosures, nameOf, onDisclosed,
}: { detail: CaseDetail; disclosures: Disclosure[] | undefined; nameOf(id: string): string; onDisclosed(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayDisclose = user.role === 'coordinator' || (user.role === 'adviser' && detail.ownerId === user.id);
  return (
    <section aria-labelledby="members-heading" className="vink-case-section">
      <h2 id="members-heading">{t('cases.members.heading')}</h2>
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption className="sr-only">{t('cases.members.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.members.name')}</th>
              <th scope="col">{t('cases.members.relation')}</th>
              <th scope="col">{t('cases.members.legalBasis')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.members.map((m) => (
              <tr key={`${m.id}-${m.relation}`}>
                <td>{m.displayName}</td>
                <td>{t(`cases.relation.${m.relation}`)}</td>
                <td>{m.legalBasis ? t(`cases.legalBasis.${m.legalBasis}`) : t('cases.members.ownUnit')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {disclosures && (
        <>
          <h3>{t('cases.disclosures.heading')}</h3>
          {disclosures.length === 0 ? (
            <p>{t('cases.disclosures.none')}</p>
          ) : (
            <ul className="nobullet-list vink-notes">
              {disclosures.map((d) => (
                <li key={d.id} className="vink-note">
                  <p className="vink-note-meta">
                    {formatDateTime(d.disclosedAt)} · {nameOf(d.disclosedBy)} → {d.partnerOrganisation} · {t(`cases.legalBasis.${d.legalBasis}`)}
                    {d.legalBasisText ? ` (${d.legalBasisText})` : ''}
                  </p>
                  <p className="vink-note-body">{d.contentSummary}</p>
                </li>
              ))}
            </ul>
          )}
          {mayDisclose && detail.status !== 'closed' && <DisclosureForm caseId={detail.id} onDone={onDisclosed} />}
        </>
      )}
    </section>
  );
}

function DisclosureForm({ caseId, onDone }: { caseId: string; onDone(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [organisation, setOrganisation] = useState('');
  const [basis, setBasis] = useState<LegalBasis | ''>('');
  const [basisText, setBasisText] = useState('');
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();
  const fields = {
    partnerOrganisation: { target: 'disclosure-org', message: t('cases.disclosures.errors.organisation') },
    legalBasis: { target: 'disclosure-basis', message: t('cases.disclosures.errors.basis') },
    legalBasisText: { target: 'disclosure-basis-text', message: t('cases.disclosures.errors.basisText') },
    contentSummary: { target: 'disclosure-summary', message: t('cases.disclosures.errors.summary') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = [];
    if (!organisation.trim()) found.push(fields.partnerOrganisation);
    if (!basis) found.push(fields.legalBasis);
    if (basis === 'other' && !basisText.trim()) found.push(fields.legalBasisText);
    if (!summary.trim()) found.push(fields.contentSummary);
    if (!form.check(found)) return;
    setBusy(true);
    try {
      await apiPost(`/api/v1/cases/${caseId}/disclosures`, {
        partnerOrganisation: organisation.trim(), legalBasis: basis, contentSummary: summary.trim(),
        ...(basisText.trim() ? { legalBasisText: basisText.trim() } : {}),
      });
      setOpen(false);
      setOrganisation('');
      setBasis('');
      setBasisText('');
      setSummary('');
      onDone();
    } catch (error) {
      form.fromError(error, fields, t);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {t('cases.disclosures.new')}
      </button>
    );
  }
  return (
    <form className="vink-form" noValidate onSubmit={submit}>
      <h3>{t('cases.disclosures.new')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <TextField id="disclosure-org" label={t('cases.disclosures.organisation')} value={organisation} maxLength={200} onChange={(e) => setOrganisation(e.target.value)} error={form.errorFor('disclosure-org') ?? null} />
      <SelectField
        id="disclosure-basis"
        label={t('cases.disclosures.basis')}
        value={basis}
        onChange={(e) => setBasis(e.target.value as LegalBasis | '')}
        error={form.errorFor('disclosure-basis')}
        options={[{ value: '', label: t('cases.choose') }, ...LEGAL_BASES.map((b) => ({ value: b, label: t(`cases.legalBasis.${b}`) }))]}
      />
      {basis === 'other' && (
        <TextField id="disclosure-basis-text" label={t('cases.disclosures.basisText')} value={basisText} maxLength={500} onChange={(e) => setBasisText(e.target.value)} error={form.errorFor('disclosure-basis-text') ?? null} />
      )}
      <TextArea id="disclosure-summary" label={t('cases.disclosures.summary')} hint={t('cases.disclosures.summaryHint')} value={summary} maxLength={1000} onChange={(e) => setSummary(e.target.value)} error={form.errorFor('disclosure-summary')} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('cases.disclosures.submit')}
        </button>
        <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}
