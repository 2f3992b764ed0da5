import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { DirectoryPicker, type DirectoryEntry } from '../../components/DirectoryPicker.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { LegalBasis as LegalBases } from '../../../shared/contracts.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import type { CaseDetail, Disclosure, LegalBasis, MemberRelation } from './types.ts';
import { ConsentPicker } from '../watch/ConsentPicker.tsx';

/** Who can be added by hand; the owner is set on the case and mentors join when their course starts. */
const MEMBER_ROLES = ['adviser', 'coordinator', 'police_liaison', 'partner'] as const;
const ADDABLE_RELATIONS: readonly MemberRelation[] = ['adviser', 'police', 'partner', 'resource_person', 'ssp'];
/** The relation that fits a colleague's role. */
const RELATION_OF: Record<string, MemberRelation> = { adviser: 'adviser', coordinator: 'adviser', police_liaison: 'police', partner: 'partner', mentor: 'mentor' };

/** Who is on the case and on what legal basis, and the log of disclosures to partners outside the unit. */
export function MembersSection({
  detail, disclosures, nameOf,
}: { detail: CaseDetail; disclosures: Disclosure[] | undefined; nameOf(id: string): string }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayDisclose = canOnCase(user, 'case.disclose', detail);
  const mayAddMember = canOnCase(user, 'case.members.manage', detail) && detail.status !== 'closed';
  const [added, setAdded] = useState<string | null>(null);
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
      <LiveRegion>{added && <Alert variant="success">{added}</Alert>}</LiveRegion>
      {mayAddMember && (
        <MemberForm
          caseId={detail.id}
          exclude={[...detail.members.map((m) => m.id), ...(detail.ownerId ? [detail.ownerId] : [])]}
          onDone={(name) => {
            setAdded(t('cases.members.added', { name }));
          }}
          onStart={() => setAdded(null)}
        />
      )}
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
          {mayDisclose && detail.status !== 'closed' && <DisclosureForm caseId={detail.id} />}
        </>
      )}
    </section>
  );
}

function DisclosureForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [organisation, setOrganisation] = useState('');
  const [basis, setBasis] = useState<LegalBasis | ''>('');
  const [basisText, setBasisText] = useState('');
  const [summary, setSummary] = useState('');
  const [consentId, setConsentId] = useState('');
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  const disclose = useMutation({
    mutationFn: (body: object) => apiPost(casePaths(caseId).disclosures, body),
    onSuccess: () => changes.disclosuresChanged(),
  });
  const fields = {
    partnerOrganisation: { target: 'disclosure-org', message: t('cases.disclosures.errors.organisation') },
    legalBasis: { target: 'disclosure-basis', message: t('cases.disclosures.errors.basis') },
    legalBasisText: { target: 'disclosure-basis-text', message: t('cases.disclosures.errors.basisText') },
    consentId: { target: 'disclosure-consent', message: t('consents.errors.consentId') },
    contentSummary: { target: 'disclosure-summary', message: t('cases.disclosures.errors.summary') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = [];
    if (!organisation.trim()) found.push(fields.partnerOrganisation);
    if (!basis) found.push(fields.legalBasis);
    if (basis === 'other' && !basisText.trim()) found.push(fields.legalBasisText);
    if (basis === 'consent' && !consentId) found.push(fields.consentId);
    if (!summary.trim()) found.push(fields.contentSummary);
    if (!form.check(found)) return;
    try {
      await disclose.mutateAsync({
        partnerOrganisation: organisation.trim(), legalBasis: basis, contentSummary: summary.trim(),
        ...(basisText.trim() ? { legalBasisText: basisText.trim() } : {}),
        ...(basis === 'consent' ? { consentId } : {}),
      });
      setOpen(false);
      setConsentId('');
      setOrganisation('');
      setBasis('');
      setBasisText('');
      setSummary('');
    } catch (error) {
      form.fromError(error, fields, t);
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
        options={[{ value: '', label: t('cases.choose') }, ...LegalBases.options.map((b) => ({ value: b, label: t(`cases.legalBasis.${b}`) }))]}
      />
      {basis === 'other' && (
        <TextField id="disclosure-basis-text" label={t('cases.disclosures.basisText')} value={basisText} maxLength={500} onChange={(e) => setBasisText(e.target.value)} error={form.errorFor('disclosure-basis-text') ?? null} />
      )}
      {basis === 'consent' && <ConsentPicker id="disclosure-consent" caseId={caseId} value={consentId} onChange={setConsentId} error={form.errorFor('disclosure-consent')} />}
      <TextArea id="disclosure-summary" label={t('cases.disclosures.summary')} hint={t('cases.disclosures.summaryHint')} value={summary} maxLength={1000} onChange={(e) => setSummary(e.target.value)} error={form.errorFor('disclosure-summary')} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={disclose.isPending}>
          {t('cases.disclosures.submit')}
        </button>
        <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}

function MemberForm({ caseId, exclude, onDone, onStart }: { caseId: string; exclude: string[]; onDone(name: string): void; onStart(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [picked, setPicked] = useState<DirectoryEntry | undefined>(undefined);
  const [relation, setRelation] = useState<MemberRelation | ''>('');
  const [basis, setBasis] = useState<LegalBasis | ''>('');
  const [basisText, setBasisText] = useState('');
  const [consentId, setConsentId] = useState('');
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  const addMember = useMutation({
    mutationFn: (body: object) => apiPost(`${casePaths(caseId).detail}/members`, body),
    onSuccess: () => changes.membersChanged(),
  });
  const fields = {
    userId: { target: 'member-user', message: t('cases.members.errors.user') },
    relation: { target: 'member-relation', message: t('cases.members.errors.relation') },
    legalBasis: { target: 'member-basis', message: t('cases.members.errors.basis') },
    legalBasisText: { target: 'member-basis-text', message: t('cases.disclosures.errors.basisText') },
    consentId: { target: 'member-consent', message: t('consents.errors.consentId') },
  };
  const discloses = relation === 'police' || relation === 'partner' || relation === 'resource_person' || relation === 'ssp';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (addMember.isPending) return;
    const found = [];
    if (!/^[0-9a-f-]{36}$/i.test(userId)) found.push(fields.userId);
    if (!relation) found.push(fields.relation);
    if (discloses && !basis) found.push(fields.legalBasis);
    if (discloses && basis === 'other' && !basisText.trim()) found.push(fields.legalBasisText);
    if (discloses && basis === 'consent' && !consentId) found.push(fields.consentId);
    if (!form.check(found)) return;
    try {
      await addMember.mutateAsync({
        userId, relation,
        ...(discloses ? { legalBasis: basis } : {}),
        ...(discloses && basis === 'other' ? { legalBasisText: basisText.trim() } : {}),
        ...(discloses && basis === 'consent' ? { consentId } : {}),
      });
      const name = picked?.displayName ?? t('cases.someoneElse');
      setOpen(false);
      setUserId('');
      setPicked(undefined);
      setRelation('');
      setBasis('');
      setBasisText('');
      onDone(name);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => { onStart(); setOpen(true); }}>
        {t('cases.members.add')}
      </button>
    );
  }
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-busy={addMember.isPending} aria-labelledby="member-form-heading">
      <h3 id="member-form-heading">{t('cases.members.add')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <DirectoryPicker
        id="member-user"
        label={t('cases.members.pick')}
        hint={t('cases.members.pickHint')}
        roles={MEMBER_ROLES}
        exclude={exclude}
        value={userId}
        error={form.errorFor('member-user')}
        onChange={(id, entry) => {
          setUserId(id);
          setPicked(entry);
          if (entry) setRelation(RELATION_OF[entry.role] ?? '');
        }}
      />
      <SelectField
        id="member-relation"
        label={t('cases.members.relation')}
        value={relation}
        error={form.errorFor('member-relation')}
        onChange={(e) => setRelation(e.target.value as MemberRelation | '')}
        options={[{ value: '', label: t('cases.choose') }, ...ADDABLE_RELATIONS.map((r) => ({ value: r, label: t(`cases.relation.${r}`) }))]}
      />
      {discloses && (
        <>
          <SelectField
            id="member-basis"
            label={t('cases.members.basis')}
            hint={t('cases.members.basisHint')}
            value={basis}
            error={form.errorFor('member-basis')}
            onChange={(e) => setBasis(e.target.value as LegalBasis | '')}
            options={[{ value: '', label: t('cases.choose') }, ...LegalBases.options.map((b) => ({ value: b, label: t(`cases.legalBasis.${b}`) }))]}
          />
          {basis === 'other' && (
            <TextField id="member-basis-text" label={t('cases.disclosures.basisText')} value={basisText} maxLength={500}
              onChange={(e) => setBasisText(e.target.value)} error={form.errorFor('member-basis-text') ?? null} />
          )}
          {basis === 'consent' && <ConsentPicker id="member-consent" caseId={caseId} value={consentId} onChange={setConsentId} error={form.errorFor('member-consent')} />}
        </>
      )}
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={addMember.isPending}>
          {t('cases.members.addSubmit')}
        </button>
        <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}
