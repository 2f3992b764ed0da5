import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DocumentsSection } from '../documents/DocumentsSection.tsx';
import { PsychiatrySection } from '../psychiatry/PsychiatrySection.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { resourceKey, useRefresh, useResource } from '../../api/queries.ts';
import { Link, pathTo, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Countdown } from '../../components/Clock.tsx';
import { ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { formatDate, formatDateTime, todayInDenmark, useNow } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { HandoverControl } from '../workday/Handover.tsx';
import { TransferRequest } from '../transfers/TransferRequest.tsx';
import { TextField } from '../../components/TextField.tsx';
import { ApiError } from '../../api/client.ts';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { DirectoryPicker } from '../../components/DirectoryPicker.tsx';
import { LegalBasis } from '../../../shared/contracts.ts';
import { TRIAGED_STATUSES } from '../../../shared/concern-workflow.ts';
import type { BehaviourIndicator, Concern, InfohusResult, ShareResult } from './model.ts';
import { ConcernFlowRecord, CorrectConcernForm, CorrectionHistory, type ConcernWithRecord } from './ConcernRecordSections.tsx';
import { InfohusCorrection } from '../flow-corrections/InfohusCorrection.tsx';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Who a concern is shared with for the police check: the police liaison, or a partner of the police district. */
const SHARE_ROLES = ['police_liaison', 'partner'] as const;

/**
 * One concern: the person, the observed behaviour, the clock, and the next steps the status machine
 * (src/shared/concern-workflow.ts) and the role allow: share with the police on a legal basis, the police check, the
 * Infohus decision. Every action sends the version read; a 409 says someone else got there first.
 */
export function ConcernPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const path = concernPath(params.id ?? '');
  const concern = useResource<ConcernWithRecord>(path);
  const refresh = useRefresh();
  // Labels of any entry, retired ones too, so an old concern keeps its words (docs/domain.md, "Vocabularies").
  const categories = useVocabulary('category');
  const platforms = useVocabulary('online_platform');
  const sectors = useVocabulary('reporter_sector', 'bias.sector');
  const indicators = useResource<BehaviourIndicator[]>(
    can(user, 'indicators.read') ? '/api/v1/behaviour-indicators' : null,
  );
  const now = useNow(30_000);
  const [done, setDone] = useState<string | null>(null);
  const c = concern.data;

  if (!c) {
    return (
      <>
        <PageHeading>{t('concern.heading')}</PageHeading>
        {concern.isPending ? (
          <p>{t('app.loading')}</p>
        ) : (
          <LiveRegion assertive>
            <Alert variant="error">
              {t(concern.error instanceof ApiError && concern.error.status === 404 ? 'errors.notFoundRecord' : generalErrorKey(concern.error))}
            </Alert>
          </LiveRegion>
        )}
      </>
    );
  }

  // Labels come with the concern, for every role (D8): a raw code is never shown.
  const labelOf = (code: string) => {
    const l = c.behaviourLabels.find((x) => x.code === code);
    return l ? (i18n.language === 'en' ? l.labelEn : l.labelDa) : t('corrections.unknownBehaviour');
  };
  const canCorrect = can(user, 'concern.correct') && c.record !== null && c.record !== undefined;
  const isOpen = !TRIAGED_STATUSES.includes(c.status);
  // The role's capability says who may act at all; the status machine says what is next (a received concern's police
  // check passes through police_check on the way, as the server does it).
  const canShare = can(user, 'concern.share') && isOpen;
  const canPoliceCheck = can(user, 'concern.police_check') && (c.status === 'received' || c.status === 'police_check');
  const canDecide = can(user, 'concern.assess') && c.status === 'infohus' && c.allowedTransitions.includes('justified');
  const reload = () => void refresh(path);

  return (
    <>
      <PageHeading>{`${t('concern.headingWithDate', { at: formatDateTime(c.receivedAt) })} · ${c.number}`}</PageHeading>
      <LiveRegion>{done && <Alert variant="success">{done}</Alert>}</LiveRegion>
      <p className="vink-status-line">
        <span className="badge badge-info">{t(`vocab.concernStatus.${c.status}`)}</span>{' '}
        {c.triagedAt ? (
          t(c.handledInTime ? 'queue.handledInTime' : 'queue.handledLate')
        ) : (
          <Countdown deadline={c.deadlineAt} now={now} />
        )}
      </p>
      {isOpen && <HandoverControl kind="concern" id={c.id} version={c.version} current={null} onDone={reload} />}
      {c.caseId && (
        <p>
          <Link to={pathTo('/sager/:id', { id: c.caseId })}>{t('concern.openCase')}</Link>
        </p>
      )}
      {c.childReportDue && (
        <Alert variant="warning">
          <strong>{t('intake.minorHeading')}</strong> {t('intake.minorDuty')}
        </Alert>
      )}
      {c.childReport && (
        <>
          <h2>{t('concern.childReport.heading')}</h2>
          <p>
            {c.childReport.made
              ? t('concern.childReport.made', { to: c.childReport.recipient, at: formatDateTime(c.childReport.reportedAt ?? c.childReport.recordedAt) })
              : t('concern.childReport.notMade')}
          </p>
          {c.childReport.reason && <p className="vink-prewrap">{c.childReport.reason}</p>}
        </>
      )}
      {c.religionOverride && <Alert variant="info">{t('concern.religionOverride')}</Alert>}

      <h2>{t('concern.person')}</h2>
      {c.person.visible ? (
        <dl className="vink-facts">
          <dt>{t('intake.fullName')}</dt>
          <dd>{c.person.fullName}</dd>
          <dt>{t('intake.birthDate')}</dt>
          <dd>{c.person.birthDate ? formatDate(c.person.birthDate) : t('intake.unknown')}</dd>
          <dt>{t('intake.cpr')}</dt>
          <dd>{c.person.cprMasked ?? t('intake.noCpr')}</dd>
        </dl>
      ) : (
        <p>{t('concern.personHidden')}</p>
      )}

      <h2>{t('concern.behaviour')}</h2>
      <ul>
        {c.behaviourIndicators.map((code) => (
          <li key={code}>{labelOf(code)}</li>
        ))}
      </ul>
      <p className="vink-prewrap">{c.behaviourDescription}</p>
      <dl className="vink-facts">
        <dt>{t('intake.severity')}</dt>
        <dd>{t(`vocab.severity.${c.severity}`)}</dd>
        <dt>{t('intake.ideologyArea')}</dt>
        <dd>{t(`vocab.ideology.${c.ideologyArea}`)}</dd>
        {c.category && (
          <>
            <dt>{t('vocabularies.intake.shown.category')}</dt>
            <dd>{categories.label(c.category)}</dd>
          </>
        )}
        <dt>{t('vocabularies.intake.shown.online')}</dt>
        <dd>{c.online ? [t('vocabularies.intake.shown.online'), platforms.label(c.onlinePlatform)].filter(Boolean).join(': ') : t('vocabularies.intake.shown.onlineNo')}</dd>
        {c.returnee && (
          <>
            <dt>{t('vocabularies.intake.shown.returnee')}</dt>
            <dd>{t('vocabularies.yes')}</dd>
          </>
        )}
        <dt>{t('intake.channel')}</dt>
        <dd>{t(`vocab.concernChannel.${c.channel}`)}</dd>
        <dt>{t('intake.reporter')}</dt>
        <dd>
          {c.reporter.anonymous
            ? t('concern.anonymous')
            : [c.reporter.name, c.reporter.contact, c.reporter.organisation].filter(Boolean).join(', ') || t('concern.notGiven')}
        </dd>
        <dt>{t('bias.reporterSector')}</dt>
        <dd>{c.reporter.sector ? sectors.label(c.reporter.sector) : t('bias.sector.unknown')}</dd>
        {c.policeCheck && (
          <>
            <dt>{t('concern.policeCheck')}</dt>
            <dd>
              {t(`vocab.policeOutcome.${c.policeCheck.outcome}`)} ({formatDateTime(c.policeCheck.checkedAt)})
            </dd>
          </>
        )}
      </dl>

      {c.record && <ConcernFlowRecord record={c.record} />}
      {c.record && <InfohusCorrection concern={c} path={path} />}
      {c.record && <CorrectionHistory changes={c.record.corrections} concern={c} />}
      {canCorrect && indicators.data && <CorrectConcernForm concern={c} indicators={indicators.data} path={path} />}

      {c.childReportDue && can(user, 'concern.child_report') && (
        <ChildReportForm concern={c} onDone={() => setDone(t('concern.childReport.done'))} onReload={reload} />
      )}
      {canShare && <ShareForm concern={c} onDone={() => setDone(t('concern.share.done'))} onReload={reload} />}
      {canPoliceCheck && <PoliceCheckForm concern={c} onDone={() => setDone(t('concern.police.done'))} onReload={reload} />}
      {canDecide && <InfohusForm concern={c} onDone={() => setDone(t('concern.infohus.done'))} onReload={reload} />}
      {isOpen && <TransferRequest record={{ kind: 'concern', id: c.id }} />}
      <DocumentsSection record={{ kind: 'concern', id: c.id }} />
      {can(user, 'psychiatry.read') && <PsychiatrySection kind="concern" id={c.id} mayRecord={can(user, 'psychiatry.manage')} />}
    </>
  );
}

/** The concern's resource path (and query key). */
function concernPath(id: string): string {
  return pathTo('/api/v1/concerns/:id', { id });
}

interface ActionProps {
  concern: Concern;
  onDone(): void;
  onReload(): void;
}

/**
 * A step on the concern (share, police check, Infohus decision). Its answer holds the concern as it is now, which
 * replaces the one on the page: no second look-up.
 */
function useConcernStep<T>(concern: Concern, step: 'share' | 'police-check' | 'infohus' | 'child-report', concernOf: (answer: T) => Concern) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: object) => (await apiPost<T>(`${concernPath(concern.id)}/${step}`, body)).body,
    // The answer holds the concern as it is now; the record (shares, decision, disclosures) is read again with it, so
    // what was just saved shows at once (D3).
    onSuccess: async (answer) => {
      const key = resourceKey(concernPath(concern.id));
      client.setQueryData(key, (old: ConcernWithRecord | undefined) => ({ ...concernOf(answer), record: old?.record ?? null }));
      await client.invalidateQueries({ queryKey: key, exact: true });
    },
  });
}

function ConflictAlert({ show, onReload }: { show: boolean; onReload(): void }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <div className="alert alert-error">
      <div className="alert-body">
        <p className="alert-text">{t('errors.conflict')}</p>
        <button type="button" className="button button-secondary" onClick={onReload}>
          {t('errors.reload')}
        </button>
      </div>
    </div>
  );
}

function LegalBasisFields({
  idPrefix, value, text, onChange, onText, error, textError,
}: {
  idPrefix: string; value: string; text: string; onChange(v: string): void; onText(v: string): void;
  error?: string | undefined; textError?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <RadioGroup
        id={`${idPrefix}-basis`}
        name={`${idPrefix}-basis`}
        legend={t('concern.legalBasis')}
        hint={t('concern.legalBasisHint')}
        value={value}
        onChange={onChange}
        options={LegalBasis.options.map((b) => ({ value: b, label: t(`vocab.legalBasis.${b}`) }))}
        error={error}
      />
      {value === 'other' && (
        <TextField
          id={`${idPrefix}-basis-text`}
          label={t('concern.legalBasisText')}
          value={text}
          onChange={(e) => onText(e.target.value)}
          error={textError}
        />
      )}
    </>
  );
}

function ShareForm({ concern, onDone, onReload }: ActionProps) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState('');
  const [basis, setBasis] = useState('retsplejeloven_115');
  const [basisText, setBasisText] = useState('');
  const [summary, setSummary] = useState('');
  const share = useConcernStep<ShareResult>(concern, 'share', (a) => a.concern);
  const form = useFormErrors();
  const fields: FieldMap = {
    userId: { target: 'share-user', message: t('concern.share.errors.userId') },
    legalBasis: { target: 'share-basis-retsplejeloven_115', message: t('concern.errors.legalBasis') },
    legalBasisText: { target: 'share-basis-text', message: t('concern.errors.legalBasisText') },
    contentSummary: { target: 'share-summary', message: t('concern.share.errors.summary') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (share.isPending) return;
    const problems = [
      !UUID.test(userId.trim()) && fields.userId!,
      basis === 'other' && !basisText.trim() && fields.legalBasisText!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await share.mutateAsync({
        version: concern.version,
        userId: userId.trim(),
        legalBasis: basis,
        ...(basis === 'other' ? { legalBasisText: basisText.trim() } : {}),
        ...(summary.trim() ? { contentSummary: summary.trim() } : {}),
      });
      // A fresh form after the share (D18): the recipient and summary are not left in to invite a second share.
      setUserId('');
      setSummary('');
      setBasis('retsplejeloven_115');
      setBasisText('');
      onDone();
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <section className="vink-action" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('concern.share.heading')}</h2>
      <p>{t('concern.share.intro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <ConflictAlert show={form.conflict} onReload={onReload} />
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={share.isPending} aria-labelledby="share-heading">
        <DirectoryPicker id="share-user" label={t('concern.share.recipient')} hint={t('concern.share.recipientHint')} roles={SHARE_ROLES}
          value={userId} onChange={(v) => setUserId(v)} error={form.errorFor('share-user')} />
        <LegalBasisFields idPrefix="share" value={basis} text={basisText} onChange={setBasis} onText={setBasisText}
          error={form.errorFor('share-basis-retsplejeloven_115')} textError={form.errorFor('share-basis-text')} />
        <TextArea id="share-summary" label={t('concern.share.summary')} hint={t('concern.share.summaryHint')} rows={2}
          value={summary} onChange={(e) => setSummary(e.target.value)} error={form.errorFor('share-summary')} />
        <button type="submit" className="button button-primary">{t('concern.share.submit')}</button>
      </form>
    </section>
  );
}

/** The decision on the report to the children and youth authority (barnets lov § 133): made (to whom, when) or not (why). */
function ChildReportForm({ concern, onDone, onReload }: ActionProps) {
  const { t } = useTranslation();
  const [made, setMade] = useState('');
  const [recipient, setRecipient] = useState('');
  const [reportedOn, setReportedOn] = useState(todayInDenmark());
  const [reason, setReason] = useState('');
  const record = useConcernStep<Concern>(concern, 'child-report', (a) => a);
  const form = useFormErrors();
  const fields: FieldMap = {
    made: { target: 'child-report-made-yes', message: t('concern.childReport.errors.made') },
    recipient: { target: 'child-report-recipient', message: t('concern.childReport.errors.recipient') },
    reportedAt: { target: 'child-report-date', message: t('concern.childReport.errors.reportedAt') },
    reason: { target: 'child-report-reason', message: t('concern.childReport.errors.reason') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (record.isPending) return;
    const problems = [
      !made && fields.made!,
      made === 'yes' && !recipient.trim() && fields.recipient!,
      made === 'yes' && !/^\d{4}-\d{2}-\d{2}$/.test(reportedOn) && fields.reportedAt!,
      made === 'no' && !reason.trim() && fields.reason!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await record.mutateAsync(made === 'yes'
        ? { made: true, recipient: recipient.trim(), reportedAt: reportedOn === todayInDenmark() ? new Date().toISOString() : `${reportedOn}T12:00:00+01:00`, ...(reason.trim() ? { reason: reason.trim() } : {}) }
        : { made: false, reason: reason.trim() });
      onDone();
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <section className="vink-action" aria-labelledby="child-report-heading">
      <h2 id="child-report-heading">{t('concern.childReport.heading')}</h2>
      <p>{t('concern.childReport.intro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <ConflictAlert show={form.conflict} onReload={onReload} />
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={record.isPending} aria-labelledby="child-report-heading">
        <RadioGroup id="child-report-made" name="childReportMade" legend={t('concern.childReport.madeQuestion')} value={made} onChange={setMade}
          options={(['yes', 'no'] as const).map((v) => ({ value: v, label: t(`concern.childReport.answer.${v}`) }))}
          error={form.errorFor('child-report-made-yes')} />
        {made === 'yes' && (
          <>
            <TextField id="child-report-recipient" label={t('concern.childReport.recipient')} autoComplete="off" value={recipient}
              onChange={(e) => setRecipient(e.target.value)} error={form.errorFor('child-report-recipient')} />
            <TextField id="child-report-date" type="date" label={t('concern.childReport.reportedAt')} value={reportedOn}
              onChange={(e) => setReportedOn(e.target.value)} error={form.errorFor('child-report-date')} />
          </>
        )}
        <TextArea id="child-report-reason" label={t(made === 'no' ? 'concern.childReport.reasonWhyNot' : 'concern.childReport.reason')} rows={2}
          value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('child-report-reason')} />
        <button type="submit" className="button button-primary">{t('concern.childReport.submit')}</button>
      </form>
    </section>
  );
}

function PoliceCheckForm({ concern, onDone, onReload }: ActionProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('clear');
  const check = useConcernStep<Concern>(concern, 'police-check', (a) => a);
  const form = useFormErrors();
  const fields: FieldMap = { outcome: { target: 'police-outcome-clear', message: t('concern.police.errors.outcome') } };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (check.isPending) return;
    try {
      await check.mutateAsync({
        version: concern.version,
        outcome,
      });
      onDone();
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <section className="vink-action" aria-labelledby="police-heading">
      <h2 id="police-heading">{t('concern.police.heading')}</h2>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <ConflictAlert show={form.conflict} onReload={onReload} />
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={check.isPending} aria-labelledby="police-heading">
        <RadioGroup id="police-outcome" name="policeOutcome" legend={t('concern.police.outcome')} value={outcome} onChange={setOutcome}
          options={(['clear', 'police_take_over', 'acute'] as const).map((o) => ({ value: o, label: t(`vocab.policeOutcome.${o}`) }))}
          error={form.errorFor('police-outcome-clear')} />
        <button type="submit" className="button button-primary">{t('concern.police.submit')}</button>
      </form>
    </section>
  );
}

interface DisclosureDraft {
  key: number;
  partnerOrganisation: string;
  legalBasis: string;
  legalBasisText: string;
  contentSummary: string;
}

function InfohusForm({ concern, onDone, onReload }: ActionProps) {
  const { t } = useTranslation();
  const [meetingDate, setMeetingDate] = useState(todayInDenmark());
  const [participants, setParticipants] = useState('');
  const [decision, setDecision] = useState('');
  const [reasoning, setReasoning] = useState('');
  const [disclosures, setDisclosures] = useState<DisclosureDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const decide = useConcernStep<InfohusResult>(concern, 'infohus', (a) => a.concern);
  const [caseId, setCaseId] = useState<string | null>(null);
  const form = useFormErrors();
  const fields: FieldMap = {
    meetingDate: { target: 'infohus-date', message: t('concern.infohus.errors.meetingDate') },
    participants: { target: 'infohus-participants', message: t('concern.infohus.errors.participants') },
    decision: { target: 'infohus-decision-justified', message: t('concern.infohus.errors.decision') },
    reasoning: { target: 'infohus-reasoning', message: t('concern.infohus.errors.reasoning') },
  };
  disclosures.forEach((d, i) => {
    fields[`disclosures.${i}.partnerOrganisation`] = { target: `disclosure-${d.key}-org`, message: t('concern.infohus.errors.partner') };
    fields[`disclosures.${i}.legalBasis`] = { target: `disclosure-${d.key}-basis-retsplejeloven_115`, message: t('concern.errors.legalBasis') };
    fields[`disclosures.${i}.legalBasisText`] = { target: `disclosure-${d.key}-basis-text`, message: t('concern.errors.legalBasisText') };
    fields[`disclosures.${i}.contentSummary`] = { target: `disclosure-${d.key}-summary`, message: t('concern.infohus.errors.summary') };
  });
  const update = (key: number, patch: Partial<DisclosureDraft>) =>
    setDisclosures((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (decide.isPending) return;
    const names = participants.split('\n').map((s) => s.trim()).filter(Boolean);
    const problems = [
      (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDate) || meetingDate > todayInDenmark()) && fields.meetingDate!,
      names.length === 0 && fields.participants!,
      !decision && fields.decision!,
      !reasoning.trim() && fields.reasoning!,
      ...disclosures.flatMap((d, i) => [
        !d.partnerOrganisation.trim() && fields[`disclosures.${i}.partnerOrganisation`]!,
        d.legalBasis === 'other' && !d.legalBasisText.trim() && fields[`disclosures.${i}.legalBasisText`]!,
        !d.contentSummary.trim() && fields[`disclosures.${i}.contentSummary`]!,
      ]),
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      const answer = await decide.mutateAsync(
        {
          version: concern.version,
          meetingDate,
          participants: names,
          decision,
          reasoning: reasoning.trim(),
          disclosures: disclosures.map((d) => ({
            partnerOrganisation: d.partnerOrganisation.trim(),
            legalBasis: d.legalBasis,
            ...(d.legalBasis === 'other' ? { legalBasisText: d.legalBasisText.trim() } : {}),
            contentSummary: d.contentSummary.trim(),
          })),
        },
      );
      setCaseId(answer.caseId);
      onDone();
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <section className="vink-action" aria-labelledby="infohus-heading">
      <h2 id="infohus-heading">{t('concern.infohus.heading')}</h2>
      <p>{t('concern.infohus.intro')}</p>
      {caseId && (
        <p>
          <Link to={pathTo('/sager/:id', { id: caseId })}>{t('concern.openCase')}</Link>
        </p>
      )}
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <ConflictAlert show={form.conflict} onReload={onReload} />
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={decide.isPending} aria-labelledby="infohus-heading">
        <TextField id="infohus-date" type="date" label={t('concern.infohus.meetingDate')} inputClassName="input-width-s"
          max={todayInDenmark()} value={meetingDate} onChange={(e) => setMeetingDate(e.target.value)} error={form.errorFor('infohus-date')} />
        <TextArea id="infohus-participants" label={t('concern.infohus.participants')} hint={t('concern.infohus.participantsHint')} rows={3}
          value={participants} onChange={(e) => setParticipants(e.target.value)} error={form.errorFor('infohus-participants')} />
        <RadioGroup id="infohus-decision" name="decision" legend={t('concern.infohus.decision')} value={decision} onChange={setDecision}
          options={[
            { value: 'justified', label: t('vocab.decision.justified'), hint: t('concern.infohus.justifiedHint') },
            { value: 'unfounded', label: t('vocab.decision.unfounded'), hint: t('concern.infohus.unfoundedHint') },
          ]}
          error={form.errorFor('infohus-decision-justified')} />
        <TextArea id="infohus-reasoning" label={t('concern.infohus.reasoning')} value={reasoning}
          onChange={(e) => setReasoning(e.target.value)} error={form.errorFor('infohus-reasoning')} />

        <h3>{t('concern.infohus.disclosures')}</h3>
        <p>{t('concern.infohus.disclosuresIntro')}</p>
        {disclosures.map((d, i) => (
          <fieldset key={d.key} className="vink-subgroup">
            <legend className="h4">{t('concern.infohus.disclosureN', { n: i + 1 })}</legend>
            <TextField id={`disclosure-${d.key}-org`} label={t('concern.infohus.partner')} value={d.partnerOrganisation}
              onChange={(e) => update(d.key, { partnerOrganisation: e.target.value })} error={form.errorFor(`disclosure-${d.key}-org`)} />
            <LegalBasisFields idPrefix={`disclosure-${d.key}`} value={d.legalBasis} text={d.legalBasisText}
              onChange={(v) => update(d.key, { legalBasis: v })} onText={(v) => update(d.key, { legalBasisText: v })}
              error={form.errorFor(`disclosure-${d.key}-basis-retsplejeloven_115`)} textError={form.errorFor(`disclosure-${d.key}-basis-text`)} />
            <TextArea id={`disclosure-${d.key}-summary`} label={t('concern.infohus.summary')} rows={2} value={d.contentSummary}
              onChange={(e) => update(d.key, { contentSummary: e.target.value })} error={form.errorFor(`disclosure-${d.key}-summary`)} />
            <button type="button" className="button button-tertiary" onClick={() => setDisclosures((l) => l.filter((x) => x.key !== d.key))}>
              {t('concern.infohus.removeDisclosure', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <p>
          <button type="button" className="button button-secondary" onClick={() => {
            setDisclosures((l) => [...l, { key: nextKey, partnerOrganisation: '', legalBasis: 'retsplejeloven_115', legalBasisText: '', contentSummary: '' }]);
            setNextKey((k) => k + 1);
          }}>
            {t('concern.infohus.addDisclosure')}
          </button>
        </p>
        <button type="submit" className="button button-primary">{t('concern.infohus.submit')}</button>
      </form>
    </section>
  );
}
