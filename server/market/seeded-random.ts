// Seeded randomness for the simulated market: a string hash, a uniform generator and two cheap
// approximately normal draws, built only from IEEE-exact float operations so every machine agrees.

/** FNV-1a, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An approximately standard normal number: the Irwin–Hall sum of 12 uniforms, less 6 (within ±6). */
export function normal12(u: () => number): number {
  let s = -6;
  for (let i = 0; i < 12; i++) s += u();
  return s;
}

/** A cheaper unit-variance bump for minute steps: four uniforms, centred and scaled by √3. */
const SQRT3 = Math.sqrt(3);
export function normal4(u: () => number): number {
  return (u() + u() + u() + u() - 2) * SQRT3;
}
