import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import { SelectField } from '../../components/forms.tsx';
import type { PersonLink } from '../../../shared/family.ts';

/**
 * The coached relative of a relative coach course (docs/domain.md, "Family and relationships"): chosen among the
 * persons linked to the case's person whom the user may see.
 */
export function CoachedPersonField({ personId, value, onChange, error }: { personId: string; value: string; onChange(id: string): void; error?: string | null | undefined }) {
  const { t } = useTranslation();
  const links = useResource<PersonLink[]>(`/api/v1/persons/${personId}/links`);
  const options = (links.data ?? []).map((l) => ({ value: l.linkedPerson.id, label: `${l.linkedPerson.fullName} (${t(`depth.links.kind.${l.kind}`)})` }));
  return (
    <SelectField id="course-coached" label={t('depth.coached.label')} hint={options.length ? t('depth.coached.hint') : t('depth.coached.noLinks')}
      value={value} onChange={(e) => onChange(e.target.value)} error={error}
      options={[{ value: '', label: t('depth.coached.none') }, ...options]} />
  );
}

/** The coached relative on a course card, when the course names one the user may see. */
export function CoachedPersonLine({ person }: { person: { id: string; fullName: string } | null | undefined }) {
  const { t } = useTranslation();
  return person ? <p>{t('depth.coached.line', { name: person.fullName })}</p> : null;
}
