import { loadConfig, type Config } from './config.ts';
import { openPglite, openPostgres, type Database } from './db.ts';
import { migrate } from './migrate.ts';
import { createLogger } from './logger.ts';
import { SecretBox, loadSecretKey } from './secrets.ts';
import { systemClock, type Clock } from './clock.ts';
import type { AppContext } from './context.ts';

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR. */
export async function openDatabase(config: Config, logger?: AppContext['logger']): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, logger);
  return openPglite(config.DATA_DIR);
}

/** Builds everything the server needs, migrating the database first. */
export async function createContext(opts: { env?: Record<string, string | undefined>; clock?: Clock; db?: Database } = {}): Promise<AppContext> {
  const config = loadConfig(opts.env ?? process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const db = opts.db ?? (await openDatabase(config, logger));
  await migrate(db);
  const secretBox = new SecretBox(loadSecretKey(config.VINK_SECRET_KEY, config.DATA_DIR));
  return { db, clock: opts.clock ?? systemClock, config, logger, secretBox };
}
