import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  VOCABULARIES, VocabularyAddInput, type VocabularyAdmin, type VocabularyAdminEntry, type VocabularyName,
} from '../../../shared/vocabularies.ts';
import { ApiError, apiPatch, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { pathTo, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';

const adminPath = (v: VocabularyName) => pathTo('/api/v1/vocabularies/:vocabulary/admin', { vocabulary: v });

/**
 * The administrator's vocabularies (docs/domain.md, "Vocabularies"): one list at a time, with each entry's labels,
 * whether records use it, its earlier labels, and rename, deactivate and reactivate (at the version read: a 409 reads
 * the list again). Entries are added where the list's codes are checked at runtime. Nothing is ever deleted.
 */
export function VocabulariesPage(_props: PageProps) {
  const { t } = useTranslation();
  const [vocabulary, setVocabulary] = useState<VocabularyName>('behaviour_indicator');
  const list = useResource<VocabularyAdmin>(adminPath(vocabulary));
  const refresh = useRefresh();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [labels, setLabels] = useState({ labelDa: '', labelEn: '' });
  const [labelErrors, setLabelErrors] = useState<{ labelDa?: string; labelEn?: string }>({});

  const change = useMutation({
    mutationFn: (c: { code: string; body: object }) =>
      apiPatch(pathTo('/api/v1/vocabularies/:vocabulary/:code', { vocabulary, code: c.code }), c.body),
    onSuccess: () => refresh(adminPath(vocabulary), pathTo('/api/v1/vocabularies/:vocabulary', { vocabulary })),
  });

  async function send(code: string, body: object) {
    setNotice(null);
    setFailure(null);
    try {
      await change.mutateAsync({ code, body });
      setEditing(null);
      setNotice(t('vocabularies.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setFailure(t('vocabularies.conflict'));
        void refresh(adminPath(vocabulary));
      } else setFailure(t(generalErrorKey(error)));
    }
  }

  function rename(event: FormEvent, e: VocabularyAdminEntry) {
    event.preventDefault();
    const errs = {
      ...(labels.labelDa.trim() ? {} : { labelDa: t('vocabularies.errors.labelDa') }),
      ...(labels.labelEn.trim() ? {} : { labelEn: t('vocabularies.errors.labelEn') }),
    };
    setLabelErrors(errs);
    if (Object.keys(errs).length) return;
    void send(e.code, { version: e.version, labelDa: labels.labelDa.trim(), labelEn: labels.labelEn.trim() });
  }

  return (
    <>
      <PageHeading>{t('vocabularies.heading')}</PageHeading>
      <p className="font-lead">{t('vocabularies.intro')}</p>
      <SelectField id="vocabulary-choice" label={t('vocabularies.choose')} value={vocabulary}
        onChange={(e) => { setVocabulary(e.target.value as VocabularyName); setEditing(null); setNotice(null); setFailure(null); }}
        options={VOCABULARIES.map((v) => ({ value: v, label: t(`vocabularies.name.${v}`) }))} />
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      <LiveRegion assertive>
        {failure && <Alert variant="error">{failure}</Alert>}
        {list.error ? <Alert variant="error">{t(generalErrorKey(list.error))}</Alert> : null}
      </LiveRegion>

      <h2 id="entries-heading">{t(`vocabularies.name.${vocabulary}`)}</h2>
      {list.data && !list.data.addable && <p>{t('vocabularies.notAddable')}</p>}
      {list.data && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby="entries-heading">
            <thead>
              <tr>
                <th scope="col">{t('vocabularies.columns.labelDa')}</th>
                <th scope="col">{t('vocabularies.columns.labelEn')}</th>
                <th scope="col">{t('vocabularies.columns.code')}</th>
                <th scope="col">{t('vocabularies.columns.status')}</th>
                <th scope="col">{t('vocabularies.columns.inUse')}</th>
                <th scope="col">{t('vocabularies.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.entries.map((e) => (
                <tr key={e.code}>
                  <th scope="row">
                    {editing === e.code ? (
                      <form noValidate onSubmit={(ev) => rename(ev, e)} aria-label={t('vocabularies.rename', { code: e.code })}>
                        <TextField id={`label-da-${e.code}`} label={t('vocabularies.columns.labelDa')} autoComplete="off" value={labels.labelDa}
                          onChange={(ev) => setLabels({ ...labels, labelDa: ev.target.value })} error={labelErrors.labelDa ?? null} />
                        <TextField id={`label-en-${e.code}`} label={t('vocabularies.columns.labelEn')} autoComplete="off" value={labels.labelEn}
                          onChange={(ev) => setLabels({ ...labels, labelEn: ev.target.value })} error={labelErrors.labelEn ?? null} />
                        <div className="vink-row-actions">
                          <button type="submit" className="button button-primary" disabled={change.isPending}>{t('vocabularies.save')}</button>
                          <button type="button" className="button button-tertiary" onClick={() => setEditing(null)}>{t('vocabularies.cancel')}</button>
                        </div>
                      </form>
                    ) : e.labelDa}
                    {e.history.length > 1 && (
                      <details>
                        <summary>{t('vocabularies.history', { code: e.code })}</summary>
                        <ul>
                          {e.history.map((h, i) => (
                            <li key={i}>
                              {h.labelDa} / {h.labelEn} ({h.active ? t('vocabularies.active') : t('vocabularies.inactive')},{' '}
                              {h.validFrom ? t('vocabularies.historyFrom', { at: formatDateTime(h.validFrom) }) : t('vocabularies.historyStart')})
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </th>
                  <td>{e.labelEn}</td>
                  <td><code>{e.code}</code></td>
                  <td>{e.active ? t('vocabularies.active') : t('vocabularies.inactive')}</td>
                  <td>{e.inUse ? t('vocabularies.yes') : t('vocabularies.no')}</td>
                  <td>
                    <div className="vink-row-actions">
                      <button type="button" className="button button-tertiary"
                        onClick={() => { setEditing(e.code); setLabels({ labelDa: e.labelDa, labelEn: e.labelEn }); setLabelErrors({}); }}>
                        {t('vocabularies.rename', { code: e.labelDa })}
                      </button>
                      <button type="button" className="button button-secondary" disabled={change.isPending}
                        onClick={() => void send(e.code, { version: e.version, active: !e.active })}>
                        {t(e.active ? 'vocabularies.deactivate' : 'vocabularies.reactivate', { code: e.labelDa })}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.addable && <AddEntry vocabulary={vocabulary} onAdded={() => { setNotice(t('vocabularies.added')); setFailure(null); }} />}
    </>
  );
}

/** Adds an entry: the code (never changed later) and both labels, checked with the server's contract. */
function AddEntry({ vocabulary, onAdded }: { vocabulary: VocabularyName; onAdded(): void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [draft, setDraft] = useState({ code: '', labelDa: '', labelEn: '' });
  const [errors, setErrors] = useState<Partial<Record<'code' | 'labelDa' | 'labelEn', string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: object) => apiPost(pathTo('/api/v1/vocabularies/:vocabulary', { vocabulary }), body),
    onSuccess: () => refresh(adminPath(vocabulary), pathTo('/api/v1/vocabularies/:vocabulary', { vocabulary })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const parsed = VocabularyAddInput.safeParse({ code: draft.code.trim(), labelDa: draft.labelDa, labelEn: draft.labelEn });
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as 'code' | 'labelDa' | 'labelEn';
        found[field] = t(`vocabularies.errors.${field}`);
      }
      setErrors(found);
      document.getElementById(`add-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setErrors({});
    try {
      await add.mutateAsync(parsed.data);
      setDraft({ code: '', labelDa: '', labelEn: '' });
      onAdded();
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 409 ? t('vocabularies.conflict') : t(generalErrorKey(error)));
    }
  }

  return (
    <form className="vink-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-heading">
      <h2 id="add-heading">{t('vocabularies.add.heading')}</h2>
      <LiveRegion assertive>{failure && <Alert variant="error">{failure}</Alert>}</LiveRegion>
      <TextField id="add-code" label={t('vocabularies.add.code')} hint={t('vocabularies.add.codeHint')} autoComplete="off" value={draft.code}
        onChange={(e) => setDraft({ ...draft, code: e.target.value })} error={errors.code ?? null} />
      <TextField id="add-labelDa" label={t('vocabularies.add.labelDa')} autoComplete="off" value={draft.labelDa}
        onChange={(e) => setDraft({ ...draft, labelDa: e.target.value })} error={errors.labelDa ?? null} />
      <TextField id="add-labelEn" label={t('vocabularies.add.labelEn')} autoComplete="off" value={draft.labelEn}
        onChange={(e) => setDraft({ ...draft, labelEn: e.target.value })} error={errors.labelEn ?? null} />
      <button type="submit" className="button button-primary" disabled={add.isPending}>{t('vocabularies.add.submit')}</button>
    </form>
  );
}
