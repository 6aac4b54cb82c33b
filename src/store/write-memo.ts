import { createHash } from 'node:crypto'
import type { Clock } from '../core/ports.js'
import { MAX_CACHE_ENTRIES, setBounded } from './bounded-map.js'

export interface WriteMemoOptions {
  readonly clock: Clock
  /** How long a write stands for an identical one; `0` writes every time. */
  readonly windowMs: number
  readonly maxEntries?: number
}

/**
 * Remembers what this process last wrote per key, so that an upsert of the same values within the
 * window can be skipped.
 */
export interface WriteMemo<T> {
  /**
   * Runs `write` unless this process wrote the same `values` for `key` within the window, in which
   * case it returns that write's result. Only a write that no write of other values overlapped is
   * remembered: of two overlapping upserts either may land last.
   */
  run(key: string, values: readonly unknown[], write: () => Promise<T>): Promise<T>
  /** Makes the next `run` for `key` write. */
  forget(key: string): void
}

interface Written<T> {
  readonly fingerprint: string
  readonly at: number
  readonly value: T
}

interface InFlight {
  count: number
  readonly fingerprint: string
  mixed: boolean
}

/** A bounded per-key memo of recent writes; see {@link WriteMemo}. */
export function createWriteMemo<T>({
  clock,
  windowMs,
  maxEntries = MAX_CACHE_ENTRIES,
}: WriteMemoOptions): WriteMemo<T> {
  const written = new Map<string, Written<T>>()
  const inFlight = new Map<string, InFlight>()
  const enabled = windowMs > 0

  return {
    async run(key, values, write) {
      if (!enabled) return write()
      const now = clock.now()
      // A digest keeps entries small however large the claims (AGS, NRPS) are.
      const fingerprint = createHash('sha256').update(JSON.stringify(values)).digest('base64url')
      const last = written.get(key)
      if (last && last.fingerprint === fingerprint && now >= last.at && now - last.at < windowMs) {
        return last.value
      }
      written.delete(key)
      let flight = inFlight.get(key)
      if (!flight) inFlight.set(key, (flight = { count: 0, fingerprint, mixed: false }))
      else if (flight.fingerprint !== fingerprint) flight.mixed = true
      flight.count += 1
      try {
        const value = await write()
        if (!flight.mixed) setBounded(written, key, { fingerprint, at: now, value }, maxEntries)
        return value
      } finally {
        flight.count -= 1
        if (flight.count === 0) inFlight.delete(key)
      }
    },

    forget(key) {
      written.delete(key)
    },
  }
}
