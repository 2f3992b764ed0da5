import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SnoopingAlert, SnoopingAlertDetail, SnoopingOverview } from '../../../shared/watch.ts';
import { ApiError, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, TextArea } from '../../components/forms.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { WatchFlagsSection } from './WatchFlagsSection.tsx';

const LIST = '/api/v1/snooping/alerts';

/** What an alert measured, in words: the count in its window, against the user's baseline for the volume rule. */
function useObserved() {
  const { t } = useTranslation();
  return (a: SnoopingAlert) =>
    t(`snooping.observed.${a.rule}`, { count: a.observed, baseline: a.baseline ?? 0 });
}

/**
 * The DPO's snooping alerts (docs/security.md, "Snooping alerts"): rules over the audit trail raise an alert per
 * member of staff and window; open ones first. Each opens to the audit rows behind it. The thresholds are shown.
 */
export function SnoopingPage(_props: PageProps) {
  const { t } = useTranslation();
  const overview = useResource<SnoopingOverview>(LIST);
  const observed = useObserved();
  const alerts = overview.data?.alerts ?? null;
  return (
    <>
      <PageHeading>{t('snooping.heading')}</PageHeading>
      <p className="font-lead">{t('snooping.intro')}</p>
      <LiveRegion assertive>{overview.error ? <Alert variant="error">{t(generalErrorKey(overview.error))}</Alert> : null}</LiveRegion>
      <div role="status" className="vink-summary">
        {alerts && t('snooping.count', { count: alerts.filter((a) => a.status === 'open').length })}
      </div>
      {alerts && alerts.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('snooping.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('snooping.window')}</th>
                <th scope="col">{t('snooping.rule')}</th>
                <th scope="col">{t('snooping.user')}</th>
                <th scope="col">{t('snooping.measured')}</th>
                <th scope="col">{t('snooping.status')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={pathTo('/dpo/overvaagning/:id', { id: a.id })}>{formatDateTime(a.windowStart)}</Link>
                  </th>
                  <td>{t(`snooping.rules.${a.rule}`)}</td>
                  <td>{a.userName}<br /><span className="vink-muted">{t(`roles.${a.userRole}`, { defaultValue: a.userRole })}</span></td>
                  <td>{observed(a)}</td>
                  <td>{t(`snooping.statuses.${a.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {overview.data && (
        <section aria-labelledby="snooping-rules-heading">
          <h2 id="snooping-rules-heading">{t('snooping.rulesHeading')}</h2>
          <ul>
            {overview.data.rules.map((r) => (
              <li key={r.rule}>
                <strong>{t(`snooping.rules.${r.rule}`)}</strong>: {t(`snooping.thresholds.${r.rule}`, {
                  threshold: r.threshold, factor: r.baselineFactor ?? 0, days: r.baselineDays ?? 0, start: r.workStartHour ?? 0, end: r.workEndHour ?? 0,
                })}
                {!r.enabled && ` (${t('snooping.disabled')})`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <WatchFlagsSection />
    </>
  );
}

/** One alert: what fired, the audit rows behind it, and resolving it with a note. */
export function SnoopingAlertPage({ params }: PageProps) {
  const { t } = useTranslation();
  const path = pathTo('/api/v1/snooping/alerts/:id', { id: params.id ?? '' });
  const alert = useResource<SnoopingAlertDetail>(path);
  const refresh = useRefresh();
  const observed = useObserved();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useFormErrors();
  const a = alert.data;

  async function resolve(event: FormEvent) {
    event.preventDefault();
    if (!a || saving) return;
    if (!form.check(note.trim() ? [] : [{ target: 'resolve-note', message: t('snooping.errors.note') }])) return;
    setSaving(true);
    setFailure(null);
    try {
      await apiPost(pathTo('/api/v1/snooping/alerts/:id/resolve', { id: a.id }), { version: a.version, note: note.trim() });
      setNote('');
      await refresh(path, LIST);
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 409 ? 'snooping.errors.stale' : generalErrorKey(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageHeading>{t('snooping.alertHeading')}</PageHeading>
      <p><Link to="/dpo/overvaagning">{t('snooping.back')}</Link></p>
      <LiveRegion assertive>
        {alert.error ? <Alert variant="error">{t(generalErrorKey(alert.error))}</Alert> : null}
        {failure ? <Alert variant="error">{t(failure)}</Alert> : null}
      </LiveRegion>
      {a && (
        <>
          <dl className="vink-facts">
            <dt>{t('snooping.rule')}</dt><dd>{t(`snooping.rules.${a.rule}`)}</dd>
            <dt>{t('snooping.user')}</dt><dd>{a.userName} ({t(`roles.${a.userRole}`, { defaultValue: a.userRole })})</dd>
            <dt>{t('snooping.window')}</dt><dd>{formatDateTime(a.windowStart)} – {formatDateTime(a.windowEnd)}</dd>
            <dt>{t('snooping.measured')}</dt><dd>{observed(a)}</dd>
            <dt>{t('snooping.status')}</dt><dd>{t(`snooping.statuses.${a.status}`)}</dd>
            {a.status === 'resolved' && (
              <>
                <dt>{t('snooping.resolution')}</dt>
                <dd>{a.resolutionNote} ({a.resolvedByName}, {a.resolvedAt && formatDateTime(a.resolvedAt)})</dd>
              </>
            )}
          </dl>
          <h2>{t('snooping.rowsHeading', { count: a.rows.length })}</h2>
          <div className="table--responsive-scroll">
            <table className="table table--compact">
              <caption className="sr-only">{t('snooping.rowsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.what')}</th>
                  <th scope="col">{t('snooping.person')}</th>
                  <th scope="col">{t('audit.why')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {a.rows.map((r) => (
                  <tr key={r.seq}>
                    <th scope="row">{formatDateTime(r.at)}</th>
                    <td>
                      {t(`audit.actions.${r.action}`, { defaultValue: r.action })}
                      {r.recordType && ` – ${t(`audit.records.${r.recordType}`, { defaultValue: r.recordType })}`}
                      {r.criterion && <><br /><span className="vink-muted">{r.criterion}</span></>}
                    </td>
                    <td>{r.personId ? <code className="vink-id">{r.personId}</code> : '–'}</td>
                    <td>{r.purpose ? t(`audit.purposes.${r.purpose}`, { defaultValue: r.purpose }) : '–'}</td>
                    <td>{t(`audit.outcomes.${r.outcome}`, { defaultValue: r.outcome })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {a.status === 'open' && (
            <section className="vink-action" aria-labelledby="resolve-heading">
              <h2 id="resolve-heading">{t('snooping.resolveHeading')}</h2>
              <ErrorSummary errors={form.errors} attempt={form.attempt} />
              <form noValidate onSubmit={resolve} className="vink-form" aria-busy={saving}>
                <TextArea id="resolve-note" label={t('snooping.note')} hint={t('snooping.noteHint')} value={note}
                  onChange={(e) => setNote(e.target.value)} error={form.errorFor('resolve-note')} maxLength={2000} />
                <button type="submit" className="button button-primary">{t('snooping.resolve')}</button>
              </form>
            </section>
          )}
        </>
      )}
    </>
  );
}
