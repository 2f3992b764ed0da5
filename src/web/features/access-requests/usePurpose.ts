import { useEffect, useState } from 'react';
import { setPagePurpose } from '../../api/client.ts';
import type { Purpose } from '../../../shared/roles.ts';

/**
 * The purpose of every request the page makes (X-Vink-Purpose; docs/security.md): set while the page is shown, from
 * its first render, so its first requests carry it too; cleared when it goes (the role's default applies again).
 */
export function usePurpose(purpose: Purpose): void {
  const [restore] = useState(() => setPagePurpose(purpose));
  useEffect(() => restore, [restore]);
}
