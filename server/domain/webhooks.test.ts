import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  finosSignature, isEventPattern, maskSecret, matchesAny, nextAttemptAt, patternsMatching, requestSignature,
  retryDelayMs, RETRY_CAP_MS, RETRY_HORIZON_MS, verifyFinosSignature,
} from './webhooks.ts';

describe('event patterns', () => {
  it('accepts *, exact types and family wildcards only', () => {
    for (const p of ['*', 'usertransition.*', 'usertransition.approved', 'statement.created']) expect(isEventPattern(p)).toBe(true);
    for (const p of ['', '**', 'user*', '*.approved', 'UserTransition.*', 'a.b.c', 'usertransition.', '.x', 'x'.repeat(63) + '.*'])
      expect(isEventPattern(p)).toBe(false);
  });

  it('matches exact, family and all', () => {
    expect(patternsMatching('usertransition.approved')).toEqual(['*', 'usertransition.approved', 'usertransition.*']);
    expect(matchesAny(['*'], 'harvest.completed')).toBe(true);
    expect(matchesAny(['usertransition.*'], 'usertransition.rejected')).toBe(true);
    expect(matchesAny(['usertransition.*'], 'kyctransition.rejected')).toBe(false);
    expect(matchesAny(['ordertransition.filled'], 'ordertransition.filled')).toBe(true);
    expect(matchesAny(['ordertransition.filled'], 'ordertransition.new')).toBe(false);
  });
});

describe('maskSecret', () => {
  it('shows the last three characters of long secrets only', () => {
    expect(maskSecret('finos_passwd')).toBe('********swd');
    expect(maskSecret('abcdef')).toBe('********');
  });
});

describe('signatures', () => {
  const key = 'sk_test_abc123';
  const body = '{"id":"x","type":"usertransition.approved"}';

  it('X-Request-Signature is HMAC-SHA1 keyed with the key without sk_', () => {
    expect(requestSignature(key, body)).toBe(createHmac('sha1', 'test_abc123').update(body).digest('hex'));
  });

  it('X-Finos-Signature signs "<t>.<body>" with HMAC-SHA256 and verifies within tolerance', () => {
    const at = new Date('2026-11-05T14:48:59.900Z');
    const header = finosSignature(key, body, at);
    const t = Math.floor(at.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', 'test_abc123').update(`${t}.${body}`).digest('hex')}`);
    expect(verifyFinosSignature(key, body, header, at)).toBe(true);
    expect(verifyFinosSignature(key, body + ' ', header, at)).toBe(false);
    expect(verifyFinosSignature('sk_other', body, header, at)).toBe(false);
    expect(verifyFinosSignature(key, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyFinosSignature(key, body, `t=${t},v1=${'0'.repeat(64)},${header.split(',')[1]}`, at)).toBe(true);
  });
});

describe('retry schedule', () => {
  it('doubles from 30 s and caps at 6 h, with at most +20 % jitter', () => {
    expect(retryDelayMs(1, () => 0)).toBe(30_000);
    expect(retryDelayMs(2, () => 0)).toBe(60_000);
    expect(retryDelayMs(10, () => 0)).toBe(30_000 * 512);
    expect(retryDelayMs(11, () => 0)).toBe(RETRY_CAP_MS);
    expect(retryDelayMs(500, () => 0)).toBe(RETRY_CAP_MS);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThan(36_001);
  });

  it('stops at the 3-day horizon from the event', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    let now = created;
    let failures = 0;
    for (;;) {
      failures++;
      const next = nextAttemptAt(failures, created, now, () => 0.5);
      if (!next) break;
      expect(next.getTime() - created.getTime()).toBeLessThanOrEqual(RETRY_HORIZON_MS);
      now = next;
    }
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(25);
    expect(RETRY_HORIZON_MS - (now.getTime() - created.getTime())).toBeLessThan(RETRY_CAP_MS * 1.2);
  });
});

describe('event types', () => {
  it('are exactly the contract EventType enum', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { EVENT_TYPES } = await import('./webhooks.ts');
    const contract = parse(readFileSync(new URL('../../openapi/components/schemas/EventType.yaml', import.meta.url), 'utf8')) as { enum: string[] };
    expect([...EVENT_TYPES].sort()).toEqual([...contract.enum].sort());
  });
});
