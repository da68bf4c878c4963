// The 402 for an order placed outside a trading session. It tells the caller when trading
// resumes (`next_open`, as GET /v1/clock reports it) and, in the sandbox, how to get there now.
import type { FinosEnv } from '../config.ts';
import { nextOpen } from '../domain/calendar.ts';
import { requestFailed, type ApiError } from '../errors.ts';

export function marketClosed(now: Date, env: FinosEnv): ApiError {
  const open = nextOpen(now).toISOString();
  const way = env === 'sandbox'
    ? ` In the sandbox, POST /v1/sandbox/clock/advance with {"to": "${open}"} moves the clock to the open; then place the order again.`
    : ' Place the order again once the market is open.';
  // No `field`: nothing in the request is wrong, only its timing.
  return requestFailed(`The market is closed at ${now.toISOString()}; orders are accepted only during a trading session. next_open: ${open} (GET /v1/clock).${way}`);
}
