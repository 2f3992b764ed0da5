import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPatch } from '../../api/client.ts';
import { resourceKey } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDate, formatDateTime } from '../../components/dates.ts';
import { CheckboxGroup, ErrorSummary, RadioGroup, TextArea } from '../../components/forms.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { SEVERITIES } from '../../../shared/concern-workflow.ts';
import type { ConcernRecord, FieldChange } from '../../../shared/corrections.ts';
import type { BehaviourIndicator, Concern } from './model.ts';

/** The concern as GET /concerns/:id answers it: with the unit's record of its flow (null for police and partners). */
export type ConcernWithRecord = Concern & { record?: ConcernRecord | null };

/** A behaviour code's label in the current language; never the raw code (D8). */
export function useBehaviourLabel(concern: Concern): (code: string) => string {
  const { t, i18n } = useTranslation();
  return (code: string) => {
    const l = concern.behaviourLabels.find((x) => x.code === code);
    return l ? (i18n.language === 'en' ? l.labelEn : l.labelDa) : t('corrections.unknownBehaviour');
  };
}

/**
 * What the flow recorded on the concern (issue 12, item 9; D3): every share with its legal basis, the Infohus decision
 * with meeting date, participants and reasoning, and every disclosure with its legal basis. Shown after they are
 * saved, to the unit's own staff.
 */
export function ConcernFlowRecord({ record }: { record: ConcernRecord }) {
  const { t } = useTranslation();
  const basis = (b: string, text: string | null) => (b === 'other' && text ? text : t(`vocab.legalBasis.${b}`));
  return (
    <>
      <section aria-labelledby="concern-shares-heading">
        <h2 id="concern-shares-heading">{t('corrections.shares.heading')}</h2>
        {record.shares.length === 0 ? (
          <p>{t('corrections.shares.none')}</p>
        ) : (
          <ul>
            {record.shares.map((s) => (
              <li key={`${s.recipient}-${s.sharedAt}`}>
                {t('corrections.shares.item', {
                  who: s.organisation ? `${s.recipient} (${s.organisation})` : s.recipient, basis: basis(s.legalBasis, s.legalBasisText), at: formatDateTime(s.sharedAt),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      {record.infohus && (
        <section aria-labelledby="concern-infohus-heading">
          <h2 id="concern-infohus-heading">{t('corrections.infohus.heading')}</h2>
          <dl className="vink-facts">
            <dt>{t('corrections.infohus.decision')}</dt>
            <dd>{t(`vocab.decision.${record.infohus.decision}`)}</dd>
            <dt>{t('corrections.infohus.meetingDate')}</dt>
            <dd>{formatDate(record.infohus.meetingDate)}</dd>
            <dt>{t('corrections.infohus.participants')}</dt>
            <dd>{record.infohus.participants.join(', ')}</dd>
            <dt>{t('corrections.infohus.decidedBy')}</dt>
            <dd>{t('corrections.infohus.decidedByAt', { who: record.infohus.decidedBy, at: formatDateTime(record.infohus.decidedAt) })}</dd>
          </dl>
          <h3>{t('corrections.infohus.reasoning')}</h3>
          <p className="vink-prewrap">{record.infohus.reasoning}</p>
        </section>
      )}
      {record.disclosures.length > 0 && (
        <section aria-labelledby="concern-disclosures-heading">
          <h2 id="concern-disclosures-heading">{t('corrections.disclosures.heading')}</h2>
          <ul>
            {record.disclosures.map((d) => (
              <li key={d.id}>
                {t('corrections.disclosures.item', { to: d.partnerOrganisation, basis: basis(d.legalBasis, d.legalBasisText), at: formatDateTime(d.disclosedAt) })}
                {' '}
                <span className="vink-muted">{d.contentSummary}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The field history of a concern (who, when, old → new), oldest first. */
export function CorrectionHistory({ changes, concern }: { changes: FieldChange[]; concern: Concern }) {
  const { t } = useTranslation();
  const label = useBehaviourLabel(concern);
  if (changes.length === 0) return null;
  const shown = (field: string, v: string | null) => {
    if (v === null || v === '') return t('corrections.empty');
    if (field === 'severity') return t(`vocab.severity.${v}`);
    if (field === 'behaviourIndicators') return v.split(', ').map((code) => (concern.behaviourIndicators.includes(code) ? label(code) : code.replace(/_/g, ' '))).join(', ');
    if (field === 'reporter.anonymous') return t(v === 'true' ? 'corrections.yes' : 'corrections.no');
    return v;
  };
  return (
    <section aria-labelledby="concern-history-heading">
      <h2 id="concern-history-heading">{t('corrections.history.heading')}</h2>
      <table className="table table--compact">
        <caption className="sr-only">{t('corrections.history.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('corrections.history.when')}</th>
            <th scope="col">{t('corrections.history.who')}</th>
            <th scope="col">{t('corrections.history.field')}</th>
            <th scope="col">{t('corrections.history.change')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.version}-${c.field}`}>
              <td>{formatDateTime(c.changedAt)}</td>
              <td>{c.changedBy.displayName}</td>
              <td>{t(`corrections.fields.${c.field}`)}</td>
              <td>{shown(c.field, c.oldValue)} → {shown(c.field, c.newValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Correcting a concern (issue 12, item 6): severity, behaviour codes and description, at the version read. The server
 * keeps the history; a 409 says someone else changed it first. Opened by a button so the page stays calm.
 */
export function CorrectConcernForm({ concern, indicators, path }: { concern: Concern; indicators: BehaviourIndicator[]; path: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [severity, setSeverity] = useState<string>(concern.severity);
  const [codes, setCodes] = useState<string[]>(concern.behaviourIndicators);
  const [description, setDescription] = useState(concern.behaviourDescription);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const fields: FieldMap = {
    severity: { target: `correct-severity-${SEVERITIES[0]}`, message: t('corrections.errors.severity') },
    behaviourIndicators: { target: `correct-behaviour-${indicators[0]?.code ?? 'threats'}`, message: t('corrections.errors.behaviour') },
    behaviourDescription: { target: 'correct-description', message: t('corrections.errors.description') },
  };
  const correct = useMutation({
    mutationFn: async (body: object) => (await apiPatch<{ concern: ConcernWithRecord; changed: string[] }>(path, body)).body,
    onSuccess: (answer) => client.setQueryData(resourceKey(path), answer.concern),
  });

  function start() {
    setSeverity(concern.severity);
    setCodes(concern.behaviourIndicators);
    setDescription(concern.behaviourDescription);
    setSaved(false);
    form.clear();
    setOpen(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (correct.isPending) return;
    const problems = [
      codes.length === 0 && fields.behaviourIndicators!,
      description.trim().length < 10 && fields.behaviourDescription!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    const sameCodes = [...codes].sort().join(',') === [...concern.behaviourIndicators].sort().join(',');
    const body = {
      version: concern.version,
      ...(severity !== concern.severity ? { severity } : {}),
      ...(!sameCodes ? { behaviourIndicators: codes } : {}),
      ...(description.trim() !== concern.behaviourDescription ? { behaviourDescription: description.trim() } : {}),
    };
    if (Object.keys(body).length === 1) {
      setOpen(false);
      return;
    }
    try {
      await correct.mutateAsync(body);
      setSaved(true);
      setOpen(false);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <section aria-labelledby="correct-heading" className="vink-action">
      <h2 id="correct-heading">{t('corrections.heading')}</h2>
      <LiveRegion>{saved && <Alert variant="success">{t('corrections.saved')}</Alert>}</LiveRegion>
      {!open ? (
        <button type="button" className="button button-secondary" onClick={start}>{t('corrections.open')}</button>
      ) : (
        <form noValidate onSubmit={submit} className="vink-form" aria-busy={correct.isPending} aria-labelledby="correct-heading">
          <p>{t('corrections.intro')}</p>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
            {form.conflict && <Alert variant="warning">{t('corrections.conflict')}</Alert>}
          </LiveRegion>
          <RadioGroup id="correct-severity" name="correctSeverity" legend={t('corrections.fields.severity')} value={severity} onChange={setSeverity}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`vocab.severity.${s}`) }))} error={form.errorFor(fields.severity!.target)} />
          <CheckboxGroup id="correct-behaviour" name="correctBehaviour" legend={t('corrections.fields.behaviourIndicators')} value={codes} onChange={setCodes}
            options={indicators.map((i) => ({ value: i.code, label: i18n.language === 'en' ? i.labelEn : i.labelDa }))}
            error={form.errorFor(fields.behaviourIndicators!.target)} />
          <TextArea id="correct-description" label={t('corrections.fields.behaviourDescription')} value={description}
            onChange={(e) => setDescription(e.target.value)} error={form.errorFor('correct-description')} />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary">{t('corrections.submit')}</button>
            <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); }}>{t('corrections.cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
