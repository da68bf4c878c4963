import { describe, expect, it } from 'vitest';
import { classifyAddress, pinnedLookup, resolvePublic, SsrfError, type Resolver } from './ssrf.ts';

describe('classifyAddress', () => {
  const cases: [string, string | null][] = [
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['172.15.255.255', null], ['172.32.0.0', null],
    ['192.168.1.1', 'private'], ['192.169.0.1', null],
    ['169.254.0.1', 'link_local'], ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'cgnat'], ['100.127.255.255', 'cgnat'], ['100.63.255.255', null], ['100.128.0.0', null],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'], ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'], ['255.255.255.255', 'reserved'],
    ['8.8.8.8', null], ['1.1.1.1', null], ['93.184.216.34', null], ['11.0.0.1', null],
    ['::1', 'loopback'], ['::', 'unspecified'], ['[::1]', 'loopback'],
    ['fc00::1', 'private'], ['fd12:3456::1', 'private'], ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link_local'], ['fe80::1%eth0', 'link_local'], ['febf::1', 'link_local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'], ['::ffff:8.8.8.8', null], ['[::ffff:a9fe:a9fe]', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'], ['64:ff9b::8.8.8.8', null],
    ['2002:7f00:1::', 'loopback'], ['2002:0808:0808::1', null],
    ['::127.0.0.1', 'reserved'], ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', null], ['2a00:1450:4001:81c::200e', null],
    // IPv4-translated, local-use NAT64, Teredo, and the documentation ranges (issue 16, item 22).
    ['::ffff:0:127.0.0.1', 'loopback'], ['::ffff:0:a00:1', 'private'], ['::ffff:0:8.8.8.8', null],
    ['64:ff9b:1::a00:1', 'private'], ['64:ff9b:1::808:808', 'private'], ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2001:0::1', 'reserved'], ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['192.0.2.1', 'reserved'], ['198.51.100.7', 'reserved'], ['203.0.113.200', 'reserved'], ['2001:db8:ffff::1', 'reserved'],
    ['198.18.0.1', 'reserved'], ['192.0.0.8', 'reserved'], ['2002:a9fe:a9fe::1', 'metadata'], ['2002:c000:0201::', 'reserved'],
    ['100::1', 'reserved'], ['fec0::1', 'private'], ['5f00::1', 'reserved'],
  ];
  it.each(cases)('%s → %s', (ip, reason) => {
    expect(classifyAddress(ip)).toBe(reason);
  });

  it('rejects non-IP input loudly', () => {
    expect(() => classifyAddress('example.com')).toThrow();
  });

  it('agrees with the WHATWG URL parser on odd IPv4 spellings', () => {
    for (const host of ['0x7f.1', '2130706433', '017700000001', '127.1']) {
      expect(classifyAddress(new URL(`http://${host}/`).hostname)).toBe('loopback');
    }
    expect(classifyAddress(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe('loopback');
  });
});

describe('resolvePublic', () => {
  const fake = (answers: Record<string, string[]>): Resolver => async (host) => {
    const list = answers[host];
    if (!list) throw new Error('ENOTFOUND');
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('returns the first address when every answer is public', async () => {
    const r = await resolvePublic('hooks.example.com', fake({ 'hooks.example.com': ['93.184.216.34', '2606:4700::1'] }));
    expect(r).toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('refuses a name with any private answer and says why', async () => {
    const err = await resolvePublic('evil.example', fake({ 'evil.example': ['93.184.216.34', '10.0.0.5'] })).catch((e) => e);
    expect(err).toBeInstanceOf(SsrfError);
    expect(err.reason).toBe('private');
    expect(err.message).toContain('10.0.0.5');
  });

  it('refuses literals and unresolvable names', async () => {
    await expect(resolvePublic('[::1]')).rejects.toMatchObject({ reason: 'loopback' });
    await expect(resolvePublic('169.254.169.254')).rejects.toMatchObject({ reason: 'metadata' });
    await expect(resolvePublic('nowhere.invalid', fake({}))).rejects.toMatchObject({ reason: 'unresolvable' });
  });

  it('localhost is loopback through the real resolver', async () => {
    await expect(resolvePublic('localhost')).rejects.toMatchObject({ reason: 'loopback' });
  });
});

describe('pinnedLookup', () => {
  it('answers the pinned address in both callback shapes', () => {
    const lookup = pinnedLookup({ address: '93.184.216.34', family: 4 });
    lookup('rebind.example', { all: true }, (err, addr) => {
      expect(err).toBeNull();
      expect(addr).toEqual([{ address: '93.184.216.34', family: 4 }]);
    });
    lookup('rebind.example', {}, (_err, addr, family) => {
      expect([addr, family]).toEqual(['93.184.216.34', 4]);
    });
  });
});
