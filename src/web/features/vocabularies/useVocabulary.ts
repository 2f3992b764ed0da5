import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import type { VocabularyEntry, VocabularyName } from '../../../shared/vocabularies.ts';

/**
 * A vocabulary as the forms and pages use it (docs/domain.md, "Vocabularies"): the options of a form are the active
 * entries only; a record's label comes from any entry, active or not, so an old record keeps its words. Until the
 * entries arrive (or for a code the list does not hold) the label falls back to the translation key given, then to
 * the code itself.
 */
export function useVocabulary(name: VocabularyName, fallbackKey?: string) {
  const { t, i18n } = useTranslation();
  const entries = useResource<VocabularyEntry[]>(`/api/v1/vocabularies/${name}`);
  const en = i18n.language === 'en';
  const labelOf = (e: VocabularyEntry) => (en ? e.labelEn : e.labelDa);
  const byCode = new Map((entries.data ?? []).map((e) => [e.code, e]));
  const label = (code: string | null | undefined): string => {
    if (!code) return '';
    const e = byCode.get(code);
    if (e) return labelOf(e);
    return fallbackKey ? t(`${fallbackKey}.${code}`, { defaultValue: code }) : code;
  };
  const options = (entries.data ?? []).filter((e) => e.active).map((e) => ({ value: e.code, label: labelOf(e) }));
  return { entries, options, label, loaded: entries.data !== undefined };
}
