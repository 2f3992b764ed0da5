import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Checkbox, ErrorSummary, TextArea } from '../../components/forms.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDateTime } from '../../components/dates.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import type { Note } from './types.ts';

/**
 * Case notes under the duty to record (notatpligt): facts and significant steps, dated and signed by the server.
 * Notes are never edited or deleted; a correction is a new note.
 */
export function NotesSection({ caseId, notes, nameOf }: { caseId: string; notes: Note[]; nameOf(id: string): string }) {
  const { t } = useTranslation();
  const user = useUser();
  const [body, setBody] = useState('');
  const [shared, setShared] = useState(false);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const changes = useCaseChanges(caseId);
  const add = useMutation({
    mutationFn: (note: { body: string; sharedWithPartners: boolean }) => apiPost<Note>(casePaths(caseId).notes, note),
    onSuccess: () => changes.notesChanged(),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!form.check(body.trim() ? [] : [{ target: 'note-body', message: t('cases.notes.required') }])) return;
    try {
      await add.mutateAsync({ body: body.trim(), sharedWithPartners: shared });
      setBody('');
      setShared(false);
      setSaved(true);
    } catch (error) {
      form.fromError(error, { body: { target: 'note-body', message: t('cases.notes.required') } }, t);
    }
  }

  const newestFirst = [...notes].sort((a, b) => (a.writtenAt < b.writtenAt ? 1 : -1));
  return (
    <section aria-labelledby="notes-heading" className="vink-case-section">
      <h2 id="notes-heading">{t('cases.notes.heading')}</h2>
      {can(user, 'case.notes.create') && (
        <form className="vink-form" noValidate onSubmit={submit}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <LiveRegion>{saved && <Alert variant="success">{t('cases.notes.saved')}</Alert>}</LiveRegion>
          <TextArea
            id="note-body"
            label={t('cases.notes.new')}
            hint={t('cases.notes.hint')}
            value={body}
            maxLength={20000}
            onChange={(e) => setBody(e.target.value)}
            error={form.errorFor('note-body')}
          />
          <Checkbox id="note-shared" label={t('cases.notes.shared')} hint={t('cases.notes.sharedHint')} checked={shared} onChange={setShared} />
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {t('cases.notes.add')}
          </button>
        </form>
      )}
      {newestFirst.length === 0 ? (
        <p>{t('cases.notes.none')}</p>
      ) : (
        <ol className="nobullet-list vink-notes">
          {newestFirst.map((n) => (
            <li key={n.id} className="vink-note">
              <p className="vink-note-meta">
                {formatDateTime(n.writtenAt)} · {nameOf(n.authorId)}
                {n.sharedWithPartners && <> · {t('cases.notes.sharedBadge')}</>}
              </p>
              <p className="vink-note-body">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
