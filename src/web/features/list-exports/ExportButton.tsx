import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiDownload, query } from '../../api/client.ts';
import { useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatNumber } from '../../components/numbers.ts';
import { reachesFor, type Action } from '../../../shared/policy.ts';
import { EXPORT_ROWS_HEADER, EXPORT_TOTAL_HEADER } from '../../../shared/list-exports.ts';

/**
 * "Eksportér til Excel" under a list (docs/architecture.md, "Exports of a list"): downloads the whole list with the
 * filters the page shows, not only the loaded rows, and then says how many of the list's rows the file holds (all, or
 * the ceiling's share, never silently fewer). Shown only to roles that may export the list (src/shared/policy.ts).
 * The filters are not personal data; the file is handed to the browser and kept nowhere else.
 */
export function ExportButton({ id, path, filters, action, filename }: {
  id: string;
  path: string;
  filters: Record<string, string | number | undefined>;
  action: Action;
  filename: string;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ rows: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (reachesFor(action, user.role).length === 0) return null;

  async function run() {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const headers = await apiDownload(`${path}${query(filters)}`, filename);
      setResult({ rows: Number(headers.get(EXPORT_ROWS_HEADER)), total: Number(headers.get(EXPORT_TOTAL_HEADER)) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const values = result && { rows: formatNumber(result.rows), total: formatNumber(result.total) };
  return (
    <div className="vink-list-export">
      <button type="button" id={id} className="button button-secondary" aria-describedby={`${id}-hint`} disabled={busy} onClick={() => void run()}>
        {busy ? t('exports.busy') : t('exports.button')}
      </button>
      <p id={`${id}-hint`} className="form-hint">{t('exports.hint')}</p>
      <LiveRegion>
        {result && values ? (
          <Alert variant={result.rows < result.total ? 'warning' : 'success'}>
            {result.rows < result.total ? t('exports.cut', values) : t('exports.done', values)}
          </Alert>
        ) : null}
      </LiveRegion>
      <LiveRegion assertive>{error ? <Alert variant="error">{t(generalErrorKey(error))}</Alert> : null}</LiveRegion>
    </div>
  );
}
