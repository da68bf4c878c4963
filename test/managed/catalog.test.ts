// The catalog over HTTP on every engine: the nine default asset classes and three default
// portfolios of every tenant (seeded at creation and lazily), asset class and portfolio
// create/list/retrieve/update with their 4xx answers, tenant isolation, and the optimizer endpoint
// against the contract's example and its error cases. Every response is checked against the
// contract by the test app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_CLASSES, defaultsMarkdown } from '../../server/domain/capital-market.ts';
import { Decimal } from '../../server/domain/money.ts';
import { loadAssetClasses } from '../../server/services/asset-classes.ts';
import { defaultCatalog, defaultPortfolioId, loadPortfolioTarget } from '../../server/services/portfolios.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { expectError } from '../identity/support.ts';
import { newTenant, type Tenant } from '../money/support.ts';

const SEEDS = DEFAULT_ASSET_CLASSES.map((c) => ({ id: c.id, name: c.name, primary: c.primary, secondary: [...c.secondary] }));
const BONDS = ['municipal-bonds', 'emerging-market-bonds', 'corporate-bonds'];
const weightSum = (allocations: Array<{ weight: string }>) => allocations.reduce((s, a) => s.plus(a.weight), new Decimal(0)).toFixed();
const bondShare = (allocations: Array<{ asset_class_id: string; weight: string }>) =>
  allocations.filter((a) => BONDS.includes(a.asset_class_id)).reduce((s, a) => s.plus(a.weight), new Decimal(0));

const OPTIMIZE_EXAMPLE = {
  expected_returns: [0.07, 0.065, 0.035],
  covariance: [[0.0256, 0.02176, 0.00192], [0.02176, 0.0289, 0.00204], [0.00192, 0.00204, 0.0036]],
  max_weight: 0.6,
  risk_free_rate: 0.02,
};

const PORTFOLIO_EXAMPLE = {
  name: 'growth-tilt',
  allocations: [
    { asset_class_id: 'us-stocks', weight: '45.5' },
    { asset_class_id: 'foreign-stocks', weight: '24.5' },
    { asset_class_id: 'emerging-market', weight: '10.0' },
    { asset_class_id: 'corporate-bonds', weight: '20.0' },
  ],
};

async function allAssetClasses(t: Tenant) {
  const r = await t.req('GET', '/v1/asset_classes?limit=100&order=asc');
  expect(r.status, r.text).toBe(200);
  return r.body.data as Array<Record<string, unknown>>;
}

async function defaultPortfolios(t: Tenant) {
  const r = await t.req('GET', '/v1/portfolios?limit=100&order=asc');
  expect(r.status, r.text).toBe(200);
  return (r.body.data as Array<{ id: string; name: string; is_default: boolean; risk_tolerance: string | null; allocations: Array<{ asset_class_id: string; weight: string }> }>)
    .filter((p) => p.is_default);
}

describe.each(engines())('catalog on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  describe('asset classes', () => {
    it('a new tenant has the nine default classes of the API reference, in order', async () => {
      const t = await newTenant(app);
      const all = await allAssetClasses(t);
      expect(all.map(({ created_at: _, ...c }) => c)).toEqual(SEEDS);
      all.forEach((c) => expect(typeof c.created_at).toBe('string'));
      // Newest first by default: the last seed comes first.
      const desc = await t.req('GET', '/v1/asset_classes');
      expect(desc.body.data.map((c: { id: string }) => c.id)).toEqual(SEEDS.map((c) => c.id).reverse());
      expect(desc.body.pagination).toMatchObject({ limit: 25, order: 'desc', next_page: null, previous_page: null });
    });

    it('pages by slug cursor like the contract example', async () => {
      const t = await newTenant(app);
      const first = await t.req('GET', '/v1/asset_classes?limit=2&order=asc');
      expect(first.body.data.map((c: { id: string }) => c.id)).toEqual(['us-stocks', 'foreign-stocks']);
      expect(first.body.pagination).toMatchObject({
        limit: 2, order: 'asc', starting_after: null, ending_before: null, previous_page: null,
        next_page: '/v1/asset_classes?limit=2&order=asc&starting_after=foreign-stocks',
      });
      expect(first.body.pagination.next_uri).toMatch(/^http:\/\/.+\/v1\/asset_classes\?limit=2&order=asc&starting_after=foreign-stocks$/);
      const second = await t.req('GET', first.body.pagination.next_page);
      expect(second.body.data.map((c: { id: string }) => c.id)).toEqual(['emerging-market', 'dividend-stocks']);
      expect(second.body.pagination.previous_page).toBe('/v1/asset_classes?limit=2&order=asc&ending_before=emerging-market');
      const back = await t.req('GET', second.body.pagination.previous_page);
      expect(back.body.data.map((c: { id: string }) => c.id)).toEqual(['us-stocks', 'foreign-stocks']);
      expect(back.body.pagination.previous_page).toBeNull();
      const last = await t.req('GET', '/v1/asset_classes?limit=2&order=asc&starting_after=emerging-market-bonds');
      expect(last.body.data.map((c: { id: string }) => c.id)).toEqual(['corporate-bonds']);
      expect(last.body.pagination.next_page).toBeNull();
      const bad = await t.req('GET', '/v1/asset_classes?starting_after=no-such-class');
      expectError(bad, 400, 'starting_after');
    });

    it('retrieves one class, and 404s an unknown id', async () => {
      const t = await newTenant(app);
      const r = await t.req('GET', '/v1/asset_classes/emerging-market-bonds');
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ id: 'emerging-market-bonds', name: 'Emerging Market Bonds', primary: 'EMB', secondary: ['PCY', 'EMLC'] });
      expectError(await t.req('GET', '/v1/asset_classes/no-such-class'), 404);
    });

    it('creates a class with a derived or given id; 409 for an id in use', async () => {
      const t = await newTenant(app);
      const created = await t.req('POST', '/v1/asset_classes', { name: 'U.S. Total Bond Market', primary: 'BND', secondary: ['AGG'] });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({ id: 'us-total-bond-market', name: 'U.S. Total Bond Market', primary: 'BND', secondary: ['AGG'] });
      expect((await t.req('GET', '/v1/asset_classes/us-total-bond-market')).body).toEqual(created.body);
      const noSecondary = await t.req('POST', '/v1/asset_classes', { id: 'large-cap', name: 'Large caps', primary: 'SPY' });
      expect(noSecondary.status, noSecondary.text).toBe(201);
      expect(noSecondary.body).toMatchObject({ id: 'large-cap', secondary: [] });
      // Newest first: the two new classes lead the list.
      expect((await t.req('GET', '/v1/asset_classes?limit=2')).body.data.map((c: { id: string }) => c.id)).toEqual(['large-cap', 'us-total-bond-market']);

      const taken = await t.req('POST', '/v1/asset_classes', { name: 'U.S. Stocks', primary: 'SPY' });
      expectError(taken, 409, 'us-stocks');
      expect(taken.body.error.field).toBe('id');
      expectError(await t.req('POST', '/v1/asset_classes', { id: 'large-cap', name: 'Other', primary: 'QQQ' }), 409, 'large-cap');
      expect((await allAssetClasses(t)).length).toBe(11);
    });

    it('400s unknown or repeated tickers, naming the field', async () => {
      const t = await newTenant(app);
      const unknownPrimary = await t.req('POST', '/v1/asset_classes', { name: 'Nope', primary: 'ZZZZ' });
      expectError(unknownPrimary, 400, 'primary: ZZZZ');
      expect(unknownPrimary.body.error.field).toBe('primary');
      const unknownSecondary = await t.req('POST', '/v1/asset_classes', { name: 'Nope', primary: 'BND', secondary: ['AGG', 'ZZZZ'] });
      expectError(unknownSecondary, 400, 'secondary[1]: ZZZZ');
      expect(unknownSecondary.body.error.field).toBe('secondary[1]');
      const repeated = await t.req('POST', '/v1/asset_classes', { name: 'Nope', primary: 'BND', secondary: ['AGG', 'BND'] });
      expectError(repeated, 400, 'secondary[1]: BND is already the primary');
      const badName = await t.req('POST', '/v1/asset_classes', { name: '...', primary: 'BND' });
      expectError(badName, 400, 'name');
      expect((await allAssetClasses(t)).length).toBe(9);
    });

    it('updates name and ETFs (the contract example), keeps the id; 400 for unknown tickers, 404 for unknown ids', async () => {
      const t = await newTenant(app);
      const r = await t.req('PUT', '/v1/asset_classes/us-stocks', { primary: 'ITOT', secondary: ['SCHB', 'VTI'] });
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ id: 'us-stocks', name: 'U.S. Stocks', primary: 'ITOT', secondary: ['SCHB', 'VTI'] });
      const renamed = await t.req('PUT', '/v1/asset_classes/us-stocks', { name: 'US Equity' });
      expect(renamed.body).toMatchObject({ id: 'us-stocks', name: 'US Equity', primary: 'ITOT', secondary: ['SCHB', 'VTI'] });
      expect((await t.req('GET', '/v1/asset_classes/us-stocks')).body).toEqual(renamed.body);

      const unknown = await t.req('PUT', '/v1/asset_classes/us-stocks', { secondary: ['SCHB', 'ZZZZ'] });
      expectError(unknown, 400, 'secondary[1]');
      // A primary that is still a secondary: the primary is named.
      const clash = await t.req('PUT', '/v1/asset_classes/us-stocks', { primary: 'SCHB' });
      expectError(clash, 400, 'primary: SCHB');
      expect(clash.body.error.field).toBe('primary');
      expectError(await t.req('PUT', '/v1/asset_classes/no-such-class', { name: 'x' }), 404);
      expect((await t.req('GET', '/v1/asset_classes/us-stocks')).body).toEqual(renamed.body);
    });
  });

  describe('portfolios', () => {
    it('a new tenant has the three optimizer-built defaults, summing to exactly 100, bonds falling with risk', async () => {
      const t = await newTenant(app);
      const defaults = await defaultPortfolios(t);
      expect(defaults.map((p) => [p.name, p.risk_tolerance])).toEqual([['conservative', 'conservative'], ['moderate', 'moderate'], ['aggressive', 'aggressive']]);
      const built = defaultCatalog().portfolios;
      defaults.forEach((p, i) => {
        expect(weightSum(p.allocations)).toBe('100');
        expect(p.allocations).toEqual(built[i]!.allocations);
        p.allocations.forEach((a) => expect(a.weight).toMatch(/^\d{1,2}\.\d$/));
      });
      const [c, m, a] = defaults.map((p) => bondShare(p.allocations));
      expect(c!.gt(50)).toBe(true);
      expect(c!.gt(m!) && m!.gt(a!)).toBe(true);
      expect(a!.lt(15)).toBe(true);
      // All three differ.
      expect(new Set(defaults.map((p) => JSON.stringify(p.allocations))).size).toBe(3);
      // The same for every tenant.
      const other = await newTenant(app);
      expect((await defaultPortfolios(other)).map((p) => p.allocations)).toEqual(defaults.map((p) => p.allocations));
    });

    it('creates a custom portfolio (the contract example), retrieves and lists it', async () => {
      const t = await newTenant(app);
      const r = await t.req('POST', '/v1/portfolios', PORTFOLIO_EXAMPLE);
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ ...PORTFOLIO_EXAMPLE, is_default: false, risk_tolerance: null });
      expect(r.body.created_at).toBe(r.body.updated_at);
      expect((await t.req('GET', `/v1/portfolios/${r.body.id}`)).body).toEqual(r.body);
      const list = await t.req('GET', '/v1/portfolios?limit=1');
      expect(list.body.data).toEqual([r.body]);
      expect(list.body.pagination.next_page).toBe(`/v1/portfolios?limit=1&starting_after=${r.body.id}`);
      const rest = await t.req('GET', list.body.pagination.next_page);
      expect(rest.body.data.map((p: { name: string }) => p.name)).toEqual(['aggressive']);
      // Four decimals, and a class the tenant created, are fine.
      await t.req('POST', '/v1/asset_classes', { id: 'bonds', name: 'Bonds', primary: 'BND' });
      const fine = await t.req('POST', '/v1/portfolios', { name: 'fine', allocations: [{ asset_class_id: 'bonds', weight: '33.3333' }, { asset_class_id: 'us-stocks', weight: '66.6667' }] });
      expect(fine.status, fine.text).toBe(201);
      expect(fine.body.allocations).toEqual([{ asset_class_id: 'bonds', weight: '33.3333' }, { asset_class_id: 'us-stocks', weight: '66.6667' }]);
    });

    it('400 validation_error for weights not summing to 100, unknown or repeated classes, zero weights', async () => {
      const t = await newTenant(app);
      const allocs = (...ws: Array<[string, string]>) => ({ name: 'bad', allocations: ws.map(([asset_class_id, weight]) => ({ asset_class_id, weight })) });
      const short = await t.req('POST', '/v1/portfolios', allocs(['us-stocks', '60.0'], ['corporate-bonds', '39.9']));
      expectError(short, 400);
      expect(short.body.error).toMatchObject({ type: 'validation_error', message: 'allocations: weights sum to 99.9, not 100' });
      const over = await t.req('POST', '/v1/portfolios', allocs(['us-stocks', '60.0001'], ['corporate-bonds', '40']));
      expect(over.body.error).toMatchObject({ type: 'validation_error', message: 'allocations: weights sum to 100.0001, not 100' });
      const unknown = await t.req('POST', '/v1/portfolios', allocs(['us-stocks', '50'], ['corporate-bonds', '25'], ['no-such-class', '25']));
      expectError(unknown, 400, 'allocations[2].asset_class_id');
      expect(unknown.body.error.type).toBe('validation_error');
      const twice = await t.req('POST', '/v1/portfolios', allocs(['us-stocks', '50'], ['us-stocks', '50']));
      expectError(twice, 400, 'allocations[1].asset_class_id: us-stocks is listed twice');
      const zero = await t.req('POST', '/v1/portfolios', allocs(['us-stocks', '100'], ['corporate-bonds', '0.0']));
      expectError(zero, 400, 'allocations[1].weight');
      const pattern = await t.req('POST', '/v1/portfolios', allocs(['us-stocks', '100.00001']));
      expectError(pattern, 400, 'weight');
      expect((await t.req('GET', '/v1/portfolios')).body.data).toHaveLength(3);
    });

    it('updates name and allocations; defaults may change but stay the default; 400 and 404 cases', async () => {
      const t = await newTenant(app);
      const p = (await t.req('POST', '/v1/portfolios', PORTFOLIO_EXAMPLE)).body;
      const renamed = await t.req('PUT', `/v1/portfolios/${p.id}`, { name: 'renamed' });
      expect(renamed.status, renamed.text).toBe(200);
      expect(renamed.body).toMatchObject({ id: p.id, name: 'renamed', allocations: PORTFOLIO_EXAMPLE.allocations, created_at: p.created_at });
      const newAllocations = [{ asset_class_id: 'corporate-bonds', weight: '70' }, { asset_class_id: 'us-stocks', weight: '30' }];
      const replaced = await t.req('PUT', `/v1/portfolios/${p.id}`, { allocations: newAllocations });
      expect(replaced.body).toMatchObject({ name: 'renamed', allocations: newAllocations });
      expect((await t.req('GET', `/v1/portfolios/${p.id}`)).body).toEqual(replaced.body);

      const bad = await t.req('PUT', `/v1/portfolios/${p.id}`, { allocations: [{ asset_class_id: 'us-stocks', weight: '99.9' }] });
      expect(bad.body.error).toMatchObject({ type: 'validation_error', message: 'allocations: weights sum to 99.9, not 100' });
      expect((await t.req('GET', `/v1/portfolios/${p.id}`)).body).toEqual(replaced.body);

      const moderate = (await defaultPortfolios(t)).find((d) => d.risk_tolerance === 'moderate')!;
      const changed = await t.req('PUT', `/v1/portfolios/${moderate.id}`, { name: 'balanced', allocations: newAllocations });
      expect(changed.body).toMatchObject({ id: moderate.id, name: 'balanced', allocations: newAllocations, is_default: true, risk_tolerance: 'moderate' });

      expectError(await t.req('PUT', '/v1/portfolios/01933b6e-5a1c-7d2e-8f3a-4b5c6d7e8f90', { name: 'x' }), 404);
      expectError(await t.req('GET', '/v1/portfolios/01933b6e-5a1c-7d2e-8f3a-4b5c6d7e8f90'), 404);
    });

    it('replays a create with the same Idempotency-Key', async () => {
      const t = await newTenant(app);
      const headers = { 'Idempotency-Key': 'portfolio-1' };
      const a = await t.req('POST', '/v1/portfolios', PORTFOLIO_EXAMPLE, headers);
      const b = await t.req('POST', '/v1/portfolios', PORTFOLIO_EXAMPLE, headers);
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body).toEqual(a.body);
      expect(b.header('Idempotent-Replayed')).toBe('true');
      expect((await t.req('GET', '/v1/portfolios')).body.data).toHaveLength(4);
    });
  });

  it('keeps tenants apart: another tenant\'s portfolio and asset class are 404', async () => {
    const a = await newTenant(app);
    const b = await newTenant(app);
    const p = (await a.req('POST', '/v1/portfolios', PORTFOLIO_EXAMPLE)).body;
    await a.req('POST', '/v1/asset_classes', { id: 'bonds', name: 'Bonds', primary: 'BND' });
    expectError(await b.req('GET', `/v1/portfolios/${p.id}`), 404);
    expectError(await b.req('PUT', `/v1/portfolios/${p.id}`, { name: 'mine' }), 404);
    expectError(await b.req('GET', '/v1/asset_classes/bonds'), 404);
    expectError(await b.req('POST', '/v1/portfolios', { name: 'x', allocations: [{ asset_class_id: 'bonds', weight: '100' }] }), 400, 'allocations[0].asset_class_id');
    const aDefaults = (await defaultPortfolios(a)).map((d) => d.id);
    expectError(await b.req('GET', `/v1/portfolios/${aDefaults[0]}`), 404);
    expect((await b.req('GET', '/v1/portfolios?limit=100')).body.data.map((d: { id: string }) => d.id)).not.toContain(p.id);
    expect((await a.req('GET', `/v1/portfolios/${p.id}`)).body.name).toBe('growth-tilt');
  });

  it('seeds the catalog lazily (tenants from before it), once, even under concurrent requests', async () => {
    const t = await newTenant(app);
    await app.db.query('DELETE FROM portfolios WHERE tenant_id = $1', [t.tenantId]);
    await app.db.query('DELETE FROM asset_classes WHERE tenant_id = $1', [t.tenantId]);
    const rs = await Promise.all([
      t.req('GET', '/v1/portfolios?limit=100'), t.req('GET', '/v1/asset_classes?limit=100'),
      t.req('GET', '/v1/asset_classes/us-stocks'), t.req('GET', '/v1/portfolios?limit=100'),
    ]);
    rs.forEach((r) => expect(r.status, r.text).toBe(200));
    expect(rs[0]!.body.data).toHaveLength(3);
    expect((await allAssetClasses(t)).map(({ created_at: _, ...c }) => c)).toEqual(SEEDS);
    expect((await defaultPortfolios(t)).map((p) => p.allocations)).toEqual(defaultCatalog().portfolios.map((p) => p.allocations));
    const counts = await app.db.query<{ n: number }>('SELECT count(*) AS n FROM portfolio_allocations WHERE tenant_id = $1', [t.tenantId]);
    expect(Number(counts.rows[0]!.n)).toBe(defaultCatalog().portfolios.reduce((n, p) => n + p.allocations.length, 0));
  });

  it('serves other services: loadAssetClasses, loadPortfolioTarget, defaultPortfolioId (seeding lazily too)', async () => {
    const t = await newTenant(app);
    await app.db.query('DELETE FROM portfolios WHERE tenant_id = $1', [t.tenantId]);
    await app.db.query('DELETE FROM asset_classes WHERE tenant_id = $1', [t.tenantId]);
    const moderateId = await app.db.transaction((tx) => defaultPortfolioId(tx, t.tenantId, 'moderate'));
    const classes = await app.db.transaction((tx) => loadAssetClasses(tx, t.tenantId));
    expect(classes.map((c) => ({ id: c.id, name: c.name, primary: c.primary_symbol, secondary: c.secondary_symbols }))).toEqual(SEEDS);
    expect(classes[0]!.created_at).toBeInstanceOf(Date);
    const target = await app.db.transaction((tx) => loadPortfolioTarget(tx, t.tenantId, moderateId));
    const built = defaultCatalog().portfolios.find((p) => p.risk_tolerance === 'moderate')!;
    expect(target.id).toBe(moderateId);
    expect(target.allocations.map((a) => [a.asset_class_id, a.weight.toFixed(1)])).toEqual(built.allocations.map((a) => [a.asset_class_id, a.weight]));
    expect(target.allocations.reduce((s, a) => s.plus(a.weight), new Decimal(0)).eq(100)).toBe(true);
    expect((await t.req('GET', `/v1/portfolios/${moderateId}`)).body.risk_tolerance).toBe('moderate');
    const other = await newTenant(app);
    await expect(app.db.transaction((tx) => loadPortfolioTarget(tx, other.tenantId, moderateId))).rejects.toMatchObject({ kind: 'not_found' });
    expect(await app.db.transaction((tx) => defaultPortfolioId(tx, other.tenantId, 'moderate'))).not.toBe(moderateId);
  });

  describe('optimizer', () => {
    it('answers the contract example to 1e-6', async () => {
      const t = await newTenant(app);
      const r = await t.req('POST', '/v1/portfolios/optimize', OPTIMIZE_EXAMPLE);
      expect(r.status, r.text).toBe(200);
      const close = (got: number[], want: number[]) => want.forEach((w, i) => expect(Math.abs(got[i]! - w), `${got} vs ${want}`).toBeLessThan(1e-6));
      const frontier = [
        { weights: [0.6, 0.4, 0], expected_return: 0.068, volatility: 0.155836 },
        { weights: [0.6, 0.031982, 0.368018], expected_return: 0.056959, volatility: 0.107071 },
        { weights: [0.375528, 0.024472, 0.6], expected_return: 0.048878, volatility: 0.079048 },
        { weights: [0.266667, 0.133333, 0.6], expected_return: 0.048333, volatility: 0.07822 },
      ];
      expect(r.body.frontier).toHaveLength(4);
      r.body.frontier.forEach((p: { weights: number[]; expected_return: number; volatility: number }, i: number) => {
        close(p.weights, frontier[i]!.weights);
        close([p.expected_return, p.volatility], [frontier[i]!.expected_return, frontier[i]!.volatility]);
        expect(p.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      });
      close(r.body.min_variance.weights, [0.266667, 0.133333, 0.6]);
      close(r.body.max_sharpe.weights, [0.365002, 0.034998, 0.6]);
      close([r.body.max_sharpe.sharpe_ratio, r.body.max_sharpe.expected_return, r.body.max_sharpe.volatility], [0.365355, 0.048825, 0.078896]);
      // risk_free_rate defaults to 0: the Sharpe ratio is return over volatility.
      const rf0 = await t.req('POST', '/v1/portfolios/optimize', { expected_returns: OPTIMIZE_EXAMPLE.expected_returns, covariance: OPTIMIZE_EXAMPLE.covariance });
      expect(rf0.status, rf0.text).toBe(200);
      expect(rf0.body.max_sharpe.sharpe_ratio).toBeCloseTo(rf0.body.max_sharpe.expected_return / rf0.body.max_sharpe.volatility, 12);
      expect(rf0.body.frontier[0].weights).toEqual([1, 0, 0]);
    });

    it('400s a bad problem, naming the field', async () => {
      const t = await newTenant(app);
      const { covariance: cov, expected_returns: mu } = OPTIMIZE_EXAMPLE;
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ expected_returns: mu, covariance: [cov[0], cov[1], [0.00192, 0.00204]] }, 'covariance', 'not square'],
        [{ expected_returns: mu, covariance: [cov[0], cov[1], [0.00192, 0.00204, 0.0036, 0.1]] }, 'covariance', 'not square'],
        [{ expected_returns: mu, covariance: [cov[0], cov[1], [0.5, 0.00204, 0.0036]] }, 'covariance', 'not symmetric'],
        [{ expected_returns: [0.05, 0.06], covariance: [[0.01, 0.02], [0.02, 0.01]] }, 'covariance', 'not positive semi-definite'],
        [{ expected_returns: [0.05, 0.06], covariance: cov }, 'covariance', 'has 3 rows but expected_returns has 2'],
        [{ expected_returns: mu, covariance: cov, min_weight: 0.4 }, 'min_weight', 'no feasible portfolio'],
        [{ expected_returns: mu, covariance: cov, max_weight: 0.3 }, 'max_weight', 'no feasible portfolio'],
        [{ expected_returns: mu, covariance: cov, min_weight: 0.3, max_weight: 0.2 }, 'min_weight', 'above max_weight'],
      ];
      for (const [body, field, words] of cases) {
        const r = await t.req('POST', '/v1/portfolios/optimize', body);
        expectError(r, 400, `${field}: `);
        expect(r.body.error.message, r.text).toContain(words);
        expect(r.body.error).toMatchObject({ type: 'validation_error', field });
      }
      // The contract's own limits are the validator's: a single asset is refused before the optimizer.
      expectError(await t.req('POST', '/v1/portfolios/optimize', { expected_returns: [0.05], covariance: [[0.01], [0.01]] }), 400);
    });
  });
});

describe('docs/guides/portfolios.md', () => {
  it('shows the defaults the code builds (regenerate with defaultsMarkdown when this fails)', () => {
    const guide = readFileSync(join(import.meta.dirname, '../../docs/guides/portfolios.md'), 'utf8');
    const m = /<!-- defaults:begin -->\n([\s\S]*?)\n<!-- defaults:end -->/.exec(guide);
    expect(m, 'the guide has no defaults:begin/end block').not.toBeNull();
    expect(m![1]).toBe(defaultsMarkdown(defaultCatalog()));
  });
});
