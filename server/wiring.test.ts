import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { harvestOrderFinished, harvestProceedsSettled, harvestSellFilled } from './services/harvesting.ts';
import { onSaleSettled, onSellFinished } from './services/liquidation.ts';
import { recordWashSales } from './services/wash-sales.ts';
import { rebalanceOnCash, rebalanceOnFinish } from './jobs/rebalancing.ts';
import { createWiring } from './wiring.ts';

// The order of the sources is behaviour: items due at the same instant run in it (a deposit
// settles before a withdrawal at the open, sale proceeds before the minute's fills, fills before
// the drift check): change it here only to change that behaviour.
const RUN_ORDER = [
  'deposit_settlements', 'withdrawal_settlements', 'trade_settlements', 'order_fills', 'order_expirations',
  'harvest_scans', 'harvest_sells', 'rebalance_drift_checks', 'rebalance_runs', 'statements', 'dividends',
  'withdrawal_liquidations',
];

describe('createWiring', () => {
  const config = loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_MASTER_KEY: '11'.repeat(32) });
  const wiring = createWiring({ config });

  it('lists every scheduler source once, in the same-instant run order', () => {
    expect(wiring.sources.map((s) => s.name)).toEqual(RUN_ORDER);
    const issuer = { ...wiring.linkIssuer, base: 'https://example.test' };
    expect(wiring.sourcesSigningWith(issuer).map((s) => s.name)).toEqual(RUN_ORDER);
  });

  it('lets harvesting hear each event first, then rebalancing, then liquidation', () => {
    expect(wiring.listeners.orderFilled).toEqual([recordWashSales, harvestSellFilled]);
    expect(wiring.listeners.cashSettled).toEqual([harvestProceedsSettled, rebalanceOnCash, onSaleSettled]);
    expect(wiring.listeners.orderFinished).toEqual([harvestOrderFinished, rebalanceOnFinish, onSellFinished]);
  });
});
