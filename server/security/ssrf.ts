// Server-side request forgery guard for webhook URLs: classifies IP addresses Finos must never
// call (loopback, private, link-local, CGNAT, metadata, multicast...) and resolves a host once so
// the delivery connects to exactly the address that was checked (no DNS-rebinding window).
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type BlockReason =
  | 'loopback' | 'private' | 'link_local' | 'metadata' | 'cgnat' | 'unspecified' | 'multicast' | 'reserved';

export class SsrfError extends Error {
  constructor(readonly reason: BlockReason | 'unresolvable', readonly host: string, readonly address?: string) {
    super(address
      ? `${host} resolves to ${address}, a ${reason.replace('_', '-')} address that webhooks may not target`
      : reason === 'unresolvable' ? `${host} does not resolve` : `${host} is a ${reason.replace('_', '-')} address that webhooks may not target`);
    this.name = 'SsrfError';
  }
}

type Cidr4 = [number, number, BlockReason];
const V4_BLOCKS: Cidr4[] = [
  [v4('169.254.169.254'), 32, 'metadata'],
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'cgnat'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link_local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'], // includes 255.255.255.255
];

function v4(text: string): number {
  const parts = text.split('.').map(Number);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function classifyV4(addr: number): BlockReason | null {
  for (const [net, bits, reason] of V4_BLOCKS) {
    const size = 2 ** (32 - bits);
    if (Math.floor(addr / size) === Math.floor(net / size)) return reason;
  }
  return null;
}

/** Eight 16-bit groups; accepts `::` compression, an embedded dotted quad and a `%zone`. */
function v6Groups(text: string): number[] {
  let s = text.replace(/%.*$/, '');
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const n = v4(quad[1]!);
    s = s.slice(0, quad.index) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

function classifyV6(g: number[]): BlockReason | null {
  const embedded = (hi: number, lo: number) => classifyV4(hi * 65536 + lo);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) return embedded(g[6]!, g[7]!); // IPv4-mapped ::ffff:a.b.c.d
  if (zeroUpTo(6)) return 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return embedded(g[1]!, g[2]!); // 6to4 wraps an IPv4 address
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata';
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'link_local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved'; // discard-only 100::/64
  return null;
}

/** Why Finos must not call this IP literal, or null if it is a public address. */
export function classifyAddress(ip: string): BlockReason | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return classifyV4(v4(bare));
  if (family === 6) return classifyV6(v6Groups(bare));
  throw new Error(`not an IP address: ${ip}`);
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));

/**
 * Resolves `host` (a URL hostname, brackets allowed) and returns the one address to connect to.
 * Every address the name resolves to must be public, so a name that mixes public and private
 * answers is refused outright rather than connected to by luck of ordering.
 */
export async function resolvePublic(host: string, resolver: Resolver = systemResolver): Promise<ResolvedAddress> {
  const bare = host.replace(/^\[|\]$/g, '');
  const literal = isIP(bare);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: bare, family: literal as 4 | 6 }];
  else {
    try {
      addresses = await resolver(bare);
    } catch {
      throw new SsrfError('unresolvable', bare);
    }
  }
  if (addresses.length === 0) throw new SsrfError('unresolvable', bare);
  for (const a of addresses) {
    const reason = classifyAddress(a.address);
    if (reason) throw new SsrfError(reason, bare, literal ? undefined : a.address);
  }
  return addresses[0]!;
}

/** Resolves without the public-address check (the sandbox may target its own machine). */
export async function resolveAny(host: string, resolver: Resolver = systemResolver): Promise<ResolvedAddress> {
  const bare = host.replace(/^\[|\]$/g, '');
  const literal = isIP(bare);
  if (literal) return { address: bare, family: literal as 4 | 6 };
  const addresses = await resolver(bare).catch(() => []);
  if (addresses.length === 0) throw new SsrfError('unresolvable', bare);
  return addresses[0]!;
}

type LookupCallback = (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;

/** A `lookup` for http.request that always answers the pinned address, whatever is asked. */
export function pinnedLookup(pinned: ResolvedAddress) {
  return (_host: string, options: { all?: boolean } | number | undefined, cb: LookupCallback) => {
    const all = typeof options === 'object' && options?.all;
    if (all) cb(null, [{ address: pinned.address, family: pinned.family }]);
    else cb(null, pinned.address, pinned.family);
  };
}
