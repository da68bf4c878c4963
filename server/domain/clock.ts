// The tenant clock: what "now" is for one tenant. The sandbox can shift or freeze it, so
// domain code takes a TenantClock and never reads the real time itself.

export interface TenantClock {
  now(): Date;
}

export interface ClockSettings {
  clock_offset_ms: number;
  clock_frozen_at: Date | null;
}

/** A frozen clock shows the frozen instant; otherwise real time shifted by the offset. */
export function tenantNow(realNowMs: number, settings: ClockSettings): Date {
  if (settings.clock_frozen_at) return new Date(settings.clock_frozen_at.getTime());
  return new Date(realNowMs + settings.clock_offset_ms);
}

/** A clock that always shows one instant (tests and pure-logic callers). */
export function fixedClock(at: Date | string): TenantClock {
  const ms = new Date(at).getTime();
  return { now: () => new Date(ms) };
}
