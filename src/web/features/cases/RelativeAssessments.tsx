import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { RELATIVE_COACH_INSTRUMENT, type CoachAssessment } from '../../../shared/coach-assessments.ts';
import { dimensionsOf, labelText, scaleLabel } from './instrument.ts';
import type { Instrument } from './types.ts';

const KINDS = ['start', 'six_months', 'end', 'other'] as const;

/**
 * The coached relative's own assessments on a relative-coach course (docs/domain.md, "The coached relative's
 * instrument"): a table of those recorded, and, for whoever may record assessments, a form with one rating per item
 * (or Ukendt). The plan's coach target is measured on these, not on the young person's assessment.
 */
export function RelativeAssessments({ courseId, startedOn, mayRecord, headingLevel = 4, seed }: {
  courseId: string; startedOn: string; mayRecord: boolean; headingLevel?: 2 | 4; seed?: CoachAssessment[] | undefined;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const path = `/api/v1/courses/${courseId}/relative-assessments`;
  const list = useResource<CoachAssessment[]>(path, seed);
  const instrument = useResource<Instrument>(`/api/v1/assessment-instruments/${RELATIVE_COACH_INSTRUMENT}`);
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  if (!list.data || !instrument.data) return null;
  const items = dimensionsOf(instrument.data);
  return (
    <section className={headingLevel === 2 ? 'vink-relative-assessments vink-case-section' : 'vink-relative-assessments'} aria-labelledby={headingId}>
      {headingLevel === 2 ? <h2 id={headingId}>{t('relativeCoach.heading')}</h2> : <h4 id={headingId}>{t('relativeCoach.heading')}</h4>}
      <p className="form-hint">{t('relativeCoach.intro')}</p>
      {list.data.length === 0 ? <p>{t('relativeCoach.none')}</p> : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('relativeCoach.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('relativeCoach.assessment')}</th>
                {items.map((d) => <th scope="col" key={d.code}>{labelText(d.label)}</th>)}
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{t(`cases.assessments.kind.${a.kind}`)}, {formatDate(a.assessedOn)}</th>
                  {items.map((d) => {
                    const r = a.ratings.find((x) => x.dimension === d.code);
                    return <td key={d.code}>{r ? scaleLabel(instrument.data!, r.rating) : '–'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LiveRegion>{saved && <Alert variant="success">{saved}</Alert>}</LiveRegion>
      {mayRecord && !open && (
        <button type="button" className="button button-secondary" onClick={() => { setSaved(null); setOpen(true); }}>{t('relativeCoach.new')}</button>
      )}
      {mayRecord && open && (
        <RelativeAssessmentForm courseId={courseId} startedOn={startedOn} instrument={instrument.data} onCancel={() => setOpen(false)}
          onSaved={() => { setOpen(false); setSaved(t('relativeCoach.saved')); }} />
      )}
    </section>
  );
}

function RelativeAssessmentForm({ courseId, startedOn, instrument, onSaved, onCancel }: {
  courseId: string; startedOn: string; instrument: Instrument; onSaved(): void; onCancel(): void;
}) {
  const { t } = useTranslation();
  const path = `/api/v1/courses/${courseId}/relative-assessments`;
  const refresh = useRefresh();
  const items = dimensionsOf(instrument);
  const [kind, setKind] = useState('');
  const [assessedOn, setAssessedOn] = useState(todayInDenmark());
  const [ratings, setRatings] = useState<Record<string, string>>({});
  const form = useFormErrors();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost<CoachAssessment>(path, body)).body });
  const prefix = `relative-${courseId}`;
  const fields: FieldMap = {
    kind: { target: `${prefix}-kind-${KINDS[0]}`, message: t('relativeCoach.errors.kind') },
    assessedOn: { target: `${prefix}-date`, message: t('relativeCoach.errors.date') },
    ...Object.fromEntries(items.map((d, i) => [`ratings[${i}].rating`, { target: `${prefix}-${d.code}`, message: t('relativeCoach.errors.rating', { item: labelText(d.label) }) }])),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    const problems = [
      !kind && fields.kind!,
      (!/^\d{4}-\d{2}-\d{2}$/.test(assessedOn) || assessedOn < startedOn || assessedOn > todayInDenmark()) && fields.assessedOn!,
      ...items.map((d, i) => ratings[d.code] === undefined || ratings[d.code] === '' ? fields[`ratings[${i}].rating`]! : null),
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await save.mutateAsync({
        kind, assessedOn, instrumentId: instrument.id,
        ratings: items.map((d) => ({ dimension: d.code, rating: ratings[d.code] === 'unknown' ? null : Number(ratings[d.code]) })),
      });
      await refresh(path);
      onSaved();
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  const scale = instrument.scale.map((s) => ({ value: s.value === null ? 'unknown' : String(s.value), label: scaleLabel(instrument, s.value) }));
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-busy={save.isPending} aria-label={t('relativeCoach.new')}>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.conflict && <Alert variant="error">{t('relativeCoach.startConflict')}</Alert>}
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
      </LiveRegion>
      <RadioGroup id={`${prefix}-kind`} name={`${prefix}-kind`} legend={t('cases.assessments.kindLegend')} value={kind} onChange={setKind}
        error={form.errorFor(`${prefix}-kind-${KINDS[0]}`)} options={KINDS.map((k) => ({ value: k, label: t(`cases.assessments.kind.${k}`) }))} />
      <TextField id={`${prefix}-date`} type="date" inputClassName="input-width-s" label={t('cases.assessments.date')} min={startedOn} max={todayInDenmark()}
        value={assessedOn} onChange={(e) => setAssessedOn(e.target.value)} error={form.errorFor(`${prefix}-date`) ?? null} />
      {items.map((d) => (
        <SelectField key={d.code} id={`${prefix}-${d.code}`} label={labelText(d.label)} value={ratings[d.code] ?? ''}
          error={form.errorFor(`${prefix}-${d.code}`)} onChange={(e) => setRatings({ ...ratings, [d.code]: e.target.value })}
          options={[{ value: '', label: t('cases.choose') }, ...scale]} />
      ))}
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>{t('relativeCoach.submit')}</button>
        <button type="button" className="button button-tertiary" onClick={onCancel}>{t('cases.cancel')}</button>
      </div>
    </form>
  );
}
