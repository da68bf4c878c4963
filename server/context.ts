// The one context a use-case runs in: who is calling (tenant, key) and with what (db, secrets,
// clock, log, config), and what the app is built from. http/context.ts attaches one to each
// request; background work passes the part a service asks for (a Pick of Context).
import type { Logger } from 'pino';
import type { Config, FinosEnv } from './config.ts';
import type { Db } from './db/db.ts';
import type { TenantClock } from './domain/clock.ts';
import type { Secrets } from './security/secrets.ts';
import type { KeyKind } from './security/keys.ts';
import type { Listeners } from './services/hooks.ts';
import type { Wiring } from './wiring-types.ts';

export interface Context {
  tenantId: string;
  /** The api_keys row id of the key used. */
  keyId: string;
  keyKind: KeyKind;
  env: FinosEnv;
  db: Db;
  secrets: Secrets;
  clock: TenantClock;
  log: Logger;
  requestId: string;
  config: Config;
  /** Who hears settled cash, fills and finished orders (the composition root's list). */
  listeners: Listeners;
}

/** What the app is built from; tests pass their own. */
export interface AppDeps {
  config: Config;
  db: Db;
  secrets: Secrets;
  log: Logger;
  /** The real clock under tenant clocks; tests may substitute it. */
  realClock?: TenantClock;
  /** Scheduler sources and event listeners (server/wiring.ts), for handlers and jobs alike. */
  wiring: Wiring;
}

/**
 * The part of a Context that work outside a request has too (the scheduler, the real-time job, a
 * rebalancing run): the tenant, its clock, the environment and who hears what the work emits.
 * Services that both requests and jobs call take this.
 */
export type Scope = Pick<Context, 'tenantId' | 'clock' | 'env' | 'listeners'>;
