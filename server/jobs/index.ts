// Starts the webhook delivery worker (which also prunes old events) inside the server process.
// The real-time due-work job is jobs/settlement.ts; the rest of jobs/ are scheduler sources that
// server/wiring.ts lists. Call startWorkers once after the database is migrated; stop it before closing the db.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Secrets } from '../security/secrets.ts';
import { createWorker, type Worker, type WorkerOptions } from './worker.ts';

export interface WorkerDeps {
  config: Pick<Config, 'env' | 'webhookAllowPrivate'>;
  db: Db;
  secrets: Pick<Secrets, 'decrypt'>;
  log: Logger;
}

export type Workers = Worker;

/** Starts the webhook delivery loop; `runOnce()` drains what is due now (sandbox clock advance, tests). */
export function startWorkers(deps: WorkerDeps, opts: WorkerOptions = {}): Workers {
  const worker = createWorker({
    db: deps.db, secrets: deps.secrets, env: deps.config.env, allowPrivateTargets: deps.config.webhookAllowPrivate,
    log: deps.log.child({ job: 'webhooks' }),
  }, opts);
  worker.start();
  return worker;
}

/** The workers the server started (main.ts puts them on app.locals); undefined in bare test apps. */
export function workersOf(app: { locals: Record<string, unknown> }): Workers | undefined {
  return app.locals.workers as Workers | undefined;
}
