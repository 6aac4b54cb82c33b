/** Entries per process-local cache: every registration of a large install fits, memory stays bounded. */
export const MAX_CACHE_ENTRIES = 10_000

/**
 * Sets `key` as the newest entry and drops the oldest beyond `max`. Map order is insertion order,
 * and in a cache whose entries all live equally long the oldest entry is the next to expire.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > max) map.delete(map.keys().next().value as K)
}
