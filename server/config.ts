// Every environment variable Finos reads, validated in one place with zod.
// Nothing else in server/ touches process.env; pass the Config around instead.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

export type FinosEnv = 'sandbox' | 'production';

export interface Config {
  port: number;
  host: string;
  /** PGlite data directory, or `memory://` for an in-memory database. */
  dataDir: string;
  /** When set, PostgreSQL is used instead of PGlite. */
  databaseUrl: string | null;
  /** PostgreSQL schema to put on the search_path (tests give each app its own). */
  databaseSchema: string | null;
  env: FinosEnv;
  /** 32-byte AES-256 master key. */
  masterKey: Buffer;
  /** Paths to a PEM certificate and key; the server then speaks HTTPS itself. */
  tls: { certFile: string; keyFile: string } | null;
  rateLimitPerHour: number;
  /** Express `trust proxy` setting: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  /** Absolute base URL used for `next_uri`/`previous_uri`; derived from the request when null. */
  publicUrl: string | null;
  validateResponses: boolean;
  /** PGlite only: answer pure reads from memory until the next write (on unless FINOS_PGLITE_READ_CACHE=false). */
  pgliteReadCache: boolean;
  /**
   * Whether webhooks may target loopback, private, link-local and other non-public addresses.
   * By default only a sandbox server listening on loopback allows them (its integrator's own machine).
   */
  webhookAllowPrivate: boolean;
  logLevel: string;
  /**
   * How long the CLI, or a second `finos serve`, waits for a PGlite data directory that another
   * process has locked (a command under way, a server starting, a crashed holder's lock going stale).
   */
  dataDirWaitMs: number;
  version: string;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const bool = z.preprocess(blankToUndefined, z.stringbool().optional());

const schema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  FINOS_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./.finos/data')),
  DATABASE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  FINOS_DATABASE_SCHEMA: z.preprocess(blankToUndefined, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional()),
  FINOS_ENV: z.preprocess(blankToUndefined, z.enum(['sandbox', 'production']).default('sandbox')),
  FINOS_MASTER_KEY: optionalString,
  FINOS_TLS_CERT: optionalString,
  FINOS_TLS_KEY: optionalString,
  FINOS_RATE_LIMIT_PER_HOUR: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).default(10000)),
  FINOS_TRUST_PROXY: optionalString,
  FINOS_PUBLIC_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  FINOS_VALIDATE_RESPONSES: bool,
  FINOS_PGLITE_READ_CACHE: bool,
  FINOS_WEBHOOK_ALLOW_PRIVATE: bool,
  FINOS_DATA_DIR_WAIT_SECONDS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(3600).default(60)),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment. In sandbox a missing master key is generated once and kept on disk. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (!!e.FINOS_TLS_CERT !== !!e.FINOS_TLS_KEY) {
    throw new ConfigError('FINOS_TLS_CERT and FINOS_TLS_KEY must be set together');
  }
  const dataDir = e.FINOS_DATA_DIR === 'memory://' ? 'memory://' : resolve(e.FINOS_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.FINOS_DATABASE_SCHEMA ?? null,
    env: e.FINOS_ENV,
    masterKey: resolveMasterKey(e.FINOS_MASTER_KEY, e.FINOS_ENV, dataDir),
    tls: e.FINOS_TLS_CERT && e.FINOS_TLS_KEY ? { certFile: e.FINOS_TLS_CERT, keyFile: e.FINOS_TLS_KEY } : null,
    rateLimitPerHour: e.FINOS_RATE_LIMIT_PER_HOUR,
    trustProxy: parseTrustProxy(e.FINOS_TRUST_PROXY),
    publicUrl: e.FINOS_PUBLIC_URL ? e.FINOS_PUBLIC_URL.replace(/\/+$/, '') : null,
    validateResponses: e.FINOS_VALIDATE_RESPONSES ?? e.FINOS_ENV !== 'production',
    pgliteReadCache: e.FINOS_PGLITE_READ_CACHE ?? true,
    webhookAllowPrivate: e.FINOS_WEBHOOK_ALLOW_PRIVATE ?? (e.FINOS_ENV === 'sandbox' && isLoopbackHost(e.HOST)),
    logLevel: e.LOG_LEVEL,
    dataDirWaitMs: e.FINOS_DATA_DIR_WAIT_SECONDS * 1000,
    version: packageVersion(),
  };
}

/** Accepts 64 hex characters or base64 of exactly 32 bytes. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new ConfigError('FINOS_MASTER_KEY must be 32 bytes, as 64 hex characters or base64');
  return key;
}

function resolveMasterKey(value: string | undefined, env: FinosEnv, dataDir: string): Buffer {
  if (value) return parseMasterKey(value);
  if (env === 'production') throw new ConfigError('FINOS_MASTER_KEY is required in production');
  // An in-memory database dies with the process, so a throwaway key is enough.
  if (dataDir === 'memory://') return randomBytes(32);
  const file = resolve(dirname(dataDir), 'master.key');
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'));
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process wrote it first; then read theirs so both agree.
  try {
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return parseMasterKey(readFileSync(file, 'utf8'));
  }
}

/** `localhost` or a loopback literal (127.0.0.0/8, ::1): nobody but this machine can reach the server. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  return ipaddr.isValid(h) && ipaddr.process(h).range() === 'loopback';
}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (v === undefined || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
