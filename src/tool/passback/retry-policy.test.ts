import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_POLICY, retryDelay } from './retry-policy.js'

const policy = DEFAULT_RETRY_POLICY

describe('retryDelay', () => {
  it('doubles from the base, half fixed and half jitter, up to the cap', () => {
    const low = (tries: number) => retryDelay(tries, policy, () => 0)
    const high = (tries: number) => retryDelay(tries, policy, () => 0.5)
    expect([1, 2, 3, 4].map(low)).toEqual([5000, 10_000, 20_000, 40_000])
    expect(high(1)).toBe(7500)
    expect(low(20)).toBe(policy.maxDelayMs / 2)
    expect(high(100)).toBe(policy.maxDelayMs * 0.75)
  })

  it('follows Retry-After instead, within its cap', () => {
    expect(retryDelay(1, policy, () => 0.5, 120_000)).toBe(120_000)
    expect(retryDelay(1, policy, () => 0.5, 0)).toBe(0)
    expect(retryDelay(1, policy, () => 0.5, 10 * 24 * 3600_000)).toBe(policy.maxRetryAfterMs)
  })
})
