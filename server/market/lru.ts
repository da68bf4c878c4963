// The bounded memo every simulated-market cache uses: lru-cache capped by entries and, when asked,
// by total weight, able to hold null values.
import { LRUCache } from 'lru-cache';

/**
 * A bounded memo on lru-cache: at most `maxEntries` entries and, with `weigh`, at most
 * `maxWeight` in total; the least recently used go first. Values may be null (boxed, since
 * lru-cache stores no nullish values).
 */
export class Lru<K extends {}, V> {
  private readonly cache: LRUCache<K, { value: V }>;

  constructor(maxEntries: number, maxWeight?: number, weigh?: (value: V) => number) {
    this.cache = new LRUCache<K, { value: V }>({
      max: maxEntries,
      ...(maxWeight !== undefined && weigh ? { maxSize: maxWeight, sizeCalculation: (box: { value: V }) => Math.max(1, weigh(box.value)) } : {}),
    });
  }

  get size(): number {
    return this.cache.size;
  }

  get totalWeight(): number {
    return this.cache.calculatedSize;
  }

  get(key: K): V | undefined {
    return this.cache.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.cache.set(key, { value });
  }

}
