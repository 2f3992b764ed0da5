import { randomBytes } from 'node:crypto';
import type { AppContext } from './platform/context.ts';
import { systemTransaction } from './access/scope.ts';
import { ensureUnitInTrx } from './modules/users/units.ts';
import { insertUserInTrx } from './modules/users/service.ts';

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
  return systemTransaction(ctx.db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7357002)');
    const any = await tx.query('SELECT 1 FROM users LIMIT 1');
    if (any.rowCount > 0) return null;
    const unitId = await ensureUnitInTrx(tx, { name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 });
    const password = generatePassword();
    await insertUserInTrx(tx, { username: 'admin', displayName: 'Første administrator', role: 'admin', unitId, password }, ctx.clock.now());
    return { username: 'admin', password };
  });
}
