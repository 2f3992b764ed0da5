import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet, apiPatch } from '../../api/client.ts';
import { canOnCase, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, RadioGroup, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { CaseIdeologyArea, PreventionLevel } from '../../../shared/contracts.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import { CASE_EDITABLE_FIELDS, type CaseDetail, type CaseEditable, type CaseEditableField } from './types.ts';

function editable(d: CaseEditable): CaseEditable {
  return { title: d.title, preventionLevel: d.preventionLevel, ideologyArea: d.ideologyArea };
}

/** A field changed by the other person and by me, to different values: the user must pick. */
export interface FieldMerge {
  field: CaseEditableField;
  base: CaseEditable[CaseEditableField];
  theirs: CaseEditable[CaseEditableField];
  mine: CaseEditable[CaseEditableField];
  /** 'conflict' needs a choice; 'theirs'/'mine' is decided because only one side changed it. */
  resolution: 'conflict' | 'theirs' | 'mine';
}

/**
 * Three-way comparison of the version I started from (base), the record as it is now (theirs) and my edit (mine).
 * A field only one side changed takes that side's value; a field both changed differently is a conflict.
 */
export function threeWay(base: CaseEditable, theirs: CaseEditable, mine: CaseEditable): FieldMerge[] {
  const out: FieldMerge[] = [];
  for (const field of CASE_EDITABLE_FIELDS) {
    const b = base[field];
    const th = theirs[field];
    const m = mine[field];
    if (th === b && m === b) continue;
    const resolution = m === b ? 'theirs' : th === b || th === m ? 'mine' : 'conflict';
    out.push({ field, base: b, theirs: th, mine: m, resolution });
  }
  return out;
}

interface MergeState {
  base: CaseEditable;
  theirs: CaseDetail;
  mine: CaseEditable;
  picks: Partial<Record<CaseEditableField, 'theirs' | 'mine'>>;
}

/**
 * The case's title, prevention level and ideology area, edited with optimistic locking. When someone else saved first
 * (409 with currentVersion), the record is reloaded and every field is shown as "theirs vs yours"; the user picks per
 * field and saves the merge against the new version. Nothing is ever overwritten without the user seeing it.
 */
export function CaseDetailsEditor({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayEdit = canOnCase(user, 'case.update', detail);
  const [editing, setEditing] = useState<{ base: CaseEditable; baseVersion: number } | null>(null);
  const [draft, setDraft] = useState<CaseEditable>(editable(detail));
  const [merge, setMerge] = useState<MergeState | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors();
  const changes = useCaseChanges(detail.id);
  const patch = useMutation({
    mutationFn: (body: Partial<CaseEditable> & { version: number }) => apiPatch<CaseDetail>(casePaths(detail.id).detail, body),
    onSuccess: () => changes.caseChanged(),
  });

  const show = (field: CaseEditableField, value: CaseEditable[CaseEditableField]): string => {
    if (field === 'preventionLevel') return t(`cases.level.${value as string}`);
    if (field === 'ideologyArea') return value === null ? t('cases.notSet') : t(`cases.ideology.${value as string}`);
    return String(value);
  };
  const fieldLabel = (field: CaseEditableField) => t(`cases.details.${field}`);

  function start() {
    form.clear();
    setDone(null);
    setDraft(editable(detail));
    setEditing({ base: editable(detail), baseVersion: detail.version });
  }

  /** PATCH the fields that differ from `against`; on 409 load the record and open the merge. */
  async function save(values: CaseEditable, against: CaseEditable, version: number) {
    const changed = CASE_EDITABLE_FIELDS.filter((f) => values[f] !== against[f]);
    if (changed.length === 0) {
      setEditing(null);
      setMerge(null);
      return;
    }
    setBusy(true);
    try {
      await patch.mutateAsync({ version, ...Object.fromEntries(changed.map((f) => [f, values[f]])) });
      setEditing(null);
      setMerge(null);
      setDone(t('cases.details.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // The record as it is now, to show beside my edit; the page itself keeps what I read until the merge is saved.
        const fresh = (await apiGet<CaseDetail>(casePaths(detail.id).detail)).body;
        setMerge({ base: against, theirs: fresh, mine: values, picks: {} });
        setEditing(null);
        form.clear();
      } else {
        form.fromError(error, { title: { target: 'case-title', message: t('cases.details.titleRequired') } }, t);
      }
    } finally {
      setBusy(false);
    }
  }

  function submitEdit(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    if (!form.check(draft.title.trim() ? [] : [{ target: 'case-title', message: t('cases.details.titleRequired') }])) return;
    void save({ ...draft, title: draft.title.trim() }, editing.base, editing.baseVersion);
  }

  function submitMerge(event: FormEvent) {
    event.preventDefault();
    if (!merge) return;
    const fields = threeWay(merge.base, editable(merge.theirs), merge.mine);
    const missing = fields.filter((f) => f.resolution === 'conflict' && !merge.picks[f.field]);
    if (!form.check(missing.map((f) => ({ target: `merge-${f.field}-theirs`, message: t('cases.merge.pick', { field: fieldLabel(f.field) }) })))) return;
    const result = editable(merge.theirs);
    for (const f of fields) {
      const side = f.resolution === 'conflict' ? merge.picks[f.field] : f.resolution;
      if (side === 'mine') (result as unknown as Record<string, unknown>)[f.field] = f.mine;
    }
    // The merge is saved against the version just loaded; if it moved again, the merge opens once more.
    void save(result, editable(merge.theirs), merge.theirs.version);
  }

  const facts = (
    <dl className="vink-facts">
      {CASE_EDITABLE_FIELDS.map((f) => (
        <div key={f} className="vink-fact">
          <dt>{fieldLabel(f)}</dt>
          <dd>{show(f, detail[f])}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <section aria-labelledby="details-heading" className="vink-case-section">
      <h2 id="details-heading">{t('cases.details.heading')}</h2>
      <LiveRegion>{done && <Alert variant="success">{done}</Alert>}</LiveRegion>
      {!editing && !merge && (
        <>
          {facts}
          {mayEdit && (
            <button type="button" className="button button-secondary" onClick={start}>
              {t('cases.details.edit')}
            </button>
          )}
        </>
      )}
      {editing && (
        <form className="vink-form" noValidate onSubmit={submitEdit}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <TextField
            id="case-title"
            label={fieldLabel('title')}
            value={draft.title}
            maxLength={200}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            error={form.errorFor('case-title') ?? null}
          />
          <SelectField
            id="case-level"
            label={fieldLabel('preventionLevel')}
            value={draft.preventionLevel}
            onChange={(e) => setDraft({ ...draft, preventionLevel: e.target.value as CaseEditable['preventionLevel'] })}
            options={PreventionLevel.options.map((l) => ({ value: l, label: t(`cases.level.${l}`) }))}
          />
          <SelectField
            id="case-ideology"
            label={fieldLabel('ideologyArea')}
            value={draft.ideologyArea ?? ''}
            onChange={(e) => setDraft({ ...draft, ideologyArea: (e.target.value || null) as CaseEditable['ideologyArea'] })}
            options={[{ value: '', label: t('cases.notSet') }, ...CaseIdeologyArea.options.map((a) => ({ value: a, label: t(`cases.ideology.${a}`) }))]}
          />
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('cases.details.save')}
            </button>
            <button type="button" className="button button-tertiary" onClick={() => setEditing(null)}>
              {t('cases.cancel')}
            </button>
          </div>
        </form>
      )}
      {merge && (
        <form className="vink-form" noValidate onSubmit={submitMerge} aria-labelledby="merge-heading">
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            <Alert variant="warning">{t('cases.merge.explain')}</Alert>
          </LiveRegion>
          <h3 id="merge-heading">{t('cases.merge.heading')}</h3>
          <div className="table--responsive-scroll">
            <table className="table table--compact">
              <caption className="sr-only">{t('cases.merge.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.merge.field')}</th>
                  <th scope="col">{t('cases.merge.before')}</th>
                  <th scope="col">{t('cases.merge.theirs')}</th>
                  <th scope="col">{t('cases.merge.mine')}</th>
                  <th scope="col">{t('cases.merge.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {threeWay(merge.base, editable(merge.theirs), merge.mine).map((f) => (
                  <tr key={f.field}>
                    <th scope="row">{fieldLabel(f.field)}</th>
                    <td>{show(f.field, f.base)}</td>
                    <td>{show(f.field, f.theirs)}</td>
                    <td>{show(f.field, f.mine)}</td>
                    <td>{f.resolution === 'conflict' ? t('cases.merge.bothChanged') : f.resolution === 'theirs' ? t('cases.merge.keepTheirs') : t('cases.merge.keepMine')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {threeWay(merge.base, editable(merge.theirs), merge.mine)
            .filter((f) => f.resolution === 'conflict')
            .map((f) => (
              <RadioGroup
                key={f.field}
                id={`merge-${f.field}`}
                name={`merge-${f.field}`}
                legend={t('cases.merge.choose', { field: fieldLabel(f.field) })}
                value={merge.picks[f.field] ?? ''}
                onChange={(v) => setMerge({ ...merge, picks: { ...merge.picks, [f.field]: v as 'theirs' | 'mine' } })}
                error={form.errorFor(`merge-${f.field}-theirs`)}
                options={[
                  { value: 'theirs', label: t('cases.merge.useTheirs', { value: show(f.field, f.theirs) }) },
                  { value: 'mine', label: t('cases.merge.useMine', { value: show(f.field, f.mine) }) },
                ]}
              />
            ))}
          <div className="vink-button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('cases.merge.save')}
            </button>
            <button
              type="button"
              className="button button-tertiary"
              onClick={() => {
                setMerge(null);
                void changes.caseChanged();
              }}
            >
              {t('cases.merge.discard')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
