// The `finos` command: serve | migrate | keys create|list|revoke. Human output goes to
// stdout; with --json exactly one JSON line does, so scripts can parse it.
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.ts';
import { openDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import type { Db } from './db/db.ts';
import { createSecrets } from './security/secrets.ts';
import { countTenants, createTenant, listKeys, revokeKey } from './services/tenants.ts';
import { createLogger, startServer } from './main.ts';

const USAGE = `Usage: finos <command>
  serve                         run the API server (migrates first)
  migrate                       apply pending database migrations
  keys create --name <n> [--json]  create a tenant with a secret and a publishable key
  keys list [--json]            list keys (never their text)
  keys revoke <key id>          revoke a key`;

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function keys(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, json: { type: 'boolean' } } });
  const [sub, id] = positionals;
  if (sub === 'create') {
    if (!values.name) return usage('keys create needs --name');
    const created = await withDb(config, (db) => createTenant(db, createSecrets(config.masterKey), { name: values.name!, env: config.env }));
    if (values.json) {
      console.log(JSON.stringify({ tenant_id: created.tenant_id, secret_key: created.secret_key, publishable_key: created.publishable_key }));
    } else {
      printKeys(created, values.name);
    }
    return 0;
  }
  if (sub === 'list') {
    const rows = await withDb(config, listKeys);
    if (values.json) console.log(JSON.stringify(rows));
    else for (const k of rows) console.log(`${k.id}  ${k.kind.padEnd(11)} …${k.last4}  ${k.env}  ${k.tenant_name}  ${k.revoked_at ? 'revoked' : 'active'}`);
    return 0;
  }
  if (sub === 'revoke') {
    if (!id) return usage('keys revoke needs a key id (see keys list)');
    const ok = await withDb(config, (db) => revokeKey(db, id));
    console.log(ok ? `revoked ${id}` : `no active key ${id}`);
    return ok ? 0 : 1;
  }
  return usage(`unknown keys command ${sub ?? ''}`);
}

function printKeys(k: { tenant_id: string; secret_key: string; publishable_key: string }, name: string): void {
  console.log(`Tenant ${name} (${k.tenant_id})`);
  console.log(`  secret key:      ${k.secret_key}`);
  console.log(`  publishable key: ${k.publishable_key}`);
  console.log('Store them now: Finos keeps only a hash and cannot show them again.');
}

async function serve(config: Config): Promise<number> {
  const log = createLogger(config);
  const db = await openDb(config);
  const running = await startServer(config, { log, db });
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
      const db = await openDb(config);
      try {
        const result = await migrate(db);
        for (const name of result.applied) console.log(`applied ${name}`);
        for (const name of result.changed) console.warn(`warning: ${name} changed after it was applied`);
        console.log(`migrations up to date (${db.kind})`);
      } finally {
        await db.close();
      }
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
  console.error(err instanceof Error ? (err.name === 'ConfigError' ? err.message : err.stack) : String(err));
  process.exitCode = 1;
}
