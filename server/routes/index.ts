// Mounts every resource router. One import and one line per resource family; each router
// declares full paths (`/v1/users/:user_id`) and runs behind auth, rate limit and validation.
import type { Express } from 'express';
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
import { installMoneyHooks } from '../services/transfers.ts';
import { ordersRouter } from './orders.ts';
import { positionsRouter } from './positions.ts';
import { installOrderEngine } from '../jobs/order-engine.ts';
import { harvestsRouter } from './harvests.ts';
import { installHarvesting } from '../jobs/harvesting.ts';
import { managedRouter } from './managed.ts';
import { installRebalancing } from '../jobs/rebalancing.ts';
import { statementsRouter } from './statements.ts';
import { installStatements } from '../jobs/statements.ts';
import { statementLinkScope } from '../services/statements.ts';
import { gatedAll } from '../http/route-gate.ts';
import { installDividends } from '../jobs/dividends.ts';
import { assetClassesRouter } from './asset-classes.ts';
import { portfoliosRouter } from './portfolios.ts';

export function mountRoutes(app: Express): void {
  // Statements are generated inside the sandbox clock advance, and their statement.created
  // payloads carry a link signed for this app: the advance runs inside the app's link issuer.
  app.use('/v1/sandbox/clock/advance', statementLinkScope);
  // One layer for every router, in this order (the install calls below add no layers).
  app.use(gatedAll([
    webhooksRouter, eventsRouter, usersRouter, kycRouter, sandboxKycRouter, accountsRouter, bankAccountsRouter,
    marketRouter, clockRouter, transfersRouter, transactionsRouter, sandboxClockRouter,
    ordersRouter, positionsRouter, harvestsRouter, managedRouter, statementsRouter, assetClassesRouter, portfoliosRouter,
  ]));
  // Money: account balances from the ledger, and no unlinking a bank account mid-transfer.
  installMoneyHooks();
  // Orders: fills, expiry and sale settlement as scheduler sources; holdings valued from positions.
  installOrderEngine();
  // Tax-loss harvesting: the daily scan and the sells at the open (scheduler sources), wash-sale hooks.
  installHarvesting();
  // Managed accounts: settings, rebalance history; drift checks and rebalancing runs as scheduler sources.
  installRebalancing();
  // Statements: monthly PDFs generated after each month end, served behind signed links.
  installStatements(app);
  // Dividends paid on their pay dates; withdrawals that sell holdings (scheduler sources and hooks).
  installDividends();
  // Catalog: asset classes, model portfolios and the optimizer.
}
