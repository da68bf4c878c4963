import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecrets } from './secrets.ts';
import { generateKey, hashKey, KEY_PATTERN, keyKindOf, randomBase62 } from './keys.ts';

describe('secrets', () => {
  const s = createSecrets(randomBytes(32));

  it('round-trips text and bytes with a version prefix and fresh IVs', () => {
    const sealed = s.encrypt('sk_test_abc');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('sk_test_abc');
    expect(s.encrypt('sk_test_abc')).not.toBe(sealed);
    expect(s.decrypt(sealed)).toBe('sk_test_abc');
    const bytes = Buffer.from([0, 1, 2, 250]);
    const sealedBytes = s.encryptBytes(bytes);
    expect(sealedBytes[0]).toBe(1);
    expect(s.decryptBytes(sealedBytes)).toEqual(bytes);
  });

  it('refuses tampered values, other keys and unknown versions', () => {
    const sealed = s.encrypt('hello');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => s.decrypt('v1.' + raw.toString('base64url'))).toThrow();
    expect(() => createSecrets(randomBytes(32)).decrypt(sealed)).toThrow();
    expect(() => s.decrypt(sealed.replace(/^v1/, 'v9'))).toThrow(/version/);
    expect(() => s.decrypt('plain')).toThrow();
    expect(() => createSecrets(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('keys', () => {
  it('generates prefixed base62 keys with 40 random characters', () => {
    const sk = generateKey('secret', 'sandbox');
    const pk = generateKey('publishable', 'production');
    expect(sk).toMatch(/^sk_test_[0-9A-Za-z]{40}$/);
    expect(pk).toMatch(/^pk_live_[0-9A-Za-z]{40}$/);
    expect(KEY_PATTERN.test(sk) && KEY_PATTERN.test(pk)).toBe(true);
    expect(generateKey('secret', 'sandbox')).not.toBe(sk);
    expect(keyKindOf(sk)).toBe('secret');
    expect(keyKindOf(pk)).toBe('publishable');
    expect(keyKindOf('xx')).toBeNull();
  });

  it('hashes keys with sha256 hex', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('draws every base62 character', () => {
    const seen = new Set(randomBase62(5000));
    expect(seen.size).toBe(62);
  });
});
