import { createContext } from './platform/boot.ts';
import { buildApp } from './http/app.ts';
import { ensureFirstAdmin } from './bootstrap.ts';
import { loadDemoData } from './demo/demo.ts';
import { startScheduler } from './jobs/scheduler.ts';

/** Starts VINK: migrates, creates the first administrator on first start, serves API and web on one origin. */
async function main(): Promise<void> {
  const started = performance.now();
  const ctx = await createContext();
  const app = await buildApp(ctx);
  const admin = await ensureFirstAdmin(ctx);
  if (process.argv.includes('--demo')) {
    const summary = await loadDemoData(ctx);
    console.log(`\nDemo data loaded. Demo users (password "${summary.password}"): ${summary.usernames.join(', ')}\n`);
  }
  const address = await app.listen({ port: ctx.config.PORT, host: ctx.config.HOST });
  // Task rules every minute (and now), once per tick across instances.
  const scheduler = startScheduler(ctx);
  const url = ctx.config.PUBLIC_ORIGIN ?? address.replace('127.0.0.1', 'localhost');
  if (admin) {
    // Printed once, on the first start only: the only time this code is shown.
    console.log(`\n  VINK is set up. Sign in at ${url} as the first administrator with "First sign-in with an enrolment code":\n` +
      `    username:        ${admin.username}\n    enrolment code:  ${admin.enrolmentCode} (valid until ${admin.expiresAt.toISOString()})\n` +
      `  You choose your own password and enrol an authenticator app (TOTP). This code is not shown again.\n`);
  }
  console.log(`VINK is running at ${url} (database: ${ctx.db.kind}${ctx.db.kind === 'pglite' ? ` in ${ctx.config.DATA_DIR}` : ''}; started in ${Math.round(performance.now() - started)} ms)`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.logger.info({ signal }, 'shutting down');
    await scheduler.stop();
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
