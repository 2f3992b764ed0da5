import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost, currentCsrfToken } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { RadioGroup, SelectField, TextArea } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDate } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';
import type { Meeting, MeetingItem } from '../../../shared/meetings.ts';
import { DocumentsSection } from '../documents/DocumentsSection.tsx';

/**
 * The bases a disclosure decided at the Infohus meeting can rest on. Consent is not among them: a consent is recorded
 * on a case (docs/domain.md, "Consent"), and a disclosure on consent is made from that case, where the consent it
 * rests on can be chosen.
 */
const LEGAL_BASES = ['retsplejeloven_115', 'serviceloven'] as const;

/**
 * One Infohus meeting: participants, the agenda, the decision per item in one sitting, and the minutes as PDF. The
 * minutes are fetched with POST (the recipient organisation in the body) and saved from memory: no name in a URL.
 */
export function MeetingPage({ params }: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const path = `/api/v1/meetings/${params.id}`;
  const meeting = useResource<Meeting>(path);
  const m = meeting.data;
  if (!m) {
    return (
      <>
        <PageHeading>{t('meetings.meeting')}</PageHeading>
        {meeting.isPending ? <p>{t('app.loading')}</p> : (
          <Alert variant="error">{t(meeting.error instanceof ApiError && meeting.error.status === 404 ? 'errors.notFoundRecord' : generalErrorKey(meeting.error))}</Alert>
        )}
      </>
    );
  }
  const organisations = [...new Set(m.participants.map((p) => p.organisation).filter((o): o is string => Boolean(o)))].sort((a, b) => a.localeCompare(b, 'da'));
  return (
    <>
      <PageHeading>{t('meetings.meetingOn', { date: formatDate(m.meetingOn) })}</PageHeading>
      <p><Link to="/infohus">{t('meetings.back')}</Link></p>
      <dl className="vink-facts">
        <dt>{t('meetings.place')}</dt><dd>{m.place}</dd>
      </dl>
      <h2>{t('meetings.participants')}</h2>
      <ul>{m.participants.map((p) => <li key={p.userId}>{p.displayName}{p.organisation ? `, ${p.organisation}` : ''}</li>)}</ul>
      <h2>{t('meetings.agenda')}</h2>
      {m.items.length === 0 && <p>{t('meetings.noItems')}</p>}
      <ol className="nobullet-list">
        {m.items.map((i) => (
          <AgendaItem key={i.id} meeting={m} item={i} organisations={organisations} mayDecide={can(user, 'meeting.manage')} onDecided={path} />
        ))}
      </ol>
      <Minutes meeting={m} organisations={organisations} chooses={can(user, 'meeting.manage') || user.role === 'manager'} />
      <DocumentsSection record={{ kind: 'meeting', id: m.id }} />
    </>
  );
}

function AgendaItem({ meeting, item, organisations, mayDecide, onDecided }: {
  meeting: Meeting; item: MeetingItem; organisations: string[]; mayDecide: boolean; onDecided: string;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const isConcern = item.kind === 'concern';
  const [decision, setDecision] = useState(isConcern ? '' : 'reviewed');
  const [reasoning, setReasoning] = useState('');
  const [authority, setAuthority] = useState('');
  const [action, setAction] = useState('');
  const [discloseTo, setDiscloseTo] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const decide = useMutation({
    mutationFn: (body: object) => apiPost<MeetingItem>(`/api/v1/meetings/${meeting.id}/items/${item.id}/decision`, body),
    onSuccess: () => refresh(onDecided),
  });
  const p = `item-${item.position}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!decision) found[`${p}-decision`] = t('meetings.errors.decision');
    if (!reasoning.trim()) found[`${p}-reasoning`] = t('meetings.errors.reasoning');
    if (discloseTo && !legalBasis) found[`${p}-basis`] = t('meetings.errors.legalBasis');
    if (discloseTo && !summary.trim()) found[`${p}-summary`] = t('meetings.errors.summary');
    setErrors(found);
    const firstError = Object.keys(found)[0];
    if (firstError) {
      document.getElementById(firstError === `${p}-decision` ? `${p}-decision-${isConcern ? 'justified' : 'reviewed'}` : firstError)?.focus();
      return;
    }
    try {
      await decide.mutateAsync({
        version: item.version, ...(item.concernVersion ? { concernVersion: item.concernVersion } : {}), decision, reasoning: reasoning.trim(),
        ...(authority.trim() ? { followUpAuthority: authority.trim() } : {}), ...(action.trim() ? { followUpAction: action.trim() } : {}),
        ...(discloseTo ? { disclosures: [{ partnerOrganisation: discloseTo, legalBasis, contentSummary: summary.trim() }] } : {}),
      });
      setDone(true);
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 409 ? t('meetings.errors.conflict') : err instanceof ApiError && err.status === 400 ? t('meetings.errors.invalid', { detail: err.problem.detail ?? '' }) : t(generalErrorKey(err)));
    }
  }

  return (
    <li className="vink-case-section">
      <h3>{t(isConcern ? 'meetings.itemConcern' : 'meetings.itemReview', { n: item.position, name: item.personName })}</h3>
      <p>
        {item.concernId && <Link to={`/henvendelser/${item.concernId}`}>{t('meetings.openConcern', { n: item.position })}</Link>}
        {item.caseId && <Link to={`/sager/${item.caseId}`}>{t('meetings.openCase', { n: item.position })}</Link>}
      </p>
      <LiveRegion>{done && <Alert variant="success">{t('meetings.decided')}</Alert>}</LiveRegion>
      {item.decision ? (
        <dl className="vink-facts">
          <dt>{t('meetings.decision')}</dt><dd>{t(`meetings.decisionName.${item.decision}`)}</dd>
          {item.reasoning && <><dt>{t('meetings.reasoning')}</dt><dd className="vink-prewrap">{item.reasoning}</dd></>}
          {item.sharedWith.length > 0 && <><dt>{t('meetings.sharedWith')}</dt><dd>{item.sharedWith.join(', ')}</dd></>}
          {item.followUpAuthority && <><dt>{t('meetings.authority')}</dt><dd>{item.followUpAuthority}</dd></>}
          {item.followUpAction && <><dt>{t('meetings.action')}</dt><dd>{item.followUpAction}</dd></>}
        </dl>
      ) : mayDecide ? (
        <form className="vink-form" noValidate onSubmit={submit} aria-label={t('meetings.decideForm', { n: item.position })}>
          <LiveRegion assertive>{failure && <Alert variant="error">{failure}</Alert>}</LiveRegion>
          <RadioGroup id={`${p}-decision`} name={`${p}-decision`} legend={t('meetings.decision')} value={decision} onChange={setDecision}
            error={errors[`${p}-decision`] ?? null}
            options={(isConcern ? ['justified', 'unfounded'] : ['reviewed']).map((d) => ({ value: d, label: t(`meetings.decisionName.${d}`) }))} />
          <TextArea id={`${p}-reasoning`} label={t('meetings.reasoning')} maxLength={5000} value={reasoning} onChange={(e) => setReasoning(e.target.value)} error={errors[`${p}-reasoning`] ?? null} />
          <TextField id={`${p}-authority`} label={t('meetings.authority')} hint={t('meetings.authorityHint')} maxLength={200} value={authority} onChange={(e) => setAuthority(e.target.value)} />
          <TextField id={`${p}-action`} label={t('meetings.action')} maxLength={2000} value={action} onChange={(e) => setAction(e.target.value)} />
          {isConcern && (
            <>
              <SelectField id={`${p}-disclose`} label={t('meetings.discloseTo')} hint={t('meetings.discloseHint')} value={discloseTo} onChange={(e) => setDiscloseTo(e.target.value)}
                options={[{ value: '', label: t('meetings.noDisclosure') }, ...organisations.map((o) => ({ value: o, label: o }))]} />
              {discloseTo && (
                <>
                  <SelectField id={`${p}-basis`} label={t('meetings.legalBasis')} hint={t('meetings.legalBasisHint')} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} error={errors[`${p}-basis`] ?? null}
                    options={[{ value: '', label: t('meetings.choose') }, ...LEGAL_BASES.map((b) => ({ value: b, label: t(`vocab.legalBasis.${b}`) }))]} />
                  <TextField id={`${p}-summary`} label={t('meetings.summary')} maxLength={1000} value={summary} onChange={(e) => setSummary(e.target.value)} error={errors[`${p}-summary`] ?? null} />
                </>
              )}
            </>
          )}
          <button type="submit" className="button button-primary" disabled={decide.isPending}>{t('meetings.decide', { n: item.position })}</button>
        </form>
      ) : (
        <p>{t('meetings.undecided')}</p>
      )}
    </li>
  );
}

/** Downloads the minutes: the unit's staff choose the recipient; police and partners get their own. */
function Minutes({ meeting, organisations, chooses }: { meeting: Meeting; organisations: string[]; chooses: boolean }) {
  const { t, i18n } = useTranslation();
  const [organisation, setOrganisation] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function download() {
    setFailure(null);
    setBusy(true);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/pdf, application/problem+json' };
      const csrf = currentCsrfToken();
      if (csrf) headers['x-csrf-token'] = csrf;
      const res = await fetch(`/api/v1/meetings/${meeting.id}/minutes`, {
        method: 'POST', headers, credentials: 'same-origin', cache: 'no-store',
        body: JSON.stringify({ ...(chooses && organisation ? { organisation } : {}), lang: i18n.language === 'en' ? 'en' : 'da' }),
      });
      if (!res.ok) throw new ApiError({ status: res.status });
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `infohus-referat-${meeting.meetingOn}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setFailure(t(generalErrorKey(err)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="minutes-heading" className="vink-action">
      <h2 id="minutes-heading">{t('meetings.minutes')}</h2>
      <p>{t(chooses ? 'meetings.minutesHint' : 'meetings.minutesOwn')}</p>
      <LiveRegion assertive>{failure && <Alert variant="error">{failure}</Alert>}</LiveRegion>
      {chooses && (
        <SelectField id="minutes-recipient" label={t('meetings.recipient')} value={organisation} onChange={(e) => setOrganisation(e.target.value)}
          options={[{ value: '', label: t('meetings.fullMinutes') }, ...organisations.map((o) => ({ value: o, label: o }))]} />
      )}
      <button type="button" className="button button-secondary" onClick={download} disabled={busy}>{t('meetings.downloadMinutes')}</button>
    </section>
  );
}
