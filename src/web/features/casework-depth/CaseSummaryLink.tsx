import { useTranslation } from 'react-i18next';
import { canOnCase, useUser } from '../../app/session.ts';
import type { CaseDetail } from '../cases/types.ts';

/**
 * The case summary (sagsresumé) as a PDF download (GET /cases/:id/summary.pdf, audited as an export). The URL carries
 * only the case's opaque id; the file name carries no personal data.
 */
export function CaseSummaryLink({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!canOnCase(user, 'case.summary.export', detail)) return null;
  return (
    <p>
      <a className="button button-secondary" href={`/api/v1/cases/${detail.id}/summary.pdf`} download="sagsresume.pdf">
        {t('depth.summary.download')}
      </a>
    </p>
  );
}
