// Verifies that a webhook delivery came from Finos. Accepts either signature header the API
// sends: the legacy X-Request-Signature (hex HMAC-SHA1 of the body) or X-Finos-Signature
// (`t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, which also bounds replay by its timestamp).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyOptions {
  /** How far `t` may be from now, either way; 300 s by default. Only X-Finos-Signature has a `t`. */
  toleranceSeconds?: number;
  /** The current time, for tests: a Date or unix seconds. */
  now?: Date | number;
}

/** The HMAC key: the API key without its `sk_` / `pk_` prefix, as the reference specifies. */
export const webhookSigningKey = (apiKey: string) => apiKey.replace(/^(sk|pk)_/, '');

/**
 * True when `signatureHeader` is a valid signature of `rawBody` (the bytes exactly as received,
 * before JSON parsing) under `apiKey`. Never throws on malformed input; it returns false.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
  apiKey: string,
  options: VerifyOptions = {},
): boolean {
  if (!signatureHeader || !apiKey) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const key = webhookSigningKey(apiKey);
  const header = signatureHeader.trim();
  if (/^[0-9a-fA-F]{40}$/.test(header)) {
    return hexEqual(createHmac('sha1', key).update(body).digest('hex'), header.toLowerCase());
  }
  return verifyTimestamped(body, header, key, options);
}

function verifyTimestamped(body: Buffer, header: string, key: string, options: VerifyOptions): boolean {
  let t: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const [name, value] = [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    if (name === 't') t = value;
    else if (name === 'v1') signatures.push(value.toLowerCase());
  }
  if (!t || !/^[0-9]{1,12}$/.test(t) || signatures.length === 0) return false;
  const nowSeconds = options.now === undefined ? Date.now() / 1000
    : typeof options.now === 'number' ? options.now : options.now.getTime() / 1000;
  if (Math.abs(nowSeconds - Number(t)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', key).update(`${t}.`).update(body).digest('hex');
  // Check every candidate so the time taken does not reveal which one matched.
  return signatures.reduce((ok, sig) => hexEqual(expected, sig) || ok, false);
}

function hexEqual(expected: string, given: string): boolean {
  if (!/^[0-9a-f]*$/.test(given) || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}
