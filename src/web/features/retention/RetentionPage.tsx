import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { RetentionClass as ClassSchema, RetentionReceipt as ReceiptSchema, Upcoming as UpcomingSchema } from '../../../shared/retention.ts';
import { ApiError, apiPatch } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { pathTo, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDate, formatDateTime } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';

type RetentionClass = z.infer<typeof ClassSchema>;
type Receipt = z.infer<typeof ReceiptSchema>;
type Upcoming = z.infer<typeof UpcomingSchema>;

const CLASSES = '/api/v1/retention/classes';
const RECEIPTS = '/api/v1/retention/receipts?limit=100';
const UPCOMING = '/api/v1/retention/upcoming';

/** Counts per record type in words ("3 sager, 41 notater"), or "ingen". */
function CountList({ counts }: { counts: Record<string, number> }) {
  const { t } = useTranslation();
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return <>{t('retention.none')}</>;
  return <>{entries.map(([k, n]) => t('retention.count', { count: n, what: t(`retention.recordTypes.${k}`, { defaultValue: k }) })).join(', ')}</>;
}

/**
 * The DPO's retention page (docs/retention.md): the schedule (class, period, action, reason), the upcoming deletions
 * per class in the next 30 days (counts for the DPO's units), and the receipts of the job's runs. The DPO changes a
 * class's period here (retention.manage), sending the version read: a 409 is shown with a reload. Managers see the
 * page without the change. Nothing here is personal data: the schedule and counts only.
 */
export function RetentionPage(_props: PageProps) {
  const { t } = useTranslation();
  const me = useUser();
  const classes = useResource<RetentionClass[]>(CLASSES);
  const upcoming = useResource<Upcoming>(UPCOMING);
  const receipts = useResource<Receipt[]>(RECEIPTS);
  const refresh = useRefresh();
  const mayManage = can(me, 'retention.manage');
  const [editing, setEditing] = useState<string | null>(null);
  const [months, setMonths] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ conflict: boolean; message: string } | null>(null);
  const save = useMutation({
    mutationFn: (c: { key: string; periodMonths: number; version: number }) =>
      apiPatch<RetentionClass>(pathTo('/api/v1/retention/classes/:key', { key: c.key }), { periodMonths: c.periodMonths, version: c.version }),
    onSuccess: () => refresh(CLASSES, UPCOMING),
  });

  async function submit(event: FormEvent, c: RetentionClass) {
    event.preventDefault();
    setNotice(null);
    setFailure(null);
    const n = Number(months.trim());
    if (!/^\d+$/.test(months.trim()) || n < 1 || n > 1200) {
      setFieldError(t('retention.errors.period'));
      return;
    }
    setFieldError(null);
    try {
      await save.mutateAsync({ key: c.key, periodMonths: n, version: c.version });
      setEditing(null);
      setNotice(t('retention.saved', { what: t(`retention.classes.${c.key}`, { defaultValue: c.key }), count: n }));
    } catch (error) {
      const conflict = error instanceof ApiError && error.status === 409;
      setFailure({ conflict, message: conflict ? t('errors.conflict') : t(generalErrorKey(error)) });
    }
  }

  const loadError = classes.error ?? upcoming.error ?? receipts.error;
  return (
    <>
      <PageHeading>{t('retention.heading')}</PageHeading>
      <p className="font-lead">{t('retention.intro')}</p>
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      <LiveRegion assertive>
        {failure && <Alert variant="error">{failure.message}</Alert>}
        {loadError ? <Alert variant="error">{t(generalErrorKey(loadError))}</Alert> : null}
      </LiveRegion>
      {failure?.conflict && (
        <p>
          <button type="button" className="button button-secondary" onClick={() => { setFailure(null); setEditing(null); void refresh(CLASSES); }}>
            {t('errors.reload')}
          </button>
        </p>
      )}

      <h2 id="schedule-heading">{t('retention.scheduleHeading')}</h2>
      {classes.data && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby="schedule-heading">
            <thead>
              <tr>
                <th scope="col">{t('retention.class')}</th>
                <th scope="col">{t('retention.period')}</th>
                <th scope="col">{t('retention.action')}</th>
                <th scope="col">{t('retention.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {classes.data.map((c) => (
                <tr key={c.key}>
                  <th scope="row">{t(`retention.classes.${c.key}`, { defaultValue: c.description })}</th>
                  <td>
                    {editing === c.key ? (
                      <form noValidate onSubmit={(e) => void submit(e, c)} aria-label={t('retention.editLabel', { what: t(`retention.classes.${c.key}`, { defaultValue: c.key }) })}>
                        <TextField id={`period-${c.key}`} label={t('retention.months')} inputMode="numeric" autoComplete="off" inputClassName="input-width-xs"
                          value={months} onChange={(e) => setMonths(e.target.value)} error={fieldError} />
                        <div className="vink-row-actions">
                          <button type="submit" className="button button-primary" disabled={save.isPending}>{t('retention.save')}</button>
                          <button type="button" className="button button-tertiary" onClick={() => { setEditing(null); setFieldError(null); }}>{t('retention.cancel')}</button>
                        </div>
                      </form>
                    ) : (
                      <>
                        {t('retention.periodMonths', { count: c.periodMonths })}
                        <br /><span className="vink-muted">{t('retention.from', { event: t(`retention.events.${c.key}`, { defaultValue: c.startsAtEvent }) })}</span>
                        {mayManage && (
                          <>
                            <br />
                            <button type="button" className="button button-tertiary" onClick={() => { setEditing(c.key); setMonths(String(c.periodMonths)); setFieldError(null); }}>
                              {t('retention.change')}<span className="sr-only"> {t(`retention.classes.${c.key}`, { defaultValue: c.key })}</span>
                            </button>
                          </>
                        )}
                      </>
                    )}
                  </td>
                  <td>{t(`retention.actions.${c.action}`)}</td>
                  <td>{c.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="upcoming-heading">{t('retention.upcomingHeading')}</h2>
      <p>{t('retention.upcomingIntro', { count: upcoming.data?.horizonDays ?? 30 })}</p>
      {upcoming.data && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby="upcoming-heading">
            <thead>
              <tr>
                <th scope="col">{t('retention.class')}</th>
                <th scope="col">{t('retention.due')}</th>
                <th scope="col">{t('retention.held')}</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.data.classes.map((c) => (
                <tr key={c.classKey}>
                  <th scope="row">{t(`retention.classes.${c.classKey}`, { defaultValue: c.classKey })}</th>
                  <td><CountList counts={c.due} /></td>
                  <td>{c.held}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="receipts-heading">{t('retention.receiptsHeading')}</h2>
      <p>{t('retention.receiptsIntro')}</p>
      {receipts.data && receipts.data.length === 0 && <p>{t('retention.noReceipts')}</p>}
      {receipts.data && receipts.data.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby="receipts-heading">
            <thead>
              <tr>
                <th scope="col">{t('retention.ranAt')}</th>
                <th scope="col">{t('retention.class')}</th>
                <th scope="col">{t('retention.cutoff')}</th>
                <th scope="col">{t('retention.done')}</th>
                <th scope="col">{t('retention.held')}</th>
              </tr>
            </thead>
            <tbody>
              {receipts.data.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{formatDateTime(r.ranAt)}</th>
                  <td>{t(`retention.classes.${r.classKey}`, { defaultValue: r.classKey })}<br /><span className="vink-muted">{r.rule}</span></td>
                  <td>{formatDate(r.cutoff)}</td>
                  <td><CountList counts={r.counts} /></td>
                  <td>{r.heldBack}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
