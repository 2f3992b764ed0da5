import { createContext } from '../../src/server/platform/boot.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { systemTransaction } from './sql.ts';
import { ensureUnitInTrx, insertUserInTrx } from '../../src/server/modules/users/index.ts';
import { totpCode } from '../../src/server/modules/auth/credentials.ts';
import type { Clock } from '../../src/server/platform/clock.ts';
import type { Role } from '../../src/shared/roles.ts';
import { freshDatabase } from './db.ts';

/**
 * The real server on a fresh database, listening on a random loopback port, serving the built web app (dist/web).
 * For browser tests.
 */
export async function startTestServer(opts: { clock?: Clock; env?: Record<string, string> } = {}) {
  const { db, drop } = await freshDatabase();
  const ctx = await createContext({
    env: { LOG_LEVEL: 'silent', DATA_DIR: 'memory://', RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...opts.env },
    db,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const app = await buildApp(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const unitId = await systemTransaction(db, (tx) => ensureUnitInTrx(tx, { name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 }));
  return {
    url: address,
    ctx,
    unitId,
    async createUser(input: { username: string; password: string; role: string; displayName?: string }): Promise<{ id: string }> {
      const id = await systemTransaction(db, (tx) =>
        insertUserInTrx(tx, { username: input.username, password: input.password, role: input.role as Role, displayName: input.displayName ?? input.username, unitId }, ctx.clock.now()),
      );
      return { id };
    },
    totpCode: (secret: string, at?: Date) => totpCode(secret, at ?? ctx.clock.now()),
    async close() {
      await app.close();
      await drop();
    },
  };
}
