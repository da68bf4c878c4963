// Picks the engine from the config: PostgreSQL when DATABASE_URL is set, else PGlite.
import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export function openDb(config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres({ url: config.databaseUrl, schema: config.databaseSchema });
  return openPglite(config.dataDir);
}
