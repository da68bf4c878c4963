import { describe, expect, it } from 'vitest';
import { fixedClock, tenantNow } from './clock.ts';

describe('tenant clock', () => {
  const real = Date.parse('2026-03-02T15:00:00Z');

  it('is the real time when neither shifted nor frozen', () => {
    expect(tenantNow(real, { clock_offset_ms: 0, clock_frozen_at: null }).toISOString()).toBe('2026-03-02T15:00:00.000Z');
  });

  it('shifts by the offset', () => {
    expect(tenantNow(real, { clock_offset_ms: 86_400_000, clock_frozen_at: null }).toISOString()).toBe('2026-03-03T15:00:00.000Z');
  });

  it('shows the frozen instant regardless of real time and offset', () => {
    const frozen = new Date('2026-01-01T00:00:00Z');
    expect(tenantNow(real, { clock_offset_ms: 5, clock_frozen_at: frozen }).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(tenantNow(real + 99999, { clock_offset_ms: 5, clock_frozen_at: frozen }).getTime()).toBe(frozen.getTime());
  });

  it('fixedClock returns copies', () => {
    const c = fixedClock('2026-01-01T00:00:00Z');
    const a = c.now();
    a.setFullYear(2000);
    expect(c.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
