import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPut } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { CheckboxGroup, ErrorSummary } from '../../components/forms.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { COURSE_DIMENSIONS_INSTRUMENT, type CourseDimensions as Marks } from '../../../shared/course-dimensions.ts';
import { dimensionsOf, labelText } from './instrument.ts';
import type { CaseCourse, Instrument } from './types.ts';

/**
 * The dimensions of the national tool a course addresses (docs/domain.md, "Relevant dimensions of a course"), on the
 * course card: the current marking, and for a coordinator (course.manage) a form to change it. Each save is a new
 * version; a stale version answers 409 and the form says so. Where a plan measures the "relevante" factors, the
 * progression indicator counts only these.
 */
export function CourseDimensions({ course, mayManage, seed }: { course: CaseCourse; mayManage: boolean; seed?: Marks | undefined }) {
  const { t } = useTranslation();
  const path = `/api/v1/courses/${course.id}/dimensions`;
  const marks = useResource<Marks>(path, seed);
  const instrument = useResource<Instrument>(`/api/v1/assessment-instruments/${COURSE_DIMENSIONS_INSTRUMENT}`);
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormErrors();
  const save = useMutation({ mutationFn: async (body: object) => (await apiPut<Marks>(path, body)).body });
  useEffect(() => setChosen(marks.data?.dimensions ?? []), [marks.data?.version]);
  if (!marks.data || !instrument.data) return null;
  const dims = dimensionsOf(instrument.data);
  const labelOf = (code: string) => {
    const d = dims.find((x) => x.code === code);
    return d ? labelText(d.label) : code;
  };
  const id = `course-${course.id}-dimensions`;
  const fields: FieldMap = { dimensions: { target: `${id}-${dims[0]?.code ?? ''}`, message: t('courseDims.errors.none') } };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending || !marks.data) return;
    setSaved(null);
    if (!form.check(chosen.length === 0 ? [fields.dimensions!] : [])) return;
    try {
      const body = await save.mutateAsync({ version: marks.data.version, dimensions: dims.map((d) => d.code).filter((c) => chosen.includes(c)) });
      await refresh(path);
      setOpen(false);
      setSaved(t('courseDims.saved', { version: body.version }));
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <div className="vink-course-dimensions">
      <p>
        <strong>{t('courseDims.heading')}:</strong>{' '}
        {marks.data.dimensions.length ? marks.data.dimensions.map(labelOf).join(', ') : t('courseDims.none')}
        {marks.data.version > 0 && <> ({t('courseDims.version', { version: marks.data.version })})</>}
      </p>
      <LiveRegion>{saved && <Alert variant="success">{saved}</Alert>}</LiveRegion>
      {mayManage && !open && (
        <button type="button" className="button button-secondary" onClick={() => { setSaved(null); setOpen(true); }}
          aria-label={t('courseDims.editLabel', { kind: t(`cases.courseKind.${course.kind}`) })}>
          {t('courseDims.edit')}
        </button>
      )}
      {mayManage && open && (
        <form className="vink-form" noValidate onSubmit={submit} aria-busy={save.isPending} aria-label={t('courseDims.formLabel', { kind: t(`cases.courseKind.${course.kind}`) })}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.conflict && <Alert variant="error">{t('courseDims.conflict')}</Alert>}
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
          </LiveRegion>
          <CheckboxGroup id={id} name={id} legend={t('courseDims.legend')} hint={t('courseDims.hint')} value={chosen} onChange={setChosen}
            error={form.errorFor(`${id}-${dims[0]?.code ?? ''}`)} options={dims.map((d) => ({ value: d.code, label: labelText(d.label) }))} />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={save.isPending}>{t('courseDims.save')}</button>
            <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>{t('cases.cancel')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
