import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useRefresh } from '../../api/queries.ts';
import { Link, pathTo } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField, TextArea } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatDate } from '../../components/dates.ts';
import { LegalBasis } from '../../../shared/contracts.ts';
import { LinkKind, type PersonLink } from '../../../shared/family.ts';
import type { PersonSearchResult } from '../../../shared/intake.ts';

/**
 * The person overview's linked persons (docs/domain.md, "Family and relationships"): only those the user may see
 * themselves, so a link to anyone else is not shown at all. Users who may link persons add a link by searching the
 * register (a POST, so the name never reaches a URL).
 */
export function LinkedPersons({ personId, links, overviewPath }: { personId: string; links: PersonLink[]; overviewPath: string }) {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <section aria-labelledby="overview-links">
      <h2 id="overview-links">{t('depth.links.heading')}</h2>
      {links.length === 0 ? <p>{t('depth.links.none')}</p> : (
        <ul className="nobullet-list">
          {links.map((l) => (
            <li key={l.id}>
              <Link to={pathTo('/personer/:id', { id: l.linkedPerson.id })}>{l.linkedPerson.fullName}</Link>
              {' – '}{t(`depth.links.kind.${l.kind}`)}
              {l.legalBasis ? `, ${t(`vocab.legalBasis.${l.legalBasis}`)}` : ''}
              {l.note ? ` (${l.note})` : ''}, {formatDate(l.createdAt)}
            </li>
          ))}
        </ul>
      )}
      {can(user, 'person.links.manage') && <LinkForm personId={personId} overviewPath={overviewPath} />}
    </section>
  );
}

function LinkForm({ personId, overviewPath }: { personId: string; overviewPath: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSearchResult['items'] | null>(null);
  const [linked, setLinked] = useState('');
  const [kind, setKind] = useState('');
  const [note, setNote] = useState('');
  const [basis, setBasis] = useState('');
  const form = useFormErrors();
  const refresh = useRefresh();
  const search = useMutation({ mutationFn: (body: object) => apiPost<PersonSearchResult>('/api/v1/persons/search', body) });
  const create = useMutation({ mutationFn: (body: object) => apiPost(`/api/v1/persons/${personId}/links`, body) });
  const fields = {
    linkedPersonId: { target: 'link-person', message: t('depth.links.personRequired') },
    kind: { target: 'link-kind', message: t('depth.links.kindRequired') },
  };

  async function find() {
    if (!form.check(q.trim().length >= 2 ? [] : [{ target: 'link-search', message: t('depth.links.searchTooShort') }])) return;
    try {
      const { body } = await search.mutateAsync({ q: q.trim(), limit: 20 });
      setFound(body.items.filter((p) => p.id !== personId));
    } catch (error) {
      form.fromError(error, {}, t);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = [!linked && fields.linkedPersonId, !kind && fields.kind].filter((x): x is { target: string; message: string } => Boolean(x));
    if (!form.check(missing)) return;
    try {
      await create.mutateAsync({ linkedPersonId: linked, kind, ...(note.trim() ? { note: note.trim() } : {}), ...(basis ? { legalBasis: basis } : {}) });
      setOpen(false);
      setQ(''); setFound(null); setLinked(''); setKind(''); setNote(''); setBasis('');
      await refresh(overviewPath);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (!open) return <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>{t('depth.links.add')}</button>;
  return (
    <form className="vink-form" noValidate onSubmit={submit} aria-labelledby="link-form-heading">
      <h3 id="link-form-heading">{t('depth.links.add')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="warning">{t('depth.links.already')}</Alert>}
      </LiveRegion>
      <TextField id="link-search" label={t('depth.links.search')} hint={t('depth.links.searchHint')} value={q} maxLength={100} autoComplete="off"
        onChange={(e) => setQ(e.target.value)} error={form.errorFor('link-search') ?? null} />
      <button type="button" className="button button-secondary" disabled={search.isPending} onClick={() => void find()}>{t('depth.links.find')}</button>
      <LiveRegion>{found && <p>{t('depth.links.found', { count: found.length })}</p>}</LiveRegion>
      {found && found.length > 0 && (
        <SelectField id="link-person" label={t('depth.links.person')} value={linked} onChange={(e) => setLinked(e.target.value)} error={form.errorFor('link-person')}
          options={[{ value: '', label: t('cases.choose') }, ...found.map((p) => ({ value: p.id, label: p.birthDate ? `${p.fullName} (${formatDate(p.birthDate)})` : p.fullName }))]} />
      )}
      <SelectField id="link-kind" label={t('depth.links.kindLabel')} hint={t('depth.links.kindHint')} value={kind} onChange={(e) => setKind(e.target.value)} error={form.errorFor('link-kind')}
        options={[{ value: '', label: t('cases.choose') }, ...LinkKind.options.map((k) => ({ value: k, label: t(`depth.links.kind.${k}`) }))]} />
      <TextArea id="link-note" label={t('depth.links.note')} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      <SelectField id="link-basis" label={t('depth.links.basis')} hint={t('depth.links.basisHint')} value={basis} onChange={(e) => setBasis(e.target.value)}
        options={[{ value: '', label: t('depth.links.notShared') }, ...LegalBasis.options.map((b) => ({ value: b, label: t(`vocab.legalBasis.${b}`) }))]} />
      <div className="vink-button-row">
        <button type="submit" className="button button-primary" disabled={create.isPending}>{t('depth.links.save')}</button>
        <button type="button" className="button button-tertiary" onClick={() => { setOpen(false); form.clear(); }}>{t('cases.cancel')}</button>
      </div>
    </form>
  );
}
