import { describe, expect, it } from 'vitest'
import { createReadCache } from './read-cache.js'

function fakeClock(start = 1_790_000_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

/** A loader that counts its calls and answers from `rows`. */
function loader(rows: Map<string, string>) {
  let calls = 0
  return {
    load: (key: string) => async () => {
      calls += 1
      return rows.get(key)
    },
    calls: () => calls,
  }
}

describe('createReadCache', () => {
  it('serves a hit from memory until the TTL ends, measured by the injected clock', async () => {
    const clock = fakeClock()
    const cache = createReadCache<string>({ clock, ttlMs: 5_000 })
    const db = loader(new Map([['a', 'A']]))
    expect(await cache.get('a', db.load('a'))).toBe('A')
    clock.advance(4_999)
    expect(await cache.get('a', db.load('a'))).toBe('A')
    expect(db.calls()).toBe(1)
    clock.advance(1)
    expect(await cache.get('a', db.load('a'))).toBe('A')
    expect(db.calls()).toBe(2)
  })

  it('does not cache a miss, so a row added later is found at once', async () => {
    const rows = new Map<string, string>()
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 5_000 })
    const db = loader(rows)
    expect(await cache.get('a', db.load('a'))).toBeUndefined()
    rows.set('a', 'A')
    expect(await cache.get('a', db.load('a'))).toBe('A')
    expect(db.calls()).toBe(2)
  })

  it('treats a clock that went back as expired', async () => {
    const clock = fakeClock()
    const cache = createReadCache<string>({ clock, ttlMs: 5_000 })
    const db = loader(new Map([['a', 'A']]))
    await cache.get('a', db.load('a'))
    clock.advance(-1)
    await cache.get('a', db.load('a'))
    expect(db.calls()).toBe(2)
  })

  it('shares one load among concurrent misses of a key', async () => {
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 5_000 })
    const db = loader(new Map([['a', 'A']]))
    const results = await Promise.all([1, 2, 3].map(() => cache.get('a', db.load('a'))))
    expect(results).toEqual(['A', 'A', 'A'])
    expect(db.calls()).toBe(1)
  })

  it('does not keep a failed load', async () => {
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 5_000 })
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(await cache.get('a', async () => 'A')).toBe('A')
  })

  it('drops the entries an invalidation selects, or all', async () => {
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 5_000 })
    const db = loader(
      new Map([
        ['a', 'A'],
        ['b', 'B'],
      ]),
    )
    await cache.get('a', db.load('a'))
    await cache.get('b', db.load('b'))
    cache.invalidate((value) => value === 'A')
    await cache.get('a', db.load('a'))
    await cache.get('b', db.load('b'))
    expect(db.calls()).toBe(3)
    cache.invalidate()
    await cache.get('a', db.load('a'))
    await cache.get('b', db.load('b'))
    expect(db.calls()).toBe(5)
  })

  it('does not store what a load in flight during an invalidation read', async () => {
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 5_000 })
    let finish!: (value: string) => void
    const stale = cache.get('a', () => new Promise<string>((resolve) => (finish = resolve)))
    // The write that deleted the row invalidates while the read of the old row is on the wire.
    cache.invalidate()
    finish('old')
    expect(await stale).toBe('old')
    expect(await cache.get('a', async () => undefined)).toBeUndefined()
  })

  it('holds at most maxEntries, dropping the oldest', async () => {
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 5_000, maxEntries: 2 })
    const db = loader(
      new Map([
        ['a', 'A'],
        ['b', 'B'],
        ['c', 'C'],
      ]),
    )
    for (const key of ['a', 'b', 'c']) await cache.get(key, db.load(key))
    await cache.get('c', db.load('c'))
    await cache.get('b', db.load('b'))
    expect(db.calls()).toBe(3)
    await cache.get('a', db.load('a'))
    expect(db.calls()).toBe(4)
  })

  it('loads every time when the TTL is 0', async () => {
    const cache = createReadCache<string>({ clock: fakeClock(), ttlMs: 0 })
    const db = loader(new Map([['a', 'A']]))
    await cache.get('a', db.load('a'))
    await cache.get('a', db.load('a'))
    expect(db.calls()).toBe(2)
  })
})
