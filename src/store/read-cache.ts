import type { Clock } from '../core/ports.js'
import { MAX_CACHE_ENTRIES, setBounded } from './bounded-map.js'

export interface ReadCacheOptions {
  /** Measures entry age, so tests can advance time. */
  readonly clock: Clock
  /** How long an entry is served; `0` disables the cache. */
  readonly ttlMs: number
  readonly maxEntries?: number
}

/**
 * A per-process read-through cache of positive results, for rows that rarely change. Other
 * instances' writes show up once an entry expires; writes through this process call `invalidate`.
 */
export interface ReadCache<V> {
  /**
   * A fresh entry, or `load()`'s result, stored unless `undefined` so that a miss always reaches
   * the database. Concurrent misses of one key share one load.
   */
  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>
  /**
   * Drops the entries `match` selects, or all. A load already in flight does not store its result,
   * which may predate the write that called this.
   */
  invalidate(match?: (value: V) => boolean): void
}

/** A bounded TTL cache; see {@link ReadCache}. */
export function createReadCache<V>({
  clock,
  ttlMs,
  maxEntries = MAX_CACHE_ENTRIES,
}: ReadCacheOptions): ReadCache<V> {
  if (!(ttlMs > 0)) return { get: (_key, load) => load(), invalidate: () => undefined }
  const entries = new Map<string, { value: V; storedAt: number }>()
  const loading = new Map<string, Promise<V | undefined>>()
  // Bumped by every invalidation: a load that started before it must not store what it read.
  let generation = 0

  return {
    get(key, load) {
      const now = clock.now()
      const entry = entries.get(key)
      // A clock that went back counts as expired too.
      if (entry && now >= entry.storedAt && now - entry.storedAt < ttlMs) {
        return Promise.resolve(entry.value)
      }
      if (entry) entries.delete(key)
      const pending = loading.get(key)
      if (pending) return pending
      const started = generation
      const settle = () => {
        if (loading.get(key) === promise) loading.delete(key)
      }
      const promise = load().then(
        (value) => {
          settle()
          if (value !== undefined && generation === started) {
            setBounded(entries, key, { value, storedAt: now }, maxEntries)
          }
          return value
        },
        (error: unknown) => {
          settle()
          throw error
        },
      )
      loading.set(key, promise)
      return promise
    },

    invalidate(match) {
      generation += 1
      loading.clear()
      if (!match) {
        entries.clear()
        return
      }
      for (const [key, entry] of entries) if (match(entry.value)) entries.delete(key)
    },
  }
}
