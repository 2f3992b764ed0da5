import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { formatDateTime, formatWhen } from '../../components/dates.ts';
import type { TimelineEvent } from './timeline.ts';

/** One list of everything that happened on the case, newest first. */
export function Timeline({ events, nameOf, mayOpenConcerns }: { events: TimelineEvent[]; nameOf(id: string): string; mayOpenConcerns: boolean }) {
  const { t } = useTranslation();
  const text = (e: TimelineEvent): string => {
    const v = e.values;
    switch (e.kind) {
      case 'concern':
        return t('cases.timeline.concern', { severity: t(`cases.severity.${v.severity}`) });
      case 'note':
        return v.corrects
          ? t('flowCorrections.notes.timeline', { author: nameOf(String(v.author)), date: formatDateTime(String(v.corrects)) })
          : t('cases.timeline.note', { author: nameOf(String(v.author)) });
      case 'disclosure':
        return t('cases.timeline.disclosure', { organisation: v.organisation, basis: t(`cases.legalBasis.${v.legalBasis}`) });
      case 'assessment':
        return t('cases.timeline.assessment', { kind: t(`cases.assessments.kind.${v.kind}`) });
      case 'offer':
      case 'reoffer':
        return t(`cases.timeline.${e.kind}`, { type: t(`cases.offerType.${v.type}`) });
      case 'offer_response':
        return t('cases.timeline.offerResponse', { type: t(`cases.offerType.${v.type}`), response: t(`cases.offerResponse.${v.response}`) });
      case 'course_start':
      case 'course_end':
        return t(`cases.timeline.${e.kind === 'course_start' ? 'courseStart' : 'courseEnd'}`, { kind: t(`cases.courseKind.${v.kind}`) });
      case 'session':
        return t('cases.timeline.session', { form: t(`cases.sessionForm.${v.form}`), minutes: v.minutes });
      case 'follow_up_due':
        return t('cases.timeline.followUpDue', { kind: t(`cases.followUps.kind.${v.kind}`) });
      case 'follow_up_answered':
        return t('cases.timeline.followUpAnswered', { kind: t(`cases.followUps.kind.${v.kind}`) });
      case 'plan_review':
        return t('depth.timeline.planReview', { name: v.by });
      case 'closed':
        return t('cases.timeline.closed');
      case 'created':
        return v.by ? t('cases.timeline.createdBy', { name: v.by }) : t('cases.timeline.created');
      case 'status_change':
        return t('cases.timeline.statusChange', { from: t(`cases.statusName.${v.from}`), to: t(`cases.statusName.${v.to}`), name: v.by });
    }
  };
  return (
    <section aria-labelledby="timeline-heading" className="vink-case-section">
      <h2 id="timeline-heading">{t('cases.timeline.heading')}</h2>
      <p className="form-hint">{t('cases.timeline.hint')}</p>
      {events.length === 0 ? (
        <p>{t('cases.timeline.none')}</p>
      ) : (
        <ol className="nobullet-list vink-timeline">
          {events.map((e) => (
            <li key={e.key} className={`vink-timeline-item vink-timeline-${e.kind}`}>
              <p className="vink-note-meta">
                <time dateTime={e.at}>{formatWhen(e.at)}</time>
              </p>
              <p className="vink-timeline-title">
                {e.kind === 'concern' && mayOpenConcerns ? <Link to={`/henvendelser/${e.ref.id}`}>{text(e)}</Link> : text(e)}
              </p>
              {e.text && <p className="vink-note-body">{e.text}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
