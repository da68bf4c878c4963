// The shape of the composition root (server/wiring.ts) apart from how it is built, so the app
// deps and the jobs can name it without importing every module it wires.
import type { Listeners } from './services/hooks.ts';
import type { ScheduleSource } from './services/scheduler.ts';
import type { LinkIssuer } from './services/statement-links.ts';

export interface Wiring {
  /** runDue's sources: items due at the same instant run in this order. */
  sources: readonly ScheduleSource[];
  /**
   * The same sources, with statement links signed by `issuer`: a request that runs the scheduler
   * (the sandbox clock advance) signs them for the host it was reached at.
   */
  sourcesSigningWith(issuer: LinkIssuer): readonly ScheduleSource[];
  /** Who hears settled cash, fills and finished orders, in list order. */
  listeners: Listeners;
  /** Signs statement.created links made outside a request (the real-time job). */
  linkIssuer: LinkIssuer;
}
