import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Consent } from '../../../shared/watch.ts';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { formatDate, formatDateTime } from '../../components/dates.ts';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });

/**
 * The case's consents (docs/domain.md, "Consent"): what was consented to, by whom, when, scope and expiry, and
 * withdrawal; a withdrawn consent with disclosures on it asks for their review. Shown to roles with consent.read.
 */
export function ConsentsSection({ caseId, seed }: { caseId: string; seed?: Consent[] | null }) {
  const { t } = useTranslation();
  const user = useUser();
  const path = `/api/v1/cases/${caseId}/consents`;
  const list = useResource<Consent[]>(path, seed);
  const mayManage = can(user, 'consent.manage');
  if (list.error || !list.data) return null;
  return (
    <section aria-labelledby="consents-heading" className="vink-case-section">
      <h2 id="consents-heading">{t('consents.heading')}</h2>
      {list.data.length === 0 ? <p>{t('consents.none')}</p> : (
        <ul className="nobullet-list vink-cards">
          {list.data.map((c) => (
            <li key={c.id} className="vink-card">
              <h3 className="h4">{c.consentedTo}</h3>
              <p>{t('consents.scopeLine', { scope: c.scope })}</p>
              <p>
                {c.givenBy === 'guardian' ? t('consents.byGuardian', { name: c.guardianName }) : t('consents.byPerson')}, {formatDate(c.givenAt)}
                {c.expiresOn && ` · ${t('consents.expires', { date: formatDate(c.expiresOn) })}`}
              </p>
              <p>
                <strong>{c.valid ? t('consents.valid') : c.withdrawnAt ? t('consents.withdrawn', { date: formatDateTime(c.withdrawnAt) }) : t('consents.notValid')}</strong>
                {' · '}{t('consents.disclosures', { count: c.disclosures })}
              </p>
              {c.disclosuresReviewedAt && <p>{t('consents.reviewed', { date: formatDateTime(c.disclosuresReviewedAt) })}: {c.reviewNote}</p>}
              {mayManage && !c.withdrawnAt && <WithdrawForm consent={c} path={path} />}
              {mayManage && c.withdrawnAt && !c.disclosuresReviewedAt && c.disclosures > 0 && <ReviewForm consent={c} path={path} />}
            </li>
          ))}
        </ul>
      )}
      {mayManage && <AddConsentForm caseId={caseId} path={path} />}
    </section>
  );
}

function AddConsentForm({ caseId, path }: { caseId: string; path: string }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const form = useFormErrors();
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({ consentedTo: '', scope: '', givenBy: 'person', guardianName: '', givenOn: today(), expiresOn: '' });
  const [saved, setSaved] = useState(false);
  const id = `consent-${caseId}`;
  const fields: FieldMap = {
    consentedTo: { target: `${id}-what`, message: t('consents.errors.consentedTo') },
    scope: { target: `${id}-scope`, message: t('consents.errors.scope') },
    guardianName: { target: `${id}-guardian`, message: t('consents.errors.guardianName') },
    givenAt: { target: `${id}-given`, message: t('consents.errors.givenAt') },
    expiresOn: { target: `${id}-expires`, message: t('consents.errors.expiresOn') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const problems = [
      !v.consentedTo.trim() && fields.consentedTo!,
      !v.scope.trim() && fields.scope!,
      v.givenBy === 'guardian' && !v.guardianName.trim() && fields.guardianName!,
      !/^\d{4}-\d{2}-\d{2}$/.test(v.givenOn) && fields.givenAt!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    // Given today: now; an earlier day: that day at noon (Danish time is close enough for a date the user states).
    const givenAt = v.givenOn === today() ? new Date().toISOString() : new Date(`${v.givenOn}T12:00:00`).toISOString();
    try {
      await apiPost(path, {
        consentedTo: v.consentedTo.trim(), scope: v.scope.trim(), givenBy: v.givenBy, givenAt,
        ...(v.givenBy === 'guardian' ? { guardianName: v.guardianName.trim() } : {}),
        ...(v.expiresOn ? { expiresOn: v.expiresOn } : {}),
      });
      setV({ consentedTo: '', scope: '', givenBy: 'person', guardianName: '', givenOn: today(), expiresOn: '' });
      setSaved(true);
      setOpen(false);
      await refresh(path);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <LiveRegion>{saved && <Alert variant="success">{t('consents.saved')}</Alert>}</LiveRegion>
      {!open ? (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>{t('consents.add')}</button>
      ) : (
        <form noValidate onSubmit={submit} className="vink-form" aria-label={t('consents.add')}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <TextArea id={`${id}-what`} label={t('consents.consentedTo')} rows={2} maxLength={500} value={v.consentedTo}
            onChange={(e) => setV({ ...v, consentedTo: e.target.value })} error={form.errorFor(`${id}-what`)} />
          <TextField id={`${id}-scope`} label={t('consents.scope')} hint={t('consents.scopeHint')} maxLength={500} value={v.scope}
            onChange={(e) => setV({ ...v, scope: e.target.value })} error={form.errorFor(`${id}-scope`)} />
          <RadioGroup id={`${id}-by`} name={`${id}-by`} legend={t('consents.givenBy')} value={v.givenBy} onChange={(givenBy) => setV({ ...v, givenBy })}
            options={[{ value: 'person', label: t('consents.person') }, { value: 'guardian', label: t('consents.guardian') }]} />
          {v.givenBy === 'guardian' && (
            <TextField id={`${id}-guardian`} label={t('consents.guardianName')} maxLength={200} autoComplete="off" value={v.guardianName}
              onChange={(e) => setV({ ...v, guardianName: e.target.value })} error={form.errorFor(`${id}-guardian`)} />
          )}
          <TextField id={`${id}-given`} type="date" label={t('consents.givenOn')} value={v.givenOn}
            onChange={(e) => setV({ ...v, givenOn: e.target.value })} error={form.errorFor(`${id}-given`)} />
          <TextField id={`${id}-expires`} type="date" label={t('consents.expiresOn')} hint={t('consents.expiresHint')} value={v.expiresOn}
            onChange={(e) => setV({ ...v, expiresOn: e.target.value })} error={form.errorFor(`${id}-expires`)} />
          <button type="submit" className="button button-primary">{t('consents.save')}</button>
        </form>
      )}
    </>
  );
}

function WithdrawForm({ consent, path }: { consent: Consent; path: string }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const form = useFormErrors();
  const [note, setNote] = useState('');
  const id = `withdraw-${consent.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await apiPost(`/api/v1/consents/${consent.id}/withdraw`, { version: consent.version, ...(note.trim() ? { note: note.trim() } : {}) });
      await refresh(path, '/api/v1/tasks/mine');
    } catch (error) {
      form.fromError(error, {}, t);
    }
  }
  return (
    <form noValidate onSubmit={submit} aria-label={t('consents.withdraw')}>
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="error">{t('consents.errors.stale')}</Alert>}
      </LiveRegion>
      <TextField id={`${id}-note`} label={t('consents.withdrawalNote')} hint={t('consents.optional')} maxLength={1000} value={note}
        onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="button button-secondary">{t('consents.withdraw')}</button>
    </form>
  );
}

function ReviewForm({ consent, path }: { consent: Consent; path: string }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const form = useFormErrors();
  const [note, setNote] = useState('');
  const id = `review-${consent.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check(note.trim() ? [] : [{ target: `${id}-note`, message: t('consents.errors.reviewNote') }])) return;
    try {
      await apiPost(`/api/v1/consents/${consent.id}/review`, { version: consent.version, note: note.trim() });
      await refresh(path, '/api/v1/tasks/mine');
    } catch (error) {
      form.fromError(error, {}, t);
    }
  }
  return (
    <form noValidate onSubmit={submit} aria-label={t('consents.review')}>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="error">{t('consents.errors.stale')}</Alert>}
      </LiveRegion>
      <TextArea id={`${id}-note`} label={t('consents.reviewNote')} hint={t('consents.reviewHint')} rows={2} maxLength={1000} value={note}
        onChange={(e) => setNote(e.target.value)} error={form.errorFor(`${id}-note`)} />
      <button type="submit" className="button button-primary">{t('consents.review')}</button>
    </form>
  );
}
