import { describe, expect, it } from 'vitest'
import { signatureBaseString } from './signature-base-string.js'

// RFC 5849 §3.4.1.1: the request
//   POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b  (Host: example.com)
//   Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", ...
//   body: c2&a3=2+q
const RFC_URL = 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'
const RFC_HEADER_PARAMS: Array<[string, string]> = [
  ['oauth_consumer_key', '9djdj82h48djs9d2'],
  ['oauth_token', 'kkk9d7dh3k39sjv7'],
  ['oauth_signature_method', 'HMAC-SHA1'],
  ['oauth_timestamp', '137131201'],
  ['oauth_nonce', '7d8f3e4a'],
  ['oauth_signature', 'bYT5CMsGcbgUdFHObYMEfcx6bsw='],
]
// The body c2&a3=2+q, form-decoded.
const RFC_BODY_PARAMS: Array<[string, string]> = [
  ['c2', ''],
  ['a3', '2 q'],
]
const RFC_BASE_STRING =
  'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D' +
  '%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a' +
  '%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k3' +
  '9sjv7'
// RFC 5849 §3.4.1.3.2: the normalized parameters of the same request.
const RFC_NORMALIZED =
  'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=' +
  '7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7'

function normalizedPart(base: string): string {
  return decodeURIComponent(base.split('&')[2] ?? '')
}

describe('signatureBaseString', () => {
  it('reproduces the RFC 5849 §3.4.1.1 example base string', () => {
    const base = signatureBaseString('POST', RFC_URL, [...RFC_HEADER_PARAMS, ...RFC_BODY_PARAMS])
    expect(base).toBe(RFC_BASE_STRING)
  })

  it('normalizes parameters as in RFC 5849 §3.4.1.3.2 (query + body + header, no signature)', () => {
    const base = signatureBaseString('POST', RFC_URL, [...RFC_BODY_PARAMS, ...RFC_HEADER_PARAMS])
    expect(normalizedPart(base)).toBe(RFC_NORMALIZED)
  })

  it('does not depend on the order parameters arrive in', () => {
    const forward = signatureBaseString('POST', RFC_URL, [...RFC_HEADER_PARAMS, ...RFC_BODY_PARAMS])
    const reversed = signatureBaseString(
      'POST',
      RFC_URL,
      [...RFC_HEADER_PARAMS, ...RFC_BODY_PARAMS].reverse(),
    )
    expect(reversed).toBe(forward)
  })

  it('uppercases the method', () => {
    expect(signatureBaseString('post', RFC_URL, RFC_BODY_PARAMS).startsWith('POST&')).toBe(true)
  })

  // RFC 5849 §3.4.1.2's own examples.
  it.each([
    ['HTTP://EXAMPLE.COM:80/r%20v/X?id=123', 'http://example.com/r%20v/X'],
    ['https://www.example.net:8080/?q=1', 'https://www.example.net:8080/'],
    ['https://Example.COM:443/lti/launch#frag', 'https://example.com/lti/launch'],
    ['http://example.com', 'http://example.com/'],
  ])('builds the base string URI of %s', (url, expected) => {
    const base = signatureBaseString('GET', url, [])
    expect(decodeURIComponent(base.split('&')[1] ?? '')).toBe(expected)
  })

  it('sorts equal names by value and compares encoded bytes (uppercase before lowercase)', () => {
    const base = signatureBaseString('POST', 'https://tool.example/launch', [
      ['b', 'b'],
      ['A', 'a'],
      ['A', 'A'],
      ['a', '2'],
      ['a', '10'],
    ])
    expect(normalizedPart(base)).toBe('A=A&A=a&a=10&a=2&b=b')
  })

  it('refuses a relative or non-http URL as misuse', () => {
    expect(() => signatureBaseString('POST', '/launch', [])).toThrow(TypeError)
    expect(() => signatureBaseString('POST', 'ftp://x.example/', [])).toThrow(TypeError)
  })
})
