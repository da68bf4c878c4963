import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkStatementLink, signStatementLink, statementLink, statementLinkKey, STATEMENT_LINK_TTL_SECONDS } from './signed-urls.ts';

const master = Buffer.alloc(32, 7);
const key = statementLinkKey(master);
const id = '0192f0c5-201d-7c3e-9d41-5b6a7c8d001d';
const issued = new Date('2026-11-05T14:48:59.750Z');

function query(path: string) {
  const u = new URL(path, 'https://api.example');
  return { expires: u.searchParams.get('expires'), signature: u.searchParams.get('signature') };
}

describe('statement links', () => {
  it('derives its key with HKDF-SHA256 (info "finos statement links") and signs `${id}.${expires}` with HMAC-SHA256', () => {
    const expectedKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'finos statement links', 32));
    expect(key.equals(expectedKey)).toBe(true);
    expect(key.equals(master)).toBe(false);
    expect(signStatementLink(key, id, 1793891939)).toBe(createHmac('sha256', expectedKey).update(`${id}.1793891939`).digest('hex'));
  });

  it('expires 30 minutes of real time after issue, in whole seconds rounded down', () => {
    const link = statementLink(key, id, issued);
    expect(STATEMENT_LINK_TTL_SECONDS).toBe(1800);
    expect(link.expires).toBe(Math.floor(issued.getTime() / 1000) + 1800);
    expect(link.expiresAt.toISOString()).toBe('2026-11-05T15:18:59.000Z');
    expect(link.path).toBe(`/v1/statements/${id}/pdf?expires=${link.expires}&signature=${signStatementLink(key, id, link.expires)}`);
  });

  it('accepts its own link until the second it expires, then refuses it as expired', () => {
    const { expires, signature } = query(statementLink(key, id, issued).path);
    expect(checkStatementLink(key, id, expires, signature, issued)).toEqual({ ok: true });
    expect(checkStatementLink(key, id, expires, signature, new Date(Number(expires) * 1000 - 1))).toEqual({ ok: true });
    expect(checkStatementLink(key, id, expires, signature, new Date(Number(expires) * 1000))).toEqual({ ok: false, field: 'expires', reason: 'expired' });
  });

  it('refuses a changed expiry, another statement id, another key and a flipped signature digit', () => {
    const { expires, signature } = query(statementLink(key, id, issued).path);
    const later = String(Number(expires) + 3600);
    expect(checkStatementLink(key, id, later, signature, issued)).toMatchObject({ ok: false, field: 'signature', reason: 'mismatch' });
    expect(checkStatementLink(key, '0192f0c5-201d-7c3e-9d41-5b6a7c8d001e', expires, signature, issued)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(checkStatementLink(statementLinkKey(Buffer.alloc(32, 8)), id, expires, signature, issued)).toMatchObject({ ok: false, reason: 'mismatch' });
    const flipped = signature!.slice(0, -1) + (signature!.endsWith('0') ? '1' : '0');
    expect(checkStatementLink(key, id, expires, flipped, issued)).toMatchObject({ ok: false, field: 'signature', reason: 'mismatch' });
  });

  it('refuses malformed input before comparing: short, upper-case or missing signatures, non-numeric expiry', () => {
    const { expires, signature } = query(statementLink(key, id, issued).path);
    expect(checkStatementLink(key, id, expires, signature!.slice(2), issued)).toMatchObject({ ok: false, field: 'signature', reason: 'malformed' });
    expect(checkStatementLink(key, id, expires, signature!.toUpperCase(), issued)).toMatchObject({ ok: false, field: 'signature', reason: 'malformed' });
    expect(checkStatementLink(key, id, expires, undefined, issued)).toMatchObject({ ok: false, field: 'signature' });
    expect(checkStatementLink(key, id, '1e9', signature, issued)).toMatchObject({ ok: false, field: 'expires', reason: 'malformed' });
    expect(checkStatementLink(key, id, ['1', '2'], signature, issued)).toMatchObject({ ok: false, field: 'expires', reason: 'malformed' });
  });
});
