import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { AssessmentChart, AssessmentTable } from './AssessmentChart.tsx';
import { AssessmentForm } from './AssessmentForm.tsx';
import { formatDate } from '../../components/dates.ts';
import { useCaseChanges } from './queries.ts';
import type { Assessment, CaseDetail, Instrument } from './types.ts';

/** Assessments on the nine dimensions over time: two charts (risk, resources), the same data as a table, and a form. */
export function AssessmentsSection({
  detail, instrument, assessments,
}: { detail: CaseDetail; instrument: Instrument; assessments: Assessment[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const [adding, setAdding] = useState(false);
  // The form closes on save, so the confirmation lives here, in the section (D12).
  const [saved, setSaved] = useState(false);
  const changes = useCaseChanges(detail.id);
  const ordered = [...assessments].sort((a, b) => (a.assessedOn < b.assessedOn ? -1 : a.assessedOn > b.assessedOn ? 1 : a.createdAt < b.createdAt ? -1 : 1));
  return (
    <section aria-labelledby="assessments-heading" className="vink-case-section">
      <h2 id="assessments-heading">{t('cases.assessments.heading')}</h2>
      {detail.nextReassessmentDue && <p>{t('cases.assessments.nextDue', { date: formatDate(detail.nextReassessmentDue) })}</p>}
      {ordered.length === 0 ? (
        <p>{t('cases.assessments.none')}</p>
      ) : (
        <>
          <p className="form-hint">{t('cases.assessments.chartHint')}</p>
          <div className="vink-chart-pair">
            <AssessmentChart instrument={instrument} assessments={ordered} measure="risk" />
            <AssessmentChart instrument={instrument} assessments={ordered} measure="resources" />
          </div>
          <AssessmentTable instrument={instrument} assessments={ordered} />
        </>
      )}
      {canOnCase(user, 'assessment.create', detail) && detail.status !== 'closed' && (
        <div className="vink-subsection">
          <LiveRegion>{saved && <Alert variant="success">{t('cases.assessments.saved')}</Alert>}</LiveRegion>
          <button type="button" className="button button-secondary" aria-expanded={adding} onClick={() => { setSaved(false); setAdding(!adding); }}>
            {t('cases.assessments.new')}
          </button>
          {adding && (
            <AssessmentForm
              caseId={detail.id}
              instrument={instrument}
              idPrefix="case-assessment"
              onSaved={() => {
                setAdding(false);
                setSaved(true);
                void changes.assessmentsChanged();
              }}
            />
          )}
        </div>
      )}
    </section>
  );
}
