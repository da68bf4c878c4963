// Applies server/db/migrations/NNNN_name.sql in order. Each file runs in one transaction with
// its schema_migrations row, under an advisory lock, so re-running or racing processes is harmless.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

export interface Migration {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  /** Already-applied files whose text has changed since (a warning, not an error). */
  changed: string[];
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    const id = Number(m[1]);
    if (out.some((x) => x.id === id)) throw new Error(`Two migrations numbered ${m[1]} in ${dir}`);
    const sql = readFileSync(join(dir, file), 'utf8');
    out.push({ id, name: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  checksum    text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const result: MigrateResult = { applied: [], changed: [] };
  for (const m of readMigrations(dir)) {
    await db.transaction(async (tx) => {
      if (db.kind === 'postgres') {
        // Transaction-scoped, per schema: concurrent starters queue here, then see the row.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('finos_migrate:' || current_schema()))`);
      }
      await tx.exec(BOOKKEEPING);
      const done = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE id = $1', [m.id]);
      if (done.rows[0]) {
        if (done.rows[0].checksum !== m.checksum) result.changed.push(m.name);
        return;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id, name, checksum) VALUES ($1, $2, $3)', [m.id, m.name, m.checksum]);
      result.applied.push(m.name);
    });
  }
  return result;
}
