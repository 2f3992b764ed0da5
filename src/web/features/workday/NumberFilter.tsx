import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordNumberFilter } from '../../../shared/lists.ts';
import { TextField } from '../../components/TextField.tsx';

/**
 * The list filter "Nummer": a whole number (101-2026-0042) or its end (0042). Only a well-formed value is sent (a
 * number is no personal data, so it may be in the request's query string); anything else filters nothing and says so.
 */
export function useNumberFilter(id: string) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const trimmed = text.trim();
  const valid = trimmed === '' || RecordNumberFilter.safeParse(trimmed).success;
  const field = (
    <TextField id={id} label={t('workday.numberFilter')} hint={t('workday.numberHint')} value={text} inputMode="numeric" autoComplete="off"
      spellCheck={false} onChange={(e) => setText(e.target.value)} error={valid ? null : t('workday.numberInvalid')} />
  );
  return { field, number: valid && trimmed ? trimmed : undefined };
}
