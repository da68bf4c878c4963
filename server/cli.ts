// The `finos` command: serve | migrate | keys create|list|revoke. Human output goes to
// stdout; with --json exactly one JSON line does, so scripts can parse it.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.ts';
import { openDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import type { Db } from './db/db.ts';
import { DataDirLockedError, LOCK_STALE_MS, lockPathOf } from './db/data-dir-lock.ts';
import { createSecrets } from './security/secrets.ts';
import { countTenants, createTenant, type KeyListing } from './services/tenants.ts';
import { AdminCommand, forwardCommand, runCommand, startAdminChannel, type AdminInfo } from './admin.ts';
import { createLogger, startServer } from './main.ts';

const USAGE = `Usage: finos <command>
  serve                         run the API server (migrates first)
  migrate                       apply pending database migrations
  keys create --name <n> [--json]  create a tenant with a secret and a publishable key
  keys list [--json]            list keys (never their text)
  keys revoke <key id>          revoke a key
While \`finos serve\` runs on the embedded store, these commands are performed by that server.`;

class CliError extends Error {
  override name = 'CliError';
}

const embedded = (config: Config) => !config.databaseUrl && config.dataDir !== 'memory://';

/**
 * Runs an operator command on the store. PostgreSQL is shared: the CLI connects like any
 * instance, and its writes reach the servers' caches by NOTIFY. A PGlite data directory is one
 * process's: when a server holds it, the server performs the command (server/admin.ts).
 */
async function perform(config: Config, command: AdminCommand): Promise<unknown> {
  // The same rules whoever runs it (server/admin.ts checks what reaches the server with them too).
  const parsed = AdminCommand.safeParse(command);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; '));
  const cmd = parsed.data;
  const deadline = Date.now() + config.dataDirWaitMs;
  for (;;) {
    let db: Db;
    try {
      db = await openDb(config);
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
      const sent = await forwardCommand(config.dataDir, cmd);
      if (sent.kind === 'done') {
        console.error(`(performed by the Finos server running on this data directory, pid ${sent.server.pid})`);
        return sent.result;
      }
      if (sent.kind === 'failed') throw new CliError(`The Finos server running on ${config.dataDir} (pid ${sent.server.pid}) did not perform ${cmd.command}: ${sent.message}`);
      if (Date.now() >= deadline) throw new CliError(lockedMessage(config));
      await sleep(250);
      continue;
    }
    try {
      if (cmd.command !== 'migrate') await migrate(db);
      return await runCommand(db, config, cmd);
    } finally {
      await db.close();
    }
  }
}

function lockedMessage(config: Config): string {
  return `The data directory ${config.dataDir} is locked by another Finos process (${lockPathOf(config.dataDir)}), ` +
    `and no running Finos server there took the command within ${config.dataDirWaitMs / 1000} s. ` +
    'If `finos serve` is running on it, make sure it has finished starting, or stop it (Ctrl-C) and run the command again. ' +
    `A lock left by a process that crashed is released ${LOCK_STALE_MS / 1000} s after the crash.`;
}

async function keys(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, json: { type: 'boolean' } } });
  const [sub, id] = positionals;
  if (sub === 'create') {
    if (!values.name?.trim()) return usage('keys create needs --name');
    const created = (await perform(config, { command: 'keys.create', name: values.name })) as { tenant_id: string; secret_key: string; publishable_key: string };
    if (values.json) {
      console.log(JSON.stringify({ tenant_id: created.tenant_id, secret_key: created.secret_key, publishable_key: created.publishable_key }));
    } else {
      printKeys(created, values.name);
    }
    return 0;
  }
  if (sub === 'list') {
    const rows = (await perform(config, { command: 'keys.list' })) as Array<Omit<KeyListing, 'revoked_at'> & { revoked_at: string | null }>;
    if (values.json) console.log(JSON.stringify(rows));
    else for (const k of rows) console.log(`${k.id}  ${k.kind.padEnd(11)} …${k.last4}  ${k.env}  ${k.tenant_name}  ${k.revoked_at ? 'revoked' : 'active'}`);
    return 0;
  }
  if (sub === 'revoke') {
    if (!id) return usage('keys revoke needs a key id (see keys list)');
    const { revoked } = (await perform(config, { command: 'keys.revoke', id })) as { revoked: boolean };
    console.log(revoked ? `revoked ${id}` : `no active key ${id}`);
    return revoked ? 0 : 1;
  }
  return usage(`unknown keys command ${sub ?? ''}`);
}

function printKeys(k: { tenant_id: string; secret_key: string; publishable_key: string }, name: string): void {
  console.log(`Tenant ${name} (${k.tenant_id})`);
  console.log(`  secret key:      ${k.secret_key}`);
  console.log(`  publishable key: ${k.publishable_key}`);
  console.log('Store them now: Finos keeps only a hash and cannot show them again.');
}

/** The server's store: on PGlite, the data directory's lock first; never a second server on one directory. */
async function openForServe(config: Config, onLockLost: (err: Error) => void): Promise<Db> {
  const deadline = Date.now() + config.dataDirWaitMs;
  for (;;) {
    try {
      return await openDb(config, { onLockLost });
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
      const status = await forwardCommand(config.dataDir, { command: 'status' });
      if (status.kind !== 'not_delivered') throw new CliError(alreadyServing(config, status.server));
      if (Date.now() >= deadline) throw new CliError(lockedMessage(config));
      await sleep(250);
    }
  }
}

function alreadyServing(config: Config, server: AdminInfo): string {
  return `Another Finos server (pid ${server.pid}, ${server.api_url}) is already serving ${config.dataDir}. ` +
    'Stop it first, or give this one another FINOS_DATA_DIR (or a DATABASE_URL).';
}

async function serve(config: Config): Promise<number> {
  const log = createLogger(config);
  const db = await openForServe(config, (err) => {
    // Another process may own the files now: not one more write from here.
    log.fatal({ err }, `lost the lock on ${config.dataDir}; exiting`);
    process.exit(1);
  });
  const running = await startServer(config, { log, db });
  const admin = embedded(config) ? await startAdminChannel({ db, config, log, apiUrl: running.url }) : null;
  if (config.env === 'sandbox' && (await countTenants(db)) === 0) {
    const created = await createTenant(db, createSecrets(config.masterKey), { name: 'sandbox', env: 'sandbox' });
    console.log('Empty database: created a sandbox tenant.');
    printKeys(created, 'sandbox');
    console.log(`Try: curl -u ${created.secret_key}: ${running.url}/v1/webhooks`);
  }
  log.info({ url: running.url, env: config.env, database: db.kind }, `Finos listening on ${running.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info('shutting down');
  await admin?.close();
  await running.close();
  await db.close();
  return 0;
}

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error(USAGE);
  return 2;
}

export async function runCli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') return usage();
  const config = loadConfig();
  switch (cmd) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const result = (await perform(config, { command: 'migrate' })) as { applied: string[]; changed: string[]; database: string };
      for (const name of result.applied) console.log(`applied ${name}`);
      for (const name of result.changed) console.warn(`warning: ${name} changed after it was applied`);
      console.log(`migrations up to date (${result.database})`);
      return 0;
    }
    case 'keys':
      return keys(config, rest);
    default:
      return usage(`unknown command ${cmd}`);
  }
}

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? (err.name === 'ConfigError' || err.name === 'CliError' ? err.message : err.stack) : String(err));
  process.exitCode = 1;
}
