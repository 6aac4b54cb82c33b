import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './parse-retry-after.js'

const now = Date.UTC(2026, 10, 23, 9, 0, 0)

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })

  it('reads an HTTP date, a past one as 0', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:05:00 GMT', now)).toBe(300_000)
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:00 GMT', now)).toBe(0)
  })

  it.each([[null], [''], ['-5'], ['1.5'], ['soon'], ['Tomorrow at noon']])(
    'ignores %s',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined()
    },
  )
})
