// Model portfolios (percent weights over a tenant's asset classes) and the default catalog every
// tenant starts with: the nine asset classes the API reference documents and the optimizer-built conservative, moderate
// and aggressive portfolios (domain/capital-market.ts explains how they are built).
import type { components } from '../../generated/schema.d.ts';
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import {
  buildDefaultPortfolios, capitalMarketAssumptions, DEFAULT_ASSET_CLASSES, HISTORY_END, HISTORY_START,
  RISK_TOLERANCES, type DefaultCatalog, type RiskTolerance,
} from '../domain/capital-market.ts';
import { nyInstant } from '../domain/calendar.ts';
import { Decimal } from '../domain/money.ts';
import { notFound, validationError } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { marketData } from '../market/index.ts';
import { tenantClockNow } from './tenant-clock.ts';

type Portfolio = components['schemas']['Portfolio'];
type PortfolioCreateRequest = components['schemas']['PortfolioCreateRequest'];
type PortfolioUpdateRequest = components['schemas']['PortfolioUpdateRequest'];
type AllocationInput = components['schemas']['Allocation'];

export interface PortfolioTarget {
  id: string;
  allocations: { asset_class_id: string; weight: Decimal /* percent */ }[];
}

export interface PortfolioRow {
  tenant_id: string;
  id: string;
  name: string;
  is_default: boolean;
  risk_tolerance: RiskTolerance | null;
  created_at: Date;
  updated_at: Date;
  /** Aggregated by the queries below, in `position` order; weights as stored (exact text). */
  allocations: { asset_class_id: string; weight: string }[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------- the default catalog ----------

let defaults: DefaultCatalog | undefined;

/**
 * The default portfolios, computed once per process: the primary ETFs' simulated daily closes
 * over the fixed window (read as of a fixed instant after its last close, never the clock), then
 * domain/capital-market.ts. Pure, so every process and machine gets the same answer.
 */
export function defaultCatalog(): DefaultCatalog {
  if (!defaults) {
    const asOf = nyInstant(HISTORY_END, '23:59');
    const closes = DEFAULT_ASSET_CLASSES.map((c) => marketData.dailyBars(c.primary, HISTORY_START, HISTORY_END, asOf).map((b) => b.close_cents));
    defaults = buildDefaultPortfolios(capitalMarketAssumptions(DEFAULT_ASSET_CLASSES.map((c) => c.id), closes));
  }
  return defaults;
}

/**
 * Gives the tenant the nine default asset classes and the three default portfolios when it does
 * not have them yet. Idempotent and safe under concurrency: every insert is ON CONFLICT DO NOTHING
 * (on PostgreSQL a concurrent seeding transaction waits on the keys, then does nothing), and a
 * class the tenant has changed keeps its changes.
 */
export async function ensureCatalog(tx: Queryable, tenantId: string, now: Date): Promise<void> {
  if (!(await catalogMissing(tx, tenantId))) return;
  // One at a time so `seq` follows the API reference's order.
  for (const c of DEFAULT_ASSET_CLASSES) {
    await tx.query(
      `INSERT INTO asset_classes (tenant_id, id, name, primary_symbol, secondary_symbols, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenantId, c.id, c.name, c.primary, [...c.secondary], now],
    );
  }
  for (const p of defaultCatalog().portfolios) {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO portfolios (tenant_id, id, name, is_default, risk_tolerance, created_at, updated_at)
       VALUES ($1, $2, $3, true, $3, $4, $4)
       ON CONFLICT (tenant_id, risk_tolerance) WHERE is_default DO NOTHING RETURNING id`,
      [tenantId, uuidv7(), p.risk_tolerance, now],
    );
    if (inserted.rows[0]) await insertAllocations(tx, tenantId, inserted.rows[0].id, p.allocations);
  }
}

/** True until the tenant has its three default portfolios (seeded after the classes, in one transaction). */
async function catalogMissing(tx: Queryable, tenantId: string): Promise<boolean> {
  const have = await tx.query<{ n: number }>('SELECT count(*) AS n FROM portfolios WHERE tenant_id = $1 AND is_default', [tenantId]);
  return Number(have.rows[0]!.n) < RISK_TOLERANCES.length;
}

/** ensureCatalog for callers without a request clock: reads the tenant's clock only when seeding. */
export async function ensureCatalogNow(tx: Queryable, tenantId: string): Promise<void> {
  if (await catalogMissing(tx, tenantId)) await ensureCatalog(tx, tenantId, await tenantClockNow(tx, tenantId));
}

// ---------- reads ----------

/** The portfolios of a tenant with their allocations aggregated (a table expression for lists). */
const WITH_ALLOCATIONS = `(SELECT p.*, (
    SELECT json_agg(json_build_object('asset_class_id', a.asset_class_id, 'weight', a.weight::text) ORDER BY a.position)
      FROM portfolio_allocations a WHERE a.tenant_id = p.tenant_id AND a.portfolio_id = p.id
  ) AS allocations FROM portfolios p) AS t`;

export function portfolioJson(r: PortfolioRow): Portfolio {
  return {
    id: r.id,
    name: r.name,
    allocations: (r.allocations ?? []).map((a) => ({ asset_class_id: a.asset_class_id, weight: a.weight })),
    is_default: r.is_default,
    risk_tolerance: r.risk_tolerance,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

export async function loadPortfolioRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<PortfolioRow> {
  if (!UUID.test(id)) throw notFound('portfolio', id);
  if (forUpdate) await tx.query('SELECT 1 FROM portfolios WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, id]);
  const { rows } = await tx.query<PortfolioRow>(`SELECT * FROM ${WITH_ALLOCATIONS} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!rows[0]) throw notFound('portfolio', id);
  return rows[0];
}

/** A portfolio's target weights (percent, summing to 100), in the order they were given. 404 when unknown. */
export async function loadPortfolioTarget(tx: Queryable, tenantId: string, portfolioId: string): Promise<PortfolioTarget> {
  const row = await loadPortfolioRow(tx, tenantId, portfolioId);
  return { id: row.id, allocations: (row.allocations ?? []).map((a) => ({ asset_class_id: a.asset_class_id, weight: new Decimal(a.weight) })) };
}

/**
 * The id of the tenant's default portfolio for a risk tolerance (seeding the catalog if needed, at
 * `now` when the caller has a clock, else at the tenant clock read from the database).
 */
export async function defaultPortfolioId(tx: Queryable, tenantId: string, riskTolerance: RiskTolerance, now?: Date): Promise<string> {
  const find = () => tx.query<{ id: string }>('SELECT id FROM portfolios WHERE tenant_id = $1 AND is_default AND risk_tolerance = $2', [tenantId, riskTolerance]);
  let { rows } = await find();
  if (!rows[0]) {
    await (now ? ensureCatalog(tx, tenantId, now) : ensureCatalogNow(tx, tenantId));
    ({ rows } = await find());
  }
  if (!rows[0]) throw new Error(`tenant ${tenantId} has no default ${riskTolerance} portfolio after seeding`);
  return rows[0].id;
}

export async function retrievePortfolio(tx: Queryable, tenantId: string, now: Date, id: string): Promise<Portfolio> {
  await ensureCatalog(tx, tenantId, now);
  return portfolioJson(await loadPortfolioRow(tx, tenantId, id));
}

/** The tenant's portfolios, seeding the default catalog first (a tenant reads its defaults even before using them). */
export async function portfolioListSpec(tx: Queryable, tenantId: string, now: Date): Promise<ListSpec> {
  await ensureCatalog(tx, tenantId, now);
  return { table: WITH_ALLOCATIONS, where: 'tenant_id = $1', params: [tenantId] };
}

// ---------- writes ----------

/**
 * Checks allocations against the tenant's classes: each class once and known, each weight above
 * 0, and the weights adding up to exactly 100 (Decimal arithmetic, no rounding). Answers them in
 * the order given.
 */
async function checkAllocations(tx: Queryable, tenantId: string, allocations: readonly AllocationInput[]): Promise<AllocationInput[]> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM asset_classes WHERE tenant_id = $1', [tenantId]);
  const known = new Set(rows.map((r) => r.id));
  const seen = new Set<string>();
  let sum = new Decimal(0);
  allocations.forEach((a, i) => {
    const field = `allocations[${i}]`;
    if (!known.has(a.asset_class_id)) throw validationError(`${field}.asset_class_id: no such asset class ${a.asset_class_id}`, `${field}.asset_class_id`);
    if (seen.has(a.asset_class_id)) throw validationError(`${field}.asset_class_id: ${a.asset_class_id} is listed twice`, `${field}.asset_class_id`);
    seen.add(a.asset_class_id);
    if (!/^[0-9]{1,3}(\.[0-9]{1,4})?$/.test(a.weight)) throw validationError(`${field}.weight: must be a percent with at most 4 decimals`, `${field}.weight`);
    const w = new Decimal(a.weight);
    if (w.isZero()) throw validationError(`${field}.weight: must be above 0; leave the class out instead`, `${field}.weight`);
    sum = sum.plus(w);
  });
  if (!sum.eq(100)) throw validationError(`allocations: weights sum to ${sum.toFixed()}, not 100`, 'allocations');
  return [...allocations];
}

async function insertAllocations(tx: Queryable, tenantId: string, portfolioId: string, allocations: readonly AllocationInput[]): Promise<void> {
  for (const [position, a] of allocations.entries()) {
    await tx.query(
      'INSERT INTO portfolio_allocations (tenant_id, portfolio_id, asset_class_id, weight, position) VALUES ($1, $2, $3, $4, $5)',
      [tenantId, portfolioId, a.asset_class_id, a.weight, position],
    );
  }
}

export async function createPortfolio(tx: Queryable, tenantId: string, now: Date, body: PortfolioCreateRequest): Promise<Portfolio> {
  await ensureCatalog(tx, tenantId, now);
  const allocations = await checkAllocations(tx, tenantId, body.allocations);
  const id = uuidv7();
  await tx.query(
    'INSERT INTO portfolios (tenant_id, id, name, is_default, risk_tolerance, created_at, updated_at) VALUES ($1, $2, $3, false, NULL, $4, $4)',
    [tenantId, id, body.name, now],
  );
  await insertAllocations(tx, tenantId, id, allocations);
  return portfolioJson(await loadPortfolioRow(tx, tenantId, id));
}

/**
 * Renames a portfolio and/or replaces its allocations. Default portfolios may be changed too (the
 * contract does not forbid it; accounts on them follow the new weights), but they stay the
 * tenant's default for their risk tolerance: is_default and risk_tolerance never change.
 */
export async function updatePortfolio(tx: Queryable, tenantId: string, now: Date, id: string, body: PortfolioUpdateRequest): Promise<Portfolio> {
  await ensureCatalog(tx, tenantId, now);
  await loadPortfolioRow(tx, tenantId, id, true);
  if (body.allocations !== undefined) {
    const allocations = await checkAllocations(tx, tenantId, body.allocations);
    await tx.query('DELETE FROM portfolio_allocations WHERE tenant_id = $1 AND portfolio_id = $2', [tenantId, id]);
    await insertAllocations(tx, tenantId, id, allocations);
  }
  await tx.query('UPDATE portfolios SET name = COALESCE($3, name), updated_at = $4 WHERE tenant_id = $1 AND id = $2', [tenantId, id, body.name ?? null, now]);
  return portfolioJson(await loadPortfolioRow(tx, tenantId, id));
}
