import { randomBytes } from 'node:crypto';
import type { AppContext } from './platform/context.ts';
import { runAsSystem } from './access/scope.ts';
import { userSystemRepo } from './modules/users/index.ts';

export interface FirstAdmin {
  username: string;
  password: string;
}

/** A password that is easy to type from a terminal and strong enough (≈120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url').replace(/[-_]/g, 'x') + '-' + randomBytes(3).toString('hex');
}

/**
 * On the very first start (no users at all), creates the default unit and the first administrator, and returns
 * the credentials so they can be printed once. Later starts return null.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<FirstAdmin | null> {
  return runAsSystem(ctx, 'bootstrap', async (s) => {
    const users = userSystemRepo(s);
    await users.lockFirstStart();
    if (await users.anyUserExists()) return null;
    const unitId = await users.ensureUnit({ name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 }, { audit: false });
    const password = generatePassword();
    await users.create({ username: 'admin', displayName: 'Første administrator', role: 'admin', unitId, password }, { audit: false });
    return { username: 'admin', password };
  });
}
