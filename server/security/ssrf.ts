// Server-side request forgery guard for webhook URLs: classifies IP addresses Finos must never
// call (loopback, private, link-local, CGNAT, metadata, multicast, documentation, tunnels...) and
// resolves a host once so the delivery connects to exactly the address that was checked (no
// DNS-rebinding window). The ranges are ipaddr.js's special-range tables; only what it calls
// plain unicast is public, so a range it learns later is refused until we decide otherwise.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

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

/** Cloud instance-metadata endpoints (AWS, GCP, Azure, and AWS's IPv6 one). */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/** ipaddr.js range names with the reason we give; any other non-unicast range is 'reserved'. */
const V4_REASONS: Record<string, BlockReason> = {
  unspecified: 'unspecified', multicast: 'multicast', linkLocal: 'link_local', loopback: 'loopback',
  carrierGradeNat: 'cgnat', private: 'private',
  // broadcast, reserved (documentation 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, benchmarking,
  // 240.0.0.0/4...), as112, amt: 'reserved'.
};
const V6_REASONS: Record<string, BlockReason> = {
  unspecified: 'unspecified', linkLocal: 'link_local', multicast: 'multicast', loopback: 'loopback',
  uniqueLocal: 'private', deprecatedSiteLocal: 'private',
  // teredo (2001::/32, its IPv4 ends are obfuscated and reached through a relay), documentation
  // 2001:db8::/32, discard, benchmarking, orchid, segment routing...: 'reserved'.
};

function classifyV4(a: ipaddr.IPv4): BlockReason | null {
  if (METADATA.has(a.toString())) return 'metadata';
  const range = a.range();
  return range === 'unicast' ? null : (V4_REASONS[range] ?? 'reserved');
}

/** The IPv4 address in 32 bits of a v6 address, from two 16-bit parts. */
const embedded = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

function classifyV6(a: ipaddr.IPv6): BlockReason | null {
  const p = a.parts;
  if (METADATA.has(a.toString())) return 'metadata';
  const range = a.range();
  switch (range) {
    case 'unicast':
      // ::a.b.c.d (deprecated IPv4-compatible) is not in the tables; nothing public lives in ::/96.
      return p.slice(0, 6).every((x) => x === 0) ? 'reserved' : null;
    // Forms that carry an IPv4 address a translator or relay would reach: judged by that address.
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d, IPv4-translated
      return classifyV4(embedded(p[6]!, p[7]!));
    case 'rfc6052':
      // 64:ff9b::/96, the well-known NAT64 prefix, reaches the embedded address on the internet;
      // 64:ff9b:1::/48 is for a translator inside a network, so whatever it reaches is internal.
      return p[1] === 0xff9b && p[2] === 0 ? classifyV4(embedded(p[6]!, p[7]!)) : 'private';
    case '6to4': // 2002:AABB:CCDD::/48 wraps the IPv4 AA.BB.CC.DD
      return classifyV4(embedded(p[1]!, p[2]!));
    default:
      return V6_REASONS[range] ?? 'reserved';
  }
}

/** Why Finos must not call this IP literal, or null if it is a public address. */
export function classifyAddress(ip: string): BlockReason | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return classifyV4(ipaddr.IPv4.parse(bare));
  // The WHATWG URL parser spells the address as hex groups first: ipaddr.js reads a dotted tail
  // as IPv4-mapped (::a.b.c.d would become ::ffff:a.b.c.d), which is not the address connected to.
  if (family === 6) return classifyV6(ipaddr.IPv6.parse(new URL(`http://[${bare.replace(/%.*$/, '')}]/`).hostname.slice(1, -1)));
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
