import { useTranslation } from 'react-i18next';
import type { Consent } from '../../../shared/watch.ts';
import { useResource } from '../../api/queries.ts';
import { SelectField } from '../../components/forms.tsx';
import { formatDate } from '../../components/dates.ts';

/**
 * Chooses the consent a disclosure on the basis 'consent' rests on: the case's valid consents (docs/domain.md,
 * "Consent"). The server checks it again (same person, not withdrawn, not expired).
 */
export function ConsentPicker({ id, caseId, value, onChange, error }: {
  id: string; caseId: string; value: string; onChange(value: string): void; error?: string | null | undefined;
}) {
  const { t } = useTranslation();
  const consents = useResource<Consent[]>(`/api/v1/cases/${caseId}/consents`);
  const valid = (consents.data ?? []).filter((c) => c.valid);
  return (
    <SelectField id={id} label={t('consents.pick')} hint={valid.length ? t('consents.pickHint') : t('consents.pickNone')} value={value}
      onChange={(e) => onChange(e.target.value)} error={error}
      options={[{ value: '', label: t('consents.choose') }, ...valid.map((c) => ({ value: c.id, label: `${c.consentedTo} (${formatDate(c.givenAt)})` }))]} />
  );
}
