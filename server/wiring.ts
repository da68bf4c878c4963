// The composition root: the one place that says which scheduler sources exist and in what order,
// who listens to money and order events, and which issuer signs statement links outside requests.
// createWiring builds it once per app; the app deps carry it to request handlers and jobs.
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { TenantClock } from './domain/clock.ts';
import { dividendsSource } from './jobs/dividends.ts';
import { harvestScans, harvestSells } from './jobs/harvesting.ts';
import { dayOrderExpiry, minuteFills, saleSettlements } from './jobs/order-engine.ts';
import { driftChecks, rebalanceOnCash, rebalanceOnFinish, rebalanceRuns } from './jobs/rebalancing.ts';
import { statementsSource } from './jobs/statements.ts';
import { depositSettlements, withdrawalSettlements } from './jobs/transfers.ts';
import { harvestOrderFinished, harvestProceedsSettled, harvestSellFilled } from './services/harvesting.ts';
import type { Listeners } from './services/hooks.ts';
import { liquidationSource, onSaleSettled, onSellFinished } from './services/liquidation.ts';
import type { ScheduleSource } from './services/scheduler.ts';
import { linkIssuer, type LinkIssuer } from './services/statement-links.ts';
import { recordWashSales } from './services/wash-sales.ts';
import type { Wiring } from './wiring-types.ts';

export type { Wiring };

export interface WiringDeps {
  config: Pick<Config, 'masterKey' | 'publicUrl' | 'tls' | 'host' | 'port'>;
  /** The real clock under tenant clocks (links expire in real time); tests may substitute it. */
  realClock?: TenantClock;
}

/**
 * Listeners, in the order each event reaches them. Harvesting hears a fill first (wash-sale
 * bookkeeping before anything reacts to the trade), then rebalancing, then liquidation.
 */
export function createListeners(): Listeners {
  return {
    cashSettled: [harvestProceedsSettled, rebalanceOnCash, onSaleSettled],
    orderFilled: [recordWashSales, harvestSellFilled],
    orderFinished: [harvestOrderFinished, rebalanceOnFinish, onSellFinished],
  };
}

/**
 * The scheduler's sources. Their order decides what runs first when items fall due at the same
 * instant: at 09:30, deposits before withdrawals (money arriving at the open is there first),
 * then sale proceeds settling, before that minute's fills, which come before the close's day-order
 * expiries; rebalancing's drift check comes after the fills, so proceeds and fills are in before
 * it and its requests run in the same minute. Statements' place does not matter (anything else
 * due at a month's end instant is dated in the next month).
 */
export function createSources(on: Listeners, issuer: LinkIssuer, real: TenantClock): ScheduleSource[] {
  return [
    depositSettlements(on),
    withdrawalSettlements(on),
    saleSettlements(on),
    minuteFills(on),
    dayOrderExpiry(on),
    harvestScans(real),
    harvestSells(on),
    driftChecks(real),
    rebalanceRuns(on),
    statementsSource(issuer),
    dividendsSource(on),
    liquidationSource(on),
  ];
}

export function createWiring(deps: WiringDeps): Wiring {
  const { config } = deps;
  const listeners = createListeners();
  const base = config.publicUrl ?? `${config.tls ? 'https' : 'http'}://${config.host}:${config.port}`;
  const real = deps.realClock ?? systemClock;
  const issuer = linkIssuer(config.masterKey, base, real);
  return {
    sources: createSources(listeners, issuer, real),
    sourcesSigningWith: (requestIssuer) => createSources(listeners, requestIssuer, real),
    listeners,
    linkIssuer: issuer,
  };
}
