import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost } from '../../api/client.ts';
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
  const [job, setJob] = useState<ReportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'da';

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  function poll(jobId: string) {
    timer.current = setTimeout(() => {
      apiGet<ReportJob>(`/api/v1/reports/jobs/${encodeURIComponent(jobId)}`)
        .then(({ body }) => {
          setJob(body);
          if (body.status === 'queued' || body.status === 'running') poll(jobId);
        })
        .catch((e: unknown) => setError(t(generalErrorKey(e))));
    }, POLL_MS);
  }

  async function start() {
    if (starting) return;
    if (timer.current) clearTimeout(timer.current);
    setStarting(true);
    setError(null);
    setJob(null);
    try {
      const { body } = await apiPost<ReportJob>('/api/v1/reports/year', { planId, year, lang });
      setJob(body);
      if (body.status !== 'done' && body.status !== 'failed') poll(body.jobId);
    } catch (e) {
      setError(t(generalErrorKey(e)));
    } finally {
      setStarting(false);
    }
  }

  async function download(format: 'pdf' | 'xlsx') {
    if (!job) return;
    setError(null);
    try {
      await downloadFile(`/api/v1/reports/jobs/${encodeURIComponent(job.jobId)}/${format}`, `aarsrapport-${job.year}.${format}`);
    } catch (e) {
      setError(t(generalErrorKey(e)));
    }
  }

  const running = job && (job.status === 'queued' || job.status === 'running');
  const stepText = job ? REPORT_LABELS[lang].steps[job.step] : '';
  return (
    <section className="vink-plan-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('plans.report.heading', { year })}</h2>
      <p>{t('plans.report.intro')}</p>
      <button type="button" className="button button-primary" onClick={() => void start()} disabled={Boolean(running) || starting}>
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
        </ul>
      )}
    </section>
  );
}
