import { describe, expect, it } from 'vitest'
import { checkTimestamps } from './check-timestamps.js'

const NOW = 1_800_000_000_000
const now = NOW / 1000

function codeOf(fn: () => void): string | undefined {
  try {
    fn()
    return undefined
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('checkTimestamps', () => {
  it.each([
    ['valid', { iat: now, exp: now + 60 }, undefined],
    ['expired beyond leeway', { iat: now - 120, exp: now - 10 }, 'LTI_TOKEN_EXPIRED'],
    ['expired within leeway', { iat: now - 120, exp: now - 3 }, undefined],
    ['iat in the future', { iat: now + 60, exp: now + 120 }, 'LTI_TOKEN_ISSUED_IN_FUTURE'],
    ['iat within leeway', { iat: now + 4, exp: now + 120 }, undefined],
    ['no exp', { iat: now }, 'LTI_CLAIM_MISSING'],
    ['no iat', { exp: now + 60 }, 'LTI_CLAIM_MISSING'],
    ['string exp', { iat: now, exp: String(now + 60) }, 'LTI_CLAIM_INVALID'],
    ['exp before iat', { iat: now, exp: now - 1 }, 'LTI_CLAIM_INVALID'],
  ])('%s', (_, payload, code) => {
    expect(codeOf(() => checkTimestamps(payload as never, NOW, 5))).toBe(code)
  })
})
