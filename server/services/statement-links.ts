// Who signs statement links: the key derived from the master key, the public base URL the link
// starts with, and the real clock its 30 minutes run on. A request and the real-time job each have one.
import type { TenantClock } from '../domain/clock.ts';
import { statementLinkKey } from '../security/signed-urls.ts';

/** What signing a link needs: the key, the public base URL and the real clock (links expire in real time). */
export interface LinkIssuer {
  key: Buffer;
  base: string;
  real: TenantClock;
}

const keys = new WeakMap<Buffer, Buffer>();
function linkKey(masterKey: Buffer): Buffer {
  let k = keys.get(masterKey);
  if (!k) keys.set(masterKey, (k = statementLinkKey(masterKey)));
  return k;
}

/** An issuer signing with the statement-link key derived from the master key. */
export function linkIssuer(masterKey: Buffer, base: string, real: TenantClock): LinkIssuer {
  return { key: linkKey(masterKey), base, real };
}
