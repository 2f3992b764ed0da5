import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/dates.ts';
import type { FieldChange } from '../../../shared/corrections.ts';

/**
 * A record's field history (docs/domain.md, "Corrections"): when, who, which field, old → new, oldest first. The
 * caller names the fields and turns stored values (codes, dates) into words; an empty value reads "(tom)".
 */
export function FieldHistoryTable({ id, heading, level = 3, changes, fieldLabel, shown }: {
  id: string;
  heading: string;
  level?: 2 | 3 | 4;
  changes: FieldChange[];
  fieldLabel: (field: string) => string;
  shown: (field: string, value: string) => string;
}) {
  const { t } = useTranslation();
  if (changes.length === 0) return null;
  const H = `h${level}` as 'h2' | 'h3' | 'h4';
  const value = (field: string, v: string | null) => (v === null || v === '' ? t('flowCorrections.history.empty') : shown(field, v));
  return (
    <section aria-labelledby={id}>
      <H id={id}>{heading}</H>
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption className="sr-only">{t('flowCorrections.history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('flowCorrections.history.when')}</th>
              <th scope="col">{t('flowCorrections.history.who')}</th>
              <th scope="col">{t('flowCorrections.history.field')}</th>
              <th scope="col">{t('flowCorrections.history.change')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={`${c.version}-${c.field}`}>
                <td>{formatDateTime(c.changedAt)}</td>
                <td>{c.changedBy.displayName}</td>
                <td>{fieldLabel(c.field)}</td>
                <td>{value(c.field, c.oldValue)} → {value(c.field, c.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
