// Asset classes: a tenant's groups of interchangeable ETFs (a primary that managed accounts buy,
// secondaries for tax-loss harvesting). Every read and write first makes sure the tenant has the
// nine defaults (ensureCatalog), so tenants created before the catalog existed get them too.
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { marketData } from '../market/index.ts';
import { ensureCatalog, ensureCatalogNow } from './portfolios.ts';

type AssetClass = components['schemas']['AssetClass'];
type AssetClassCreateRequest = components['schemas']['AssetClassCreateRequest'];
type AssetClassUpdateRequest = components['schemas']['AssetClassUpdateRequest'];

export interface AssetClassRow {
  tenant_id: string;
  id: string;
  name: string;
  primary_symbol: string;
  secondary_symbols: string[];
  created_at: Date;
  updated_at: Date;
}

/** Columns of a row (the table also has `seq`, its creation order, which pagination uses). */
const COLUMNS = 'tenant_id, id, name, primary_symbol, secondary_symbols, created_at, updated_at';
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function assetClassJson(r: AssetClassRow): AssetClass {
  return { id: r.id, name: r.name, primary: r.primary_symbol, secondary: [...r.secondary_symbols], created_at: r.created_at.toISOString() };
}

/** All of the tenant's classes, in creation order (the defaults first, in the API reference's order). */
export async function loadAssetClasses(tx: Queryable, tenantId: string): Promise<AssetClassRow[]> {
  await ensureCatalogNow(tx, tenantId);
  const { rows } = await tx.query<AssetClassRow>(`SELECT ${COLUMNS} FROM asset_classes WHERE tenant_id = $1 ORDER BY seq`, [tenantId]);
  return rows;
}

export async function loadAssetClassRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<AssetClassRow> {
  const { rows } = await tx.query<AssetClassRow>(
    `SELECT ${COLUMNS} FROM asset_classes WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tenantId, id]);
  if (!rows[0]) throw notFound('asset class', id);
  return rows[0];
}

/**
 * The id a name gives when none is sent: lower-cased, dots dropped, every other run of characters
 * outside [a-z0-9] turned into one hyphen, hyphens trimmed from the ends (`U.S. Stocks` → `us-stocks`).
 */
export function slugFromName(name: string): string {
  return name.toLowerCase().replace(/\./g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}

/** Every ticker must be a known asset, appear once, and the primary must not be a secondary. */
function checkTickers(primary: string, secondary: readonly string[]): void {
  if (!marketData.asset(primary)) throw badRequest(`primary: ${primary} is not a known asset`, 'primary');
  const seen = new Set([primary]);
  secondary.forEach((s, i) => {
    const field = `secondary[${i}]`;
    if (!marketData.asset(s)) throw badRequest(`${field}: ${s} is not a known asset`, field);
    if (seen.has(s)) throw badRequest(`${field}: ${s} ${s === primary ? 'is already the primary' : 'is listed twice'}`, field);
    seen.add(s);
  });
}

export async function createAssetClass(tx: Queryable, tenantId: string, now: Date, body: AssetClassCreateRequest): Promise<AssetClass> {
  await ensureCatalog(tx, tenantId, now);
  const secondary = body.secondary ?? [];
  checkTickers(body.primary, secondary);
  const id = body.id ?? slugFromName(body.name);
  if (!SLUG.test(id)) throw badRequest(`name: "${body.name}" gives no usable id; send an id (lower-case letters, digits and hyphens)`, 'name');
  // ON CONFLICT: a concurrent create of the same id waits for the first and then sees it.
  const { rows } = await tx.query<AssetClassRow>(
    `INSERT INTO asset_classes (tenant_id, id, name, primary_symbol, secondary_symbols, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${COLUMNS}`,
    [tenantId, id, body.name, body.primary, secondary, now],
  );
  if (!rows[0]) throw conflict(`id: asset class ${id} already exists`, 'id');
  return assetClassJson(rows[0]);
}

export async function retrieveAssetClass(tx: Queryable, tenantId: string, now: Date, id: string): Promise<AssetClass> {
  await ensureCatalog(tx, tenantId, now);
  return assetClassJson(await loadAssetClassRow(tx, tenantId, id));
}

export async function updateAssetClass(tx: Queryable, tenantId: string, now: Date, id: string, body: AssetClassUpdateRequest): Promise<AssetClass> {
  await ensureCatalog(tx, tenantId, now);
  const row = await loadAssetClassRow(tx, tenantId, id, true);
  const primary = body.primary ?? row.primary_symbol;
  const secondary = body.secondary ?? row.secondary_symbols;
  try {
    checkTickers(primary, secondary);
  } catch (err) {
    // A new primary that clashes with the kept secondaries is the primary's problem.
    if (body.primary !== undefined && body.secondary === undefined && secondary.includes(primary)) {
      throw badRequest(`primary: ${primary} is already a secondary of ${id}; send secondary too`, 'primary');
    }
    throw err;
  }
  const { rows } = await tx.query<AssetClassRow>(
    `UPDATE asset_classes SET name = $3, primary_symbol = $4, secondary_symbols = $5, updated_at = $6
      WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [tenantId, id, body.name ?? row.name, primary, secondary, now],
  );
  return assetClassJson(rows[0]!);
}

/**
 * The tenant's classes in creation order (`seq`), newest first by default, seeding the catalog
 * first. The cursor is the class's slug id, mapped to its `seq` by listPage; rows are AssetClassRow.
 */
export async function assetClassListSpec(tx: Queryable, tenantId: string, now: Date): Promise<ListSpec> {
  await ensureCatalog(tx, tenantId, now);
  return {
    table: 'asset_classes', where: 'tenant_id = $1', params: [tenantId], columns: COLUMNS,
    sortColumn: 'seq', cursorPattern: SLUG, filters: {},
  };
}
