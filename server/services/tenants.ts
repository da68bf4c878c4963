// Tenants and their API keys: creating a tenant with a secret/publishable pair, listing keys
// (never their text), revoking. Keys are shown once; the database keeps a hash and a sealed copy.
import { uuidv7 } from '../random.ts';
import type { FinosEnv } from '../config.ts';
import type { Db, Queryable } from '../db/db.ts';
import { tenantChanged } from '../db/invalidation.ts';
import { generateKey, hashKey, type KeyKind } from '../security/keys.ts';
import type { Secrets } from '../security/secrets.ts';
import { systemClock } from '../clock.ts';
import { ensureCatalog } from './portfolios.ts';

export interface CreatedTenant {
  tenant_id: string;
  secret_key: string;
  publishable_key: string;
  secret_key_id: string;
  publishable_key_id: string;
}

export interface KeyListing {
  id: string;
  tenant_id: string;
  tenant_name: string;
  env: FinosEnv;
  kind: KeyKind;
  name: string;
  last4: string;
  created_at: Date;
  revoked_at: Date | null;
}

export async function createTenant(db: Db, secrets: Secrets, opts: { name: string; env: FinosEnv }): Promise<CreatedTenant> {
  return db.transaction(async (tx) => {
    const tenantId = uuidv7();
    await tx.query('INSERT INTO tenants (id, name, env) VALUES ($1, $2, $3)', [tenantId, opts.name, opts.env]);
    const secret = await insertKey(tx, secrets, tenantId, 'secret', opts.env, opts.name);
    const publishable = await insertKey(tx, secrets, tenantId, 'publishable', opts.env, opts.name);
    // Every tenant starts with the default asset classes and portfolios.
    await ensureCatalog(tx, tenantId, systemClock.now());
    return {
      tenant_id: tenantId,
      secret_key: secret.key,
      publishable_key: publishable.key,
      secret_key_id: secret.id,
      publishable_key_id: publishable.id,
    };
  });
}

export async function insertKey(tx: Queryable, secrets: Secrets, tenantId: string, kind: KeyKind, env: FinosEnv, name: string): Promise<{ id: string; key: string }> {
  const id = uuidv7();
  const key = generateKey(kind, env);
  await tx.query(
    'INSERT INTO api_keys (id, tenant_id, kind, key_hash, key_encrypted, last4, name) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [id, tenantId, kind, hashKey(key), secrets.encrypt(key), key.slice(-4), name],
  );
  return { id, key };
}

export async function listKeys(db: Queryable): Promise<KeyListing[]> {
  const r = await db.query<KeyListing>(
    `SELECT k.id, k.tenant_id, t.name AS tenant_name, t.env, k.kind, k.name, k.last4, k.created_at, k.revoked_at
       FROM api_keys k JOIN tenants t ON t.id = k.tenant_id ORDER BY k.id`,
  );
  return r.rows;
}

/** Returns false when no such key, or it was already revoked. */
export async function revokeKey(db: Queryable, keyId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(keyId)) return false;
  const r = await db.query<{ tenant_id: string }>(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING tenant_id', [keyId]);
  const row = r.rows[0];
  // Every server instance drops its cached resolution of the key (server/db/invalidation.ts).
  if (row) await tenantChanged(db, row.tenant_id);
  return row !== undefined;
}

/** The secret key of a tenant, unsealed (webhook signing). Null if it has none active. */
export async function tenantSecretKey(db: Queryable, secrets: Secrets, tenantId: string): Promise<string | null> {
  const r = await db.query<{ key_encrypted: string }>(
    `SELECT key_encrypted FROM api_keys WHERE tenant_id = $1 AND kind = 'secret' AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`,
    [tenantId],
  );
  return r.rows[0] ? secrets.decrypt(r.rows[0].key_encrypted) : null;
}

export async function countTenants(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT count(*) AS n FROM tenants');
  return r.rows[0]?.n ?? 0;
}

