// API key material: generation (`sk_test_…`, `pk_live_…`) and the sha256 lookup hash.
// Keys are shown once at creation; the database holds only the hash and a sealed copy.
import { hash, randomBytes } from 'node:crypto';
import type { FinosEnv } from '../config.ts';

export type KeyKind = 'secret' | 'publishable';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_RANDOM_CHARS = 40;
/** Any key Finos issues: `sk_` or `pk_`, `test_` or `live_`, then base62. */
export const KEY_PATTERN = /^(sk|pk)_(test|live)_[0-9A-Za-z]{32,}$/;

/** Uniform base62 by rejection sampling (bytes >= 248 would bias the modulo). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateKey(kind: KeyKind, env: FinosEnv): string {
  return `${kind === 'secret' ? 'sk' : 'pk'}_${env === 'production' ? 'live' : 'test'}_${randomBase62(KEY_RANDOM_CHARS)}`;
}

/** Runs on every request: the one-shot digest skips building a Hash object and its stream state. */
export function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export function keyKindOf(key: string): KeyKind | null {
  if (key.startsWith('sk_')) return 'secret';
  if (key.startsWith('pk_')) return 'publishable';
  return null;
}
