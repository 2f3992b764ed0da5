import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost, apiUpload } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';
import { ACCEPT_ATTRIBUTE, FILE_NAME_HEADER, TITLE_HEADER, VERSION_HEADER, type DocumentView } from '../../../shared/documents.ts';

/** The record a documents section belongs to. */
export interface DocumentRecord {
  kind: 'case' | 'concern' | 'meeting';
  id: string;
}

const COLLECTION: Record<DocumentRecord['kind'], string> = { case: 'cases', concern: 'concerns', meeting: 'meetings' };
const listPath = (r: DocumentRecord) => `/api/v1/${COLLECTION[r.kind]}/${r.id}/documents`;
/** A download is a plain link on the document's opaque id; the server names the file (Content-Disposition). */
const contentPath = (id: string, version: number) => `/api/v1/documents/${id}/content?version=${version}`;

function sizeText(bytes: number, lng: string): string {
  const kb = bytes / 1024;
  return kb < 1024 ? `${Math.max(1, Math.round(kb)).toLocaleString(lng)} kB` : `${(kb / 1024).toLocaleString(lng, { maximumFractionDigits: 1 })} MB`;
}

/** The translation of an upload refusal: the type, the size, the malware finding, the scanner being away. */
function uploadErrorText(error: unknown, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 415) return t('documents.errors.type');
    if (error.status === 413) return t('documents.errors.size');
    if (error.status === 422) return t('documents.errors.malware', { finding: (error.problem.errors?.[0]?.reason ?? '').replace(/^the malware scanner found (.*); the file was not stored$/, '$1') });
    if (error.status === 503) return t('documents.errors.scanner');
    if (error.status === 409) return t('documents.errors.conflict');
  }
  return t(generalErrorKey(error));
}

/**
 * The documents of a concern or a case (docs/security.md, "Documents"): upload with a file input, the list with
 * versions, download, a new version, and the share toggle. Shown as its own section: the page inserts it in one line.
 */
export function DocumentsSection({ record, seed }: { record: DocumentRecord; seed?: DocumentView[] | null }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const list = useResource<DocumentView[]>(listPath(record), seed);
  const refresh = useRefresh();
  const fileRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const mayUpload = can(user, 'document.upload');

  const upload = useMutation({
    mutationFn: ({ file, docTitle }: { file: File; docTitle: string }) =>
      apiUpload<DocumentView>(listPath(record), file, {
        [FILE_NAME_HEADER]: encodeURIComponent(file.name), ...(docTitle.trim() ? { [TITLE_HEADER]: encodeURIComponent(docTitle.trim()) } : {}),
      }),
    onSuccess: () => refresh(listPath(record)),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(t('documents.errors.noFile'));
      fileRef.current?.focus();
      return;
    }
    try {
      await upload.mutateAsync({ file, docTitle: title });
      setTitle('');
      if (fileRef.current) fileRef.current.value = '';
      setSaved(t('documents.uploaded'));
    } catch (err) {
      setError(uploadErrorText(err, t));
    }
  }

  return (
    <section aria-labelledby={`documents-heading-${record.id}`} className="vink-case-section">
      <h2 id={`documents-heading-${record.id}`}>{t('documents.heading')}</h2>
      <LiveRegion assertive>{error && <Alert variant="error">{error}</Alert>}</LiveRegion>
      <LiveRegion>{saved && <Alert variant="success">{saved}</Alert>}</LiveRegion>
      {mayUpload && (
        <form className="vink-form" noValidate onSubmit={submit} aria-label={t('documents.uploadForm')}>
          <div className="form-group">
            <label className="form-label" htmlFor={`document-file-${record.id}`}>{t('documents.file')}</label>
            <span className="form-hint" id={`document-file-hint-${record.id}`}>{t('documents.fileHint')}</span>
            <input ref={fileRef} id={`document-file-${record.id}`} type="file" className="form-file-input" accept={ACCEPT_ATTRIBUTE}
              aria-describedby={`document-file-hint-${record.id}`} />
          </div>
          <TextField id={`document-title-${record.id}`} label={t('documents.title')} hint={t('documents.titleHint')} maxLength={200}
            value={title} onChange={(e) => setTitle(e.target.value)} />
          <button type="submit" className="button button-primary" disabled={upload.isPending}>{t('documents.upload')}</button>
        </form>
      )}
      {list.isError && <Alert variant="error">{t(generalErrorKey(list.error))}</Alert>}
      {list.data && list.data.length === 0 && <p>{t('documents.none')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="nobullet-list vink-documents">
          {list.data.map((d) => (
            <DocumentItem key={d.id} doc={d} lng={i18n.language} onChanged={() => refresh(listPath(record))} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DocumentItem({ doc, lng, onChanged }: { doc: DocumentView; lng: string; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const user = useUser();
  const id = useId();
  const versionRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const current = doc.versions[0];
  const share = useMutation({
    mutationFn: (shared: boolean) => apiPost<DocumentView>(`/api/v1/documents/${doc.id}/share`, { shared, version: doc.version }),
    onSuccess: () => onChanged(),
  });
  const addVersion = useMutation({
    mutationFn: (file: File) => apiUpload<DocumentView>(`/api/v1/documents/${doc.id}/versions`, file, {
      [FILE_NAME_HEADER]: encodeURIComponent(file.name), [VERSION_HEADER]: String(doc.version),
    }),
    onSuccess: () => onChanged(),
  });

  async function toggleShare() {
    setError(null);
    setNote(null);
    try {
      await share.mutateAsync(!doc.sharedWithPartners);
      setNote(doc.sharedWithPartners ? t('documents.unsharedDone') : t('documents.sharedDone'));
    } catch (err) {
      setError(uploadErrorText(err, t));
    }
  }
  async function submitVersion(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNote(null);
    const file = versionRef.current?.files?.[0];
    if (!file) {
      setError(t('documents.errors.noFile'));
      versionRef.current?.focus();
      return;
    }
    try {
      await addVersion.mutateAsync(file);
      setNote(t('documents.versionAdded'));
    } catch (err) {
      setError(uploadErrorText(err, t));
    }
  }

  return (
    <li className="vink-document">
      <h3 className="h5">{doc.title}</h3>
      {current && (
        <p className="vink-note-meta">
          {t('documents.meta', { version: current.version, size: sizeText(current.sizeBytes, lng), date: formatDateTime(current.uploadedAt), name: current.uploadedByName ?? t('documents.someone') })}
          {' · '}{doc.sharedWithPartners ? t('documents.shared') : t('documents.notShared')}
          {current.scanned && <> · {t('documents.scanned')}</>}
        </p>
      )}
      <LiveRegion assertive>{error && <Alert variant="error">{error}</Alert>}</LiveRegion>
      <LiveRegion>{note && <Alert variant="success">{note}</Alert>}</LiveRegion>
      <p>
        {current && <a href={contentPath(doc.id, current.version)} download>{t('documents.download', { title: doc.title })}</a>}
      </p>
      {can(user, 'document.share') && (
        <button type="button" className="button button-secondary" onClick={toggleShare} disabled={share.isPending}>
          {doc.sharedWithPartners ? t('documents.unshare', { title: doc.title }) : t('documents.share', { title: doc.title })}
        </button>
      )}
      {doc.versions.length > 1 && (
        <details>
          <summary>{t('documents.versions', { count: doc.versions.length })}</summary>
          <ul>
            {doc.versions.map((v) => (
              <li key={v.version}>
                <a href={contentPath(doc.id, v.version)} download>
                  {t('documents.versionLink', { version: v.version, file: v.fileName, date: formatDateTime(v.uploadedAt) })}
                </a>
              </li>
            ))}
          </ul>
        </details>
      )}
      {can(user, 'document.upload') && (
        <form className="vink-form" noValidate onSubmit={submitVersion} aria-label={t('documents.newVersionForm', { title: doc.title })}>
          <div className="form-group">
            <label className="form-label" htmlFor={`version-file-${id}`}>{t('documents.newVersion')}</label>
            <input ref={versionRef} id={`version-file-${id}`} type="file" className="form-file-input" accept={ACCEPT_ATTRIBUTE} />
          </div>
          <button type="submit" className="button button-secondary" disabled={addVersion.isPending}>{t('documents.uploadVersion')}</button>
        </form>
      )}
    </li>
  );
}
