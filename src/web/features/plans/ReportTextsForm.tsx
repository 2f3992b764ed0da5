import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPut } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { REPORT_ADDRESSEES } from '../../../shared/plans.ts';
import { indicatorLabel } from './format.ts';
import type { Dashboard } from './types.ts';

interface Texts { version: number; addressee: string | null; foreword: string | null; comments: { indicatorId: string; text: string }[]; history: { version: number; savedAt: string }[] }

/**
 * The yearly report's texts for the committee (docs/domain.md, "The yearly report"): to whom it goes, a foreword,
 * and a comment per target of the year, required where the target was missed. Each save is a new version; a stale
 * version answers 409 and the form says so.
 */
export function ReportTextsForm({ data, lang }: { data: Dashboard; lang: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const listId = useId();
  const path = `/api/v1/plans/${data.planId}/report-texts/${data.year}`;
  const texts = useResource<Texts>(path);
  const refresh = useRefresh();
  const targeted = data.indicators.filter((i) => i.target);
  const [addressee, setAddressee] = useState('');
  const [foreword, setForeword] = useState('');
  const [comments, setComments] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (!texts.data) return;
    setAddressee(texts.data.addressee ?? REPORT_ADDRESSEES[0]);
    setForeword(texts.data.foreword ?? '');
    setComments(Object.fromEntries(texts.data.comments.map((c) => [c.indicatorId, c.text])));
  }, [texts.data?.version, data.year]);
  const form = useFormErrors();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPut<Texts>(path, body)).body });
  const fields: FieldMap = {
    addressee: { target: 'report-addressee', message: t('planEdit.report.errors.addressee') },
    foreword: { target: 'report-foreword', message: t('planEdit.report.errors.foreword') },
    ...Object.fromEntries(targeted.map((i) => [`comments.${i.indicatorId}`, {
      target: `report-comment-${i.indicatorId}`, message: t('planEdit.report.errors.comment', { label: indicatorLabel(lang, i) }),
    }])),
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending || !texts.data) return;
    setSaved(null);
    const problems = [
      !addressee.trim() && fields.addressee!,
      ...targeted.filter((i) => i.status === 'not_met' && !comments[i.indicatorId]?.trim()).map((i) => fields[`comments.${i.indicatorId}`]!),
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      const body = await save.mutateAsync({
        version: texts.data.version, addressee: addressee.trim(), ...(foreword.trim() ? { foreword: foreword.trim() } : {}),
        comments: targeted.filter((i) => comments[i.indicatorId]?.trim()).map((i) => ({ indicatorId: i.indicatorId, text: comments[i.indicatorId]!.trim() })),
      });
      await refresh(path);
      setSaved(t('planEdit.report.saved', { version: body.version }));
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }
  return (
    <section className="vink-plan-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('planEdit.report.heading', { year: data.year })}</h2>
      <p>{t('planEdit.report.intro')}</p>
      {texts.data && texts.data.version > 0 && <p>{t('planEdit.report.version', { version: texts.data.version, count: texts.data.history.length })}</p>}
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.conflict && <Alert variant="error">{t('planEdit.conflict')}</Alert>}
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
      </LiveRegion>
      <LiveRegion>{saved && <Alert variant="success">{saved}</Alert>}</LiveRegion>
      {texts.data && (
        <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('planEdit.report.heading', { year: data.year })}>
          <TextField id="report-addressee" label={t('planEdit.report.addressee')} hint={t('planEdit.report.addresseeHint')} maxLength={300} list={listId}
            value={addressee} onChange={(e) => setAddressee(e.target.value)} error={form.errorFor('report-addressee')} />
          <datalist id={listId}>{REPORT_ADDRESSEES.map((a) => <option key={a} value={a} />)}</datalist>
          <TextArea id="report-foreword" label={t('planEdit.report.foreword')} maxLength={10000} value={foreword}
            onChange={(e) => setForeword(e.target.value)} error={form.errorFor('report-foreword')} />
          {targeted.map((i) => (
            <TextArea key={i.indicatorId} id={`report-comment-${i.indicatorId}`} maxLength={5000}
              label={t(i.status === 'not_met' ? 'planEdit.report.commentMissed' : 'planEdit.report.comment', { label: indicatorLabel(lang, i) })}
              value={comments[i.indicatorId] ?? ''} onChange={(e) => setComments({ ...comments, [i.indicatorId]: e.target.value })}
              error={form.errorFor(`report-comment-${i.indicatorId}`)} />
          ))}
          <button type="submit" className="button button-secondary">{t('planEdit.report.save')}</button>
        </form>
      )}
    </section>
  );
}
