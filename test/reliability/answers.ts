// Sending fuzzed requests and judging what comes back: bounded concurrency, and the only answers
// a fuzzed request may get (a 4xx in the error shape, or a 2xx).
import type { TestResponse } from '../helpers/app.ts';

/** Every answer the server may give a fuzzed request: a 4xx in the error shape, or a 2xx. */
export function checkAnswer(r: TestResponse, what: string): string | null {
  if (r.status >= 500 || r.status < 200) return `${what} → ${r.status} ${r.text.slice(0, 300)}`;
  if (r.status >= 400) {
    const e = (r.body as any)?.error;
    if (!(r.header('content-type') ?? '').includes('application/json') || typeof e?.type !== 'string' || typeof e?.message !== 'string') {
      return `${what} → ${r.status} not in the error shape: ${r.text.slice(0, 300)}`;
    }
  }
  return null;
}

/** Runs tasks with bounded concurrency, in order of start. */
export async function pool<T>(items: T[], width: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}
