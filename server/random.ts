// Random bytes for ids and nonces, cut from a pool that the operating system's CSPRNG refills
// 4 KiB at a time: one getrandom call serves hundreds of ids instead of one each. Every byte is
// handed out once. Record ids are UUID version 7 (RFC 9562), built by the uuid library from
// these bytes.
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';
import { systemClock } from './clock.ts';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;

/**
 * `n` (at most 256) fresh random bytes, as a view into the pool: read or copy them before the next
 * call, which may refill it.
 */
export function poolBytes(n: number): Buffer {
  if (n > 256) throw new RangeError('poolBytes: at most 256 bytes at a time');
  if (poolAt + n > POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += n;
  return pool.subarray(at, at + n);
}

/** Random bytes of one's own (a copy), for callers that keep them. */
export const randomBytesFromPool = (n: number): Buffer => Buffer.from(poolBytes(n));

// A v7 id is the real millisecond (the RFC's timestamp: the system clock, never a tenant's) and a
// 31-bit counter that starts at a random value each new millisecond and counts up within it,
// so the ids this process draws always sort in the order they were drawn. The counter running
// out moves the timestamp one millisecond on, as the uuid library itself does.
let lastMs = -Infinity;
let seq = 0;

/** A new UUID v7, sorting after every id this process drew before it. */
export function uuidv7(): string {
  const random = poolBytes(16);
  const now = systemClock.now().getTime();
  if (now > lastMs) {
    lastMs = now;
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7({ msecs: lastMs, seq, random });
}
