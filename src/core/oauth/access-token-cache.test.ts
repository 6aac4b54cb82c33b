import { describe, expect, it } from 'vitest'
import { createAccessTokenCache } from './access-token-cache.js'
import type { AccessToken } from './request-access-token.js'

const NOW = 1_800_000_000_000

function setup(refreshMarginMs?: number) {
  const clock = { t: NOW, now: () => clock.t }
  const cache = createAccessTokenCache({ clock, refreshMarginMs })
  let calls = 0
  // Each fetch issues a distinct token valid for `lifetimeMs` from the clock's current time.
  const fetcher =
    (lifetimeMs = 3600_000) =>
    async (): Promise<AccessToken> => {
      calls++
      return {
        accessToken: `at-${calls}`,
        tokenType: 'Bearer',
        expiresAt: clock.t + lifetimeMs,
        scopes: ['a', 'b'],
      }
    }
  return { clock, cache, fetcher, calls: () => calls }
}

describe('createAccessTokenCache', () => {
  it('serves a cached token per key and scope set, in any scope order', async () => {
    const { cache, fetcher, calls } = setup()
    const first = await cache.get('reg-1', ['a', 'b'], fetcher())
    expect(await cache.get('reg-1', ['b', 'a', 'a'], fetcher())).toBe(first)
    expect(calls()).toBe(1)
    await cache.get('reg-1', ['a'], fetcher())
    await cache.get('reg-2', ['a', 'b'], fetcher())
    expect(calls()).toBe(3)
  })

  it('refetches once the refresh margin before expiry is reached', async () => {
    const { clock, cache, fetcher, calls } = setup(60_000)
    await cache.get('reg-1', ['a'], fetcher())
    clock.t = NOW + 3600_000 - 60_001
    expect((await cache.get('reg-1', ['a'], fetcher())).accessToken).toBe('at-1')
    clock.t = NOW + 3600_000 - 60_000
    expect((await cache.get('reg-1', ['a'], fetcher())).accessToken).toBe('at-2')
    expect(calls()).toBe(2)
  })

  it('keeps a token shorter-lived than the margin for half its life', async () => {
    const { clock, cache, fetcher } = setup(60_000)
    await cache.get('reg-1', ['a'], fetcher(30_000))
    clock.t = NOW + 14_999
    expect((await cache.get('reg-1', ['a'], fetcher(30_000))).accessToken).toBe('at-1')
    clock.t = NOW + 15_000
    expect((await cache.get('reg-1', ['a'], fetcher(30_000))).accessToken).toBe('at-2')
  })

  it('shares one fetch among 10 concurrent gets (single flight)', async () => {
    const { cache, fetcher, calls } = setup()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = async () => {
      await gate
      return fetcher()()
    }
    const pending = Array.from({ length: 10 }, () => cache.get('reg-1', ['a', 'b'], slow))
    release()
    const tokens = await Promise.all(pending)
    expect(calls()).toBe(1)
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['at-1']))
  })

  it('does not cache a failed fetch: concurrent callers share the error, the next call retries', async () => {
    const { cache, fetcher, calls } = setup()
    let failures = 0
    const failing = async (): Promise<AccessToken> => {
      failures++
      throw new Error('token endpoint down')
    }
    const results = await Promise.allSettled([
      cache.get('reg-1', ['a'], failing),
      cache.get('reg-1', ['a'], failing),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(failures).toBe(1)
    expect((await cache.get('reg-1', ['a'], fetcher())).accessToken).toBe('at-1')
    expect(calls()).toBe(1)
  })

  it('invalidate makes the next get fetch a fresh token', async () => {
    const { cache, fetcher } = setup()
    await cache.get('reg-1', ['a', 'b'], fetcher())
    cache.invalidate('reg-1', ['b', 'a'])
    expect((await cache.get('reg-1', ['a', 'b'], fetcher())).accessToken).toBe('at-2')
    expect((await cache.get('reg-1', ['a', 'b'], fetcher())).accessToken).toBe('at-2')
  })

  it('invalidate with the refused token fetches once when many calls were refused together', async () => {
    const { cache, fetcher, calls } = setup()
    const refused = await cache.get('reg-1', ['a'], fetcher())
    // Ten service calls got 401 with at-1; each invalidates it, then asks again.
    const retries = Array.from({ length: 10 }, async () => {
      cache.invalidate('reg-1', ['a'], refused.accessToken)
      return cache.get('reg-1', ['a'], fetcher())
    })
    const tokens = await Promise.all(retries)
    expect(calls()).toBe(2)
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['at-2']))
    cache.invalidate('reg-1', ['a'], refused.accessToken)
    expect((await cache.get('reg-1', ['a'], fetcher())).accessToken).toBe('at-2')
  })

  it('refuses a negative margin', () => {
    expect(() =>
      createAccessTokenCache({ clock: { now: () => NOW }, refreshMarginMs: -1 }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
  })
})
