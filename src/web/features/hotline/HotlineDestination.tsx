import { useTranslation } from 'react-i18next';
import { RadioGroup } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';

/**
 * Where a shared-hotline call becomes a concern (docs/domain.md, "The shared hotline"): in the adviser's own unit, or
 * in the unit of the citizen's municipality, with the legal basis for passing it on. Part of the intake form when a
 * hotline call names the citizen's municipality.
 */
export function HotlineDestination({ code, across, onAcross, legalBasis, onLegalBasis, error, acrossError }: {
  code: string; across: boolean; onAcross(across: boolean): void; legalBasis: string; onLegalBasis(v: string): void;
  error: string | null; acrossError: string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <RadioGroup
        id="hotline-across"
        name="hotlineAcross"
        legend={t('hotlineWeb.destination')}
        hint={t('hotlineWeb.destinationHint')}
        value={across ? 'yes' : 'no'}
        onChange={(v) => onAcross(v === 'yes')}
        error={acrossError}
        options={[
          { value: 'no', label: t('hotlineWeb.ownUnit') },
          { value: 'yes', label: t('hotlineWeb.citizenUnit', { code }), hint: t('hotlineWeb.citizenUnitHint') },
        ]}
      />
      {across && (
        <TextField id="hotline-legal-basis" label={t('hotlineWeb.legalBasis')} hint={t('hotlineWeb.legalBasisHint')} autoComplete="off"
          value={legalBasis} onChange={(e) => onLegalBasis(e.target.value)} error={error} />
      )}
    </>
  );
}
