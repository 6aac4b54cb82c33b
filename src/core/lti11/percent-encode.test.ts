import { describe, expect, it } from 'vitest'
import { percentEncode } from './percent-encode.js'

// RFC 5849 §3.6: unreserved characters stay, every other UTF-8 byte is %XX with uppercase hex.
describe('percentEncode', () => {
  it.each([
    ['abcXYZ019', 'abcXYZ019'],
    ['-._~', '-._~'],
    ['r b', 'r%20b'],
    ['=%3D', '%3D%253D'],
    ['c@', 'c%40'],
    ["!*'()", '%21%2A%27%28%29'],
    ['+/&', '%2B%2F%26'],
    ['é', '%C3%A9'],
    ['☃', '%E2%98%83'],
    ['𝄞', '%F0%9D%84%9E'],
    ['', ''],
  ])('encodes %j as %j', (input, expected) => {
    expect(percentEncode(input)).toBe(expected)
  })

  it('encodes a lone surrogate as U+FFFD instead of throwing like encodeURIComponent', () => {
    expect(() => encodeURIComponent('\uD800')).toThrow()
    expect(percentEncode('\uD800')).toBe('%EF%BF%BD')
  })
})
