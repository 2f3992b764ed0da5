import type { AppContext } from './platform/context.ts';
import { runAsSystem } from './access/scope.ts';
import { userSystemRepo } from './modules/users/index.ts';

export interface FirstAdmin {
  username: string;
  /** The one-time enrolment code: at first sign-in the administrator sets their own password with it. */
  enrolmentCode: string;
  expiresAt: Date;
}

/**
 * On the very first start (no users at all), creates the default unit and the first administrator, and returns
 * the one-time enrolment code so it can be printed once. Later starts return null.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<FirstAdmin | null> {
  return runAsSystem(ctx, 'bootstrap', async (s) => {
    const users = userSystemRepo(s);
    await users.lockFirstStart();
    if (await users.anyUserExists()) return null;
    const unitId = await users.ensureUnit({ name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 }, { audit: false });
    const { enrolment } = await users.create({ username: 'admin', displayName: 'Første administrator', role: 'admin', unitId }, { audit: false });
    return { username: 'admin', enrolmentCode: enrolment!.code, expiresAt: enrolment!.expiresAt };
  });
}
