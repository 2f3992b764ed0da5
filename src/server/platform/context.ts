import type { Database } from './db.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { SecretBox } from './secrets.ts';

/** What the server is built from; created once at boot (or per test). */
export interface AppContext {
  db: Database;
  clock: Clock;
  config: Config;
  logger: Logger;
  secretBox: SecretBox;
}
