import { describe, expect, it } from 'vitest'
import { decodeBase64Any, decodeBase64url, encodeBase64url } from './base64url.js'

const bytes = (text: string) => new TextEncoder().encode(text)

// RFC 4648 §10 test vectors, unpadded as in §5 / RFC 7515 §2.
const VECTORS: [string, string][] = [
  ['', ''],
  ['f', 'Zg'],
  ['fo', 'Zm8'],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg'],
  ['fooba', 'Zm9vYmE'],
  ['foobar', 'Zm9vYmFy'],
]

describe('base64url', () => {
  it.each(VECTORS)('RFC 4648 §10: %j encodes to %j and back', (plain, encoded) => {
    expect(encodeBase64url(bytes(plain))).toBe(encoded)
    expect(decodeBase64url(encoded)).toEqual(bytes(plain))
  })

  it('uses the URL-safe alphabet (RFC 4648 §5)', () => {
    const data = new Uint8Array([0xfb, 0xff, 0xbf])
    expect(encodeBase64url(data)).toBe('-_-_')
    expect(decodeBase64url('-_-_')).toEqual(data)
  })

  it('round-trips large inputs', () => {
    const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff)
    expect(decodeBase64url(encodeBase64url(data))).toEqual(data)
  })

  it.each(['Zm9v=', 'Zm+v', 'Zm/v', 'Z', 'Zm9v Zg', 'Zm9v\n'])('refuses %j', (text) => {
    expect(decodeBase64url(text)).toBeUndefined()
  })

  it('decodes either alphabet, padded or not, for configuration values', () => {
    const data = new Uint8Array([0xfb, 0xff, 0xbf, 0x01])
    for (const text of ['+/+/AQ==', '+/+/AQ', '-_-_AQ', '-_-_AQ==', ' -_-_AQ\n']) {
      expect(decodeBase64Any(text)).toEqual(data)
    }
    expect(decodeBase64Any('Zm9v!')).toBeUndefined()
    expect(decodeBase64Any('Z')).toBeUndefined()
    expect(decodeBase64Any('Zm=9')).toBeUndefined()
  })
})
