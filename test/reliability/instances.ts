// Helpers for the multi-instance reliability suites.
import { until as poll } from '../events/support.ts';

/** test/events/support.ts's poll, with the longer wait these multi-instance scenarios need. */
export const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> => poll(what, check, timeoutMs);
