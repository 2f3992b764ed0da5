import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { openPostgres, type Database } from '../src/server/platform/db.ts';
import { isDatabaseUnavailable } from '../src/server/platform/errors.ts';
import { scratchPostgres } from './helpers/db.ts';

const base = process.env.VINK_TEST_DATABASE_URL;

/** A TCP proxy in front of PostgreSQL that a test can cut, as a network failure or a database restart would. */
function proxyTo(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => { client.destroy(); upstream.destroy(); };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    cut: () => { for (const s of sockets) s.destroy(); sockets.clear(); },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

// PGlite is in-process and cannot lose a connection; this is about the PostgreSQL driver.
describe.runIf(base)('PostgreSQL connection lost in the middle of a transaction', () => {
  let scratch: Awaited<ReturnType<typeof scratchPostgres>>;
  let proxy: ReturnType<typeof proxyTo>;
  let db: Database;
  beforeAll(async () => {
    scratch = await scratchPostgres(base!, 'vink_test_outage');
    proxy = proxyTo(new URL(scratch.url));
    const url = new URL(scratch.url);
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.listen());
    db = openPostgres(url.href, undefined, 4);
  });
  afterAll(async () => {
    await db.close().catch(() => undefined);
    await proxy.close();
    await scratch.drop();
  });

  it('rejects the transactions in flight as "unavailable" and the process lives on; later ones succeed', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const inFlight = Array.from({ length: 4 }, () => db.transaction((tx) => tx.query('SELECT pg_sleep(2)')));
      await new Promise((r) => setTimeout(r, 300));
      proxy.cut();
      const outcomes = await Promise.allSettled(inFlight);
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      for (const o of outcomes) expect(isDatabaseUnavailable((o as PromiseRejectedResult).reason)).toBe(true);
      // Give the driver's late 'error' events time to fire: none may escape.
      await new Promise((r) => setTimeout(r, 300));
      expect(uncaught).toEqual([]);
      const again = await db.transaction((tx) => tx.query<{ one: number }>('SELECT 1 AS one'));
      expect(again.rows[0]!.one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
