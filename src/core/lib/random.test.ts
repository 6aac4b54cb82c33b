import { describe, expect, it } from 'vitest'
import { randomBytes, randomString } from './random.js'

describe('randomString', () => {
  it('encodes 32 bytes as 43 URL-safe characters by default', () => {
    expect(randomString()).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('carries the requested number of bytes', () => {
    expect(randomString(16)).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(randomBytes(12)).toHaveLength(12)
  })

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomString()))
    expect(seen.size).toBe(1000)
  })

  it.each([0, -1, 1.5, Number.NaN, 65537])('refuses byteLength %s', (n) => {
    expect(() => randomString(n)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
  })
})
