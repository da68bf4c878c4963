// Signed statement links: `/v1/statements/{id}/pdf?expires=<unix seconds>&signature=<hex>`.
// The signature is HMAC-SHA256 over `${statement_id}.${expires}` with a key derived (HKDF) from
// the master key, so the link itself is the credential and no API key is needed. A link works
// until `expires` (exclusive), 30 minutes of real time after it was issued.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a link works, in seconds of real time. */
export const STATEMENT_LINK_TTL_SECONDS = 30 * 60;

const HKDF_INFO = 'finos statement links';
const SIGNATURE_RE = /^[0-9a-f]{64}$/;
/** Unix seconds as the query carries them; 12 digits reach past the year 33,000. */
const EXPIRES_RE = /^[0-9]{1,12}$/;

/** The link-signing key: HKDF-SHA256 of the 32-byte master key, used for nothing else. */
export function statementLinkKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32));
}

/** Hex HMAC-SHA256 over `${statementId}.${expires}`. */
export function signStatementLink(key: Buffer, statementId: string, expires: number): string {
  if (!Number.isSafeInteger(expires) || expires < 0) throw new RangeError(`expires must be whole Unix seconds, got ${expires}`);
  return createHmac('sha256', key).update(`${statementId.toLowerCase()}.${expires}`).digest('hex');
}

export interface SignedLink {
  /** Path and query, to put after the public base URL. */
  path: string;
  expires: number;
  /** When the link stops working (= expires). */
  expiresAt: Date;
}

/** A link for `statementId` that works until 30 minutes after `realNow` (whole seconds, rounded down). */
export function statementLink(key: Buffer, statementId: string, realNow: Date): SignedLink {
  const expires = Math.floor(realNow.getTime() / 1000) + STATEMENT_LINK_TTL_SECONDS;
  const signature = signStatementLink(key, statementId, expires);
  return {
    path: `/v1/statements/${statementId}/pdf?expires=${expires}&signature=${signature}`,
    expires,
    expiresAt: new Date(expires * 1000),
  };
}

export type LinkCheck =
  | { ok: true }
  | { ok: false; field: 'signature' | 'expires'; reason: 'malformed' | 'mismatch' | 'expired' };

/**
 * Checks a link's query against the key and the real time. The signature is compared in
 * constant time before the expiry is looked at, so an altered link never learns more than
 * "invalid". A link is good while realNow < expires.
 */
export function checkStatementLink(key: Buffer, statementId: string, expiresText: unknown, signatureText: unknown, realNow: Date): LinkCheck {
  if (typeof signatureText !== 'string' || !SIGNATURE_RE.test(signatureText)) return { ok: false, field: 'signature', reason: 'malformed' };
  if (typeof expiresText !== 'string' || !EXPIRES_RE.test(expiresText)) return { ok: false, field: 'expires', reason: 'malformed' };
  const expires = Number(expiresText);
  const expected = Buffer.from(signStatementLink(key, statementId, expires), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signatureText, 'hex'))) return { ok: false, field: 'signature', reason: 'mismatch' };
  if (realNow.getTime() >= expires * 1000) return { ok: false, field: 'expires', reason: 'expired' };
  return { ok: true };
}
