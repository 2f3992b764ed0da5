import { useMutation } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Checkbox, ErrorSummary, TextArea } from '../../components/forms.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { formatDateTime } from '../../components/dates.ts';
import { casePaths, useCaseChanges } from './queries.ts';
import { NoteInput } from '../../../shared/contracts.ts';
import type { Note } from './types.ts';

/**
 * Case notes under the duty to record (notatpligt): facts and significant steps, dated and signed by the server.
 * Notes are never edited or deleted; a correction is a new note.
 */
export function NotesSection({ caseId, notes, nameOf }: { caseId: string; notes: Note[]; nameOf(id: string): string }) {
  const { t } = useTranslation();
  const user = useUser();
  const [saved, setSaved] = useState(false);
  // The note a new note corrects (docs/domain.md, "Corrections"): notes are never changed; a correction links to it.
  const [corrects, setCorrects] = useState<Note | null>(null);
  // Checked in the browser with the server's own contract (NoteInput); the server checks it again.
  const note = useForm({ resolver: zodResolver(NoteInput), defaultValues: { body: '', sharedWithPartners: false }, shouldFocusError: false });
  const form = useFormErrors();
  const fields: FieldMap = { body: { target: 'note-body', message: t('cases.notes.required') } };
  const changes = useCaseChanges(caseId);
  const add = useMutation({
    mutationFn: (body: z.output<typeof NoteInput>) => apiPost<Note>(casePaths(caseId).notes, body),
    onSuccess: () => changes.notesChanged(),
  });

  const submit = note.handleSubmit(
    async (body) => {
      form.check([]);
      setSaved(false);
      try {
        await add.mutateAsync(corrects ? { ...body, correctsNoteId: corrects.id } : body);
        note.reset();
        setCorrects(null);
        setSaved(true);
      } catch (error) {
        form.fromError(error, fields, t);
      }
    },
    (invalid) => {
      setSaved(false);
      form.fromInvalid(invalid, fields, t);
    },
  );

  const newestFirst = [...notes].sort((a, b) => (a.writtenAt < b.writtenAt ? 1 : -1));
  const byId = new Map(notes.map((n) => [n.id, n]));
  const correctedBy = new Map<string, Note[]>();
  for (const n of notes) if (n.correctsNoteId) correctedBy.set(n.correctsNoteId, [...(correctedBy.get(n.correctsNoteId) ?? []), n]);
  return (
    <section aria-labelledby="notes-heading" className="vink-case-section">
      <h2 id="notes-heading">{t('cases.notes.heading')}</h2>
      {can(user, 'case.notes.create') && (
        <form className="vink-form" noValidate onSubmit={submit}>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
          <LiveRegion>{saved && <Alert variant="success">{t('cases.notes.saved')}</Alert>}</LiveRegion>
          {corrects && (
            <p id="note-corrects" className="vink-note-corrects">
              {t('flowCorrections.notes.writing', { date: formatDateTime(corrects.writtenAt) })}{' '}
              <button type="button" className="button button-tertiary" onClick={() => setCorrects(null)}>{t('flowCorrections.notes.cancel')}</button>
            </p>
          )}
          <TextArea
            id="note-body"
            label={corrects ? t('flowCorrections.notes.label', { date: formatDateTime(corrects.writtenAt) }) : t('cases.notes.new')}
            hint={t('cases.notes.hint')}
            maxLength={20000}
            {...note.register('body')}
            error={form.errorFor('note-body')}
          />
          <Checkbox id="note-shared" label={t('cases.notes.shared')} hint={t('cases.notes.sharedHint')} checked={note.watch('sharedWithPartners') ?? false} onChange={(v) => note.setValue('sharedWithPartners', v)} />
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
              {n.correctsNoteId && byId.get(n.correctsNoteId) && (
                <p className="vink-note-meta">{t('flowCorrections.notes.correctionOf', { date: formatDateTime(byId.get(n.correctsNoteId)!.writtenAt) })}</p>
              )}
              {correctedBy.get(n.id)?.map((c) => (
                <p key={c.id} className="vink-note-meta">{t('flowCorrections.notes.correctedBy', { date: formatDateTime(c.writtenAt) })}</p>
              ))}
              <p className="vink-note-body">{n.body}</p>
              {can(user, 'case.notes.create') && (
                <button type="button" className="button button-tertiary" aria-label={t('flowCorrections.notes.writeLabel', { date: formatDateTime(n.writtenAt) })}
                  onClick={() => { setCorrects(n); setSaved(false); document.getElementById('note-body')?.focus(); }}>
                  {t('flowCorrections.notes.write')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
