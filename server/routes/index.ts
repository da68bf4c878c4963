// Mounts every resource router. One import and one line per resource family; each router
// declares full paths (`/v1/users/:user_id`) and runs behind auth, rate limit and validation.
// What runs behind them (scheduler sources, event listeners) is server/wiring.ts's, on the app deps.
import type { Express, Router } from 'express';
import { webhooksRouter } from './webhooks.ts';
import { eventsRouter } from './events.ts';
import { usersRouter } from './users.ts';
import { kycRouter } from './kyc.ts';
import { sandboxKycRouter } from './sandbox-kyc.ts';
import { accountsRouter } from './accounts.ts';
import { bankAccountsRouter } from './bank-accounts.ts';
import { marketRouter } from './market.ts';
import { clockRouter } from './clock.ts';
import { transfersRouter } from './transfers.ts';
import { transactionsRouter } from './transactions.ts';
import { sandboxClockRouter } from './sandbox-clock.ts';
import { ordersRouter } from './orders.ts';
import { positionsRouter } from './positions.ts';
import { harvestsRouter } from './harvests.ts';
import { managedRouter } from './managed.ts';
import { statementsRouter } from './statements.ts';
import { gatedAll } from '../http/route-gate.ts';
import { assetClassesRouter } from './asset-classes.ts';
import { portfoliosRouter } from './portfolios.ts';

/** `first`: routers entered before the resource routers (the health check). */
export function mountRoutes(app: Express, first: Router[] = []): void {
  // One layer for every router, entered in this order.
  app.use(gatedAll([
    ...first,
    webhooksRouter, eventsRouter, usersRouter, kycRouter, sandboxKycRouter, accountsRouter, bankAccountsRouter,
    marketRouter, clockRouter, transfersRouter, transactionsRouter, sandboxClockRouter,
    // Orders and positions; tax-loss harvests; managed accounts' settings and rebalance history;
    // monthly statements behind signed links.
    ordersRouter, positionsRouter, harvestsRouter, managedRouter, statementsRouter,
    // Catalog: asset classes, model portfolios and the optimizer.
    assetClassesRouter, portfoliosRouter,
  ]));
}
