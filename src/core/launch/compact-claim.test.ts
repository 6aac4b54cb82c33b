import { describe, expect, it } from 'vitest'
import { cleanList, cleanString, compactClaim } from './compact-claim.js'

describe('compact-claim', () => {
  it('drops undefined members and keeps falsy values that are data', () => {
    const claim = compactClaim<{ a?: string; b?: number; c?: boolean; d?: string }>({
      a: undefined,
      b: 0,
      c: false,
      d: 'x',
    })
    expect(claim).toStrictEqual({ b: 0, c: false, d: 'x' })
  })

  it.each([
    [undefined, undefined],
    ['', undefined],
    [' \t\n', undefined],
    [' a b ', 'a b'],
  ])('cleans %j to %j', (value, expected) => {
    expect(cleanString(value)).toBe(expected)
  })

  it('cleans a list: trimmed, no blanks, no duplicates, order kept', () => {
    expect(cleanList([' b', 'a ', '', 'b', '  '])).toEqual(['b', 'a'])
  })
})
