import { useTranslation } from 'react-i18next';
import { useResource } from '../../api/queries.ts';
import { can, useUser } from '../../app/session.ts';
import type { ReligionOverrideCount } from './model.ts';

/**
 * Bias watch: how many concerns in the unit were saved past the intake's religion-only check with a stated reason
 * (src/shared/religion-check.ts). A figure without personal data, for the manager (statistics) and the DPO (access log).
 */
export function ReligionOverrideFigure() {
  const { t } = useTranslation();
  const user = useUser();
  const figure = useResource<ReligionOverrideCount>(can(user, 'concern.religion_overrides') ? '/api/v1/concerns/religion-overrides' : null);
  if (!figure.data) return null;
  return (
    <p className="vink-summary" data-testid="religion-overrides">
      {t('concern.religionOverrides', { count: figure.data.count, version: figure.data.termsVersion })}
    </p>
  );
}
