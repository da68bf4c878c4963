// Refuses request text PostgreSQL cannot store: U+0000 (text columns reject it) and unpaired
// UTF-16 surrogates (json columns reject them; text silently turns them into U+FFFD).
import type { Request } from 'express';
import { ApiError } from '../errors.ts';
import { WRITE_METHODS } from './error-type.ts';

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 64;

/** The dotted path of the first string (or key) in `value` that cannot be stored, or null. */
export function findUnstorable(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(value)' : null;
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const here = path ? `${path}.${k}` : k;
    if (UNSTORABLE.test(k)) return here;
    const found = findUnstorable(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws (400) when the request's query, path or JSON body holds text that cannot be stored. */
export function refuseUnstorableText(req: Request): void {
  const message = 'must not contain U+0000 or an unpaired UTF-16 surrogate';
  // Without a '?' the query is empty: no need to have Express parse it.
  if (req.url.includes('?')) {
    const query = findUnstorable(req.query);
    if (query) throw new ApiError('bad_request', `${query}: ${message}`, query);
  }
  const path = req.path;
  // Without a percent escape no segment decodes to anything else, so one test of the whole path
  // (the pattern never spans a '/') stands for the per-segment ones; most requests take this way.
  if (!path.includes('%')) {
    if (UNSTORABLE.test(path)) throw new ApiError('bad_request', `path: ${message}`);
  } else {
    for (const segment of path.split('/')) {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        continue; // malformed escapes are the router's and validator's to refuse
      }
      if (UNSTORABLE.test(decoded)) throw new ApiError('bad_request', `path: ${message}`);
    }
  }
  if (req.body === undefined) return;
  const body = findUnstorable(req.body);
  if (body) throw new ApiError(WRITE_METHODS.has(req.method) ? 'validation' : 'bad_request', `${body}: ${message}`, body);
}
