import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost } from '../../api/client.ts';
import { resourceKey } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { REPORT_LABELS } from '../../../shared/report-i18n.ts';
import { downloadFile } from './api.ts';
import type { ReportJob } from './types.ts';

const POLL_MS = 1000;

/**
 * "Hent årsrapport": starts the yearly report for the plan's year on the server, follows the job (a progress bar and
 * a polite live region with the step's text, the same wording as the server's step table) and then offers the PDF
 * and the workbook. The files are fetched only when asked for and saved through a temporary object URL.
 */
export function ReportPanel({ planId, year }: { planId: string; year: number }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const progressId = useId();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'da';
  const start = useMutation({ mutationFn: async () => (await apiPost<ReportJob>('/api/v1/reports/year', { planId, year, lang })).body });
  const jobPath = start.data ? `/api/v1/reports/jobs/${encodeURIComponent(start.data.jobId)}` : null;
  // The started job, asked about every second until it is done or failed.
  const poll = useQuery({
    queryKey: jobPath ? resourceKey(jobPath) : ['idle'],
    queryFn: async () => (await apiGet<ReportJob>(jobPath!)).body,
    enabled: jobPath !== null,
    // The job as the start answered it is the first state; the first ask is a second later.
    initialData: start.data,
    staleTime: POLL_MS,
    refetchInterval: (q) => (q.state.data?.status === 'queued' || q.state.data?.status === 'running' ? POLL_MS : false),
  });
  const job = start.isPending ? undefined : poll.data;
  const failure = start.error ?? poll.error;
  const error = downloadError ?? (failure ? t(generalErrorKey(failure)) : null);

  async function download(format: 'pdf' | 'xlsx' | 'docx') {
    if (!job) return;
    setDownloadError(null);
    try {
      await downloadFile(`/api/v1/reports/jobs/${encodeURIComponent(job.jobId)}/${format}`, `aarsrapport-${job.year}.${format}`);
    } catch (e) {
      setDownloadError(t(generalErrorKey(e)));
    }
  }

  const running = job && (job.status === 'queued' || job.status === 'running');
  const stepText = job ? REPORT_LABELS[lang].steps[job.step] : '';
  return (
    <section className="vink-plan-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('plans.report.heading', { year })}</h2>
      <p>{t('plans.report.intro')}</p>
      <button type="button" className="button button-primary" onClick={() => { setDownloadError(null); start.mutate(); }} disabled={Boolean(running) || start.isPending}>
        {t('plans.report.start')}
      </button>
      {job && (
        <div className="vink-report-progress">
          <label htmlFor={progressId} className="form-label">
            {t('plans.report.progress')}
          </label>
          <progress
            id={progressId}
            className="vink-progress"
            max={100}
            value={job.progress}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={job.progress}
            aria-valuetext={`${job.progress} % – ${stepText}`}
          />
        </div>
      )}
      <div role="status" className="vink-live-region vink-report-step">
        {job && t('plans.report.step', { progress: job.progress, step: stepText })}
      </div>
      <LiveRegion assertive>
        {error && <Alert variant="error">{error}</Alert>}
        {job?.status === 'failed' && <Alert variant="error">{t('plans.report.failed')}</Alert>}
      </LiveRegion>
      {job?.status === 'done' && (
        <ul className="vink-report-downloads nobullet-list">
          <li>
            <button type="button" className="button button-secondary" onClick={() => void download('pdf')}>
              {t('plans.report.downloadPdf', { year: job.year })}
            </button>
          </li>
          <li>
            <button type="button" className="button button-secondary" onClick={() => void download('xlsx')}>
              {t('plans.report.downloadXlsx', { year: job.year })}
            </button>
          </li>
          <li>
            <button type="button" className="button button-secondary" onClick={() => void download('docx')}>
              {t('planEdit.report.downloadDocx', { year: job.year })}
            </button>
          </li>
        </ul>
      )}
    </section>
  );
}
