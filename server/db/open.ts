// Picks the engine from the config: PostgreSQL when DATABASE_URL is set, else PGlite.
import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPglite, type PgliteOptions } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** On PGlite with a data directory, throws DataDirLockedError when another process has it open. */
export function openDb(
  config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'dataDir'> & Partial<Pick<Config, 'pgliteReadCache'>>,
  opts: Pick<PgliteOptions, 'onLockLost'> = {},
): Promise<Db> {
  if (config.databaseUrl) return openPostgres({ url: config.databaseUrl, schema: config.databaseSchema });
  return openPglite(config.dataDir, { ...opts, snapshotReads: config.pgliteReadCache ?? true });
}
