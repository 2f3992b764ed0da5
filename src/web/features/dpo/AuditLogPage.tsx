import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AuditRow as AuditRowSchema, AuditVerification } from '../../../shared/contracts.ts';
import type { PageProps } from '../../app/router.tsx';
import { apiGet, query } from '../../api/client.ts';
import { resourceKey, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary } from '../../components/forms.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { DirectoryPicker } from '../../components/DirectoryPicker.tsx';
import { ReligionOverrideFigure } from '../concerns/ReligionOverrideFigure.tsx';

type AuditRow = z.infer<typeof AuditRowSchema>;
type Verification = z.infer<typeof AuditVerification>;

const VERIFY = '/api/v1/audit/verify';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The DPO's view of the audit log: who looked at what, when and why, searched by person id and/or user (opaque ids
 * only, so they may travel in the query string). The user is picked from the staff directory (directory.read); the
 * picker falls back to typing the id if the directory cannot be read. "Verify chain" checks the hash chain end to end.
 */
export function AuditLogPage(_props: PageProps) {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState('');
  const [actorId, setActorId] = useState('');
  // The search sent last: ids only, so they may travel in the query string (and the query key).
  const [searched, setSearched] = useState<string | null>(null);
  const log = useResource<AuditRow[]>(searched);
  const rows = log.data ?? null;
  // The chain is checked when asked for, each time anew.
  const verification = useQuery({ queryKey: resourceKey(VERIFY), queryFn: async () => (await apiGet<Verification>(VERIFY)).body, enabled: false });
  const form = useFormErrors();
  const fields: FieldMap = {
    personId: { target: 'audit-person', message: t('audit.errors.id') },
    actorId: { target: 'audit-actor', message: t('audit.errors.id') },
  };

  async function search(event: FormEvent) {
    event.preventDefault();
    if (log.isFetching) return;
    const problems = [
      personId.trim() && !UUID.test(personId.trim()) && fields.personId!,
      actorId.trim() && !UUID.test(actorId.trim()) && fields.actorId!,
      !personId.trim() && !actorId.trim() && { target: 'audit-person', message: t('audit.errors.oneOf') },
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    const path = `/api/v1/audit${query({ personId: personId.trim(), actorId: actorId.trim(), limit: 500 })}`;
    // The same search again asks the server again: the log grows while the DPO looks.
    if (path === searched) void log.refetch();
    else setSearched(path);
  }

  return (
    <>
      <PageHeading>{t('audit.heading')}</PageHeading>
      <p className="font-lead">{t('audit.intro')}</p>
      <ReligionOverrideFigure />
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {log.error ? <Alert variant="error">{t(generalErrorKey(log.error))}</Alert> : null}
      </LiveRegion>
      <form noValidate onSubmit={search} className="vink-form" aria-busy={log.isFetching} aria-label={t('audit.searchLabel')}>
        <TextField id="audit-person" label={t('audit.personId')} hint={t('audit.idHint')} autoComplete="off" spellCheck={false}
          value={personId} onChange={(e) => setPersonId(e.target.value)} error={form.errorFor('audit-person')} />
        <DirectoryPicker id="audit-actor" label={t('audit.actor')} hint={t('audit.actorHint')} placeholder={t('audit.anyActor')}
          value={actorId} onChange={(v) => setActorId(v)} error={form.errorFor('audit-actor')} />
        <button type="submit" className="button button-primary">{t('audit.search')}</button>
      </form>

      <div role="status" className="vink-summary">{rows && t('audit.count', { count: rows.length })}</div>
      {rows && rows.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.why')}</th>
                <th scope="col">{t('audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq}>
                  <th scope="row">{formatDateTime(r.at)}</th>
                  <td>
                    {r.actorName && <>{r.actorName}<br /></>}
                    {r.actorRole ? t(`roles.${r.actorRole}`, { defaultValue: r.actorRole }) : t('audit.system')}
                    {r.actorId && <><br /><code className="vink-id">{r.actorId}</code></>}
                  </td>
                  <td>
                    {t(`audit.actions.${r.action}`, { defaultValue: r.action })}
                    {r.recordType && ` – ${t(`audit.records.${r.recordType}`, { defaultValue: t('audit.records.other') })}`}
                    {/* The citizen by name (D11), the id only as a detail for cross-checking. */}
                    {r.personName && <><br /><strong>{r.personName}</strong></>}
                    {r.criterion && <><br /><span className="vink-muted">{t('audit.criterion')}: {r.criterion}</span></>}
                    {r.recordId && <><br /><span className="vink-muted">{t('audit.recordId')}: <code className="vink-id">{r.recordId}</code></span></>}
                  </td>
                  <td>
                    {r.purpose ? t(`audit.purposes.${r.purpose}`, { defaultValue: r.purpose }) : '–'}
                    {r.reason && <><br /><span>{t('audit.reason')}: {r.reason}</span></>}
                  </td>
                  <td>{t(`audit.outcomes.${r.outcome}`, { defaultValue: r.outcome })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="vink-action" aria-labelledby="verify-heading">
        <h2 id="verify-heading">{t('audit.verifyHeading')}</h2>
        <p>{t('audit.verifyIntro')}</p>
        <button type="button" className="button button-secondary" onClick={() => void verification.refetch()}>{t('audit.verify')}</button>
        <LiveRegion>
          {verification.data && !verification.isFetching && (
            <Alert variant={verification.data.ok ? 'success' : 'error'}>
              {verification.data.ok
                ? t('audit.verifyOk', { count: verification.data.checked })
                : t('audit.verifyBroken', { seq: verification.data.firstBroken?.seq, reason: verification.data.firstBroken?.reason })}
            </Alert>
          )}
          {verification.data && !verification.isFetching && verification.data.unsealed.overdue > 0 && (
            <Alert variant="error">
              {t('audit.verifyUnsealedAlarm', { count: verification.data.unsealed.overdue, oldest: verification.data.unsealed.oldestAt })}
            </Alert>
          )}
          {verification.error ? <Alert variant="error">{t(generalErrorKey(verification.error))}</Alert> : null}
        </LiveRegion>
      </section>
    </>
  );
}
