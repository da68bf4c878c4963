// The only place that reads the real time. Everything else gets a clock passed in:
// requests use ctx(req).clock (the tenant's), jobs use systemClock or tenantClock().
import { tenantNow, type ClockSettings, type TenantClock } from './domain/clock.ts';

export const systemClock: TenantClock = { now: () => new Date() };

/** The tenant's clock, shifted or frozen per its tenants row, on top of a real clock. */
export function tenantClock(settings: ClockSettings, real: TenantClock = systemClock): TenantClock {
  // Method syntax: the dev loader (tsx) wraps every arrow function in a name-setting call, and this
  // object is made on every request.
  return {
    now() {
      return tenantNow(real.now().getTime(), settings);
    },
  };
}
