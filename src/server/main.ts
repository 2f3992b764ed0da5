import { enableCompileCache } from 'node:module';

// Node keeps the compiled code of the server and its dependencies on disk (in the system's temp folder), so a
// second start skips most parsing and compiling. Enabled before the server's modules are imported (below).
enableCompileCache();
const [{ createContext }, { buildApp }, { ensureFirstAdmin }, { startScheduler }, { leaseJobQueue }] = await Promise.all([
  import('./platform/boot.ts'), import('./http/app.ts'), import('./bootstrap.ts'), import('./jobs/scheduler.ts'), import('./platform/queue.ts'),
]);

/** Starts VINK: migrates, creates the first administrator on first start, serves API and web on one origin. */
async function main(): Promise<void> {
  const started = performance.now();
  const ctx = await createContext();
  const app = await buildApp(ctx);
  const admin = await ensureFirstAdmin(ctx);
  if (process.argv.includes('--demo')) {
    // Loaded only when asked for: the demo generator is large and an ordinary start never needs it.
    const { loadDemoData } = await import('./demo/demo.ts');
    const summary = await loadDemoData(ctx);
    console.log(`\nDemo data loaded. Demo users (password "${summary.password}"): ${summary.usernames.join(', ')}\n`);
  }
  const address = await app.listen({ port: ctx.config.PORT, host: ctx.config.HOST });
  // Task rules every minute (and now), once per tick across instances: each tick is one job on the queue.
  const queue = await leaseJobQueue(ctx.db, ctx.logger, { workers: ctx.config.JOB_WORKERS, superviseSeconds: ctx.config.JOB_SUPERVISE_SECONDS });
  const scheduler = startScheduler(ctx, 60_000, queue.queue);
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
    await queue.release();
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
