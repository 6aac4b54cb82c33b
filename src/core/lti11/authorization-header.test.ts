import { describe, expect, it } from 'vitest'
import {
  oauth1AuthorizationHeader,
  parseOAuth1AuthorizationHeader,
} from './authorization-header.js'

describe('oauth1AuthorizationHeader', () => {
  it('writes only oauth_* parameters, encoded, after an empty realm', () => {
    const header = oauth1AuthorizationHeader([
      ['lti_version', 'LTI-1p0'],
      ['oauth_consumer_key', 'key 1'],
      ['oauth_signature', 'r6/TJjbCOr97/+UU0NsvSne7s5g='],
    ])
    expect(header).toBe(
      'OAuth realm="",oauth_consumer_key="key%201",oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"',
    )
  })

  it('round-trips through parseOAuth1AuthorizationHeader', () => {
    const params: Array<[string, string]> = [
      ['oauth_consumer_key', 'clé "1",2'],
      ['oauth_nonce', 'abc=='],
      ['oauth_body_hash', 'Lve95gjOVATpfV8EL5X4nxwjKHE='],
    ]
    expect(parseOAuth1AuthorizationHeader(oauth1AuthorizationHeader(params))).toEqual(params)
  })
})

describe('parseOAuth1AuthorizationHeader', () => {
  it('reads the RFC 5849 §3.5.1 example header (realm dropped, values decoded)', () => {
    const header =
      'OAuth realm="Example",\r\n    oauth_consumer_key="0685bd9184jfhq22",\r\n' +
      '    oauth_token="ad180jjd733klru7",\r\n    oauth_signature_method="HMAC-SHA1",\r\n' +
      '    oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",\r\n' +
      '    oauth_timestamp="137131200",\r\n    oauth_nonce="4572616e48616d6d65724c61686176",\r\n' +
      '    oauth_version="1.0"'
    // Header folding is undone by HTTP parsers; what reaches us has the line breaks as spaces.
    const unfolded = header.replace(/\r\n/g, '')
    expect(parseOAuth1AuthorizationHeader(unfolded)).toEqual([
      ['oauth_consumer_key', '0685bd9184jfhq22'],
      ['oauth_token', 'ad180jjd733klru7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_signature', 'wOJIO9A2W5mFwDgiDvZbTSMK/PY='],
      ['oauth_timestamp', '137131200'],
      ['oauth_nonce', '4572616e48616d6d65724c61686176'],
      ['oauth_version', '1.0'],
    ])
  })

  it('accepts the scheme in any case and the header ims-lti sends (no spaces)', () => {
    expect(
      parseOAuth1AuthorizationHeader('oauth realm="",oauth_version="1.0",oauth_nonce="a-b"'),
    ).toEqual([
      ['oauth_version', '1.0'],
      ['oauth_nonce', 'a-b'],
    ])
  })

  it.each([
    ['another scheme', 'Bearer abc'],
    ['no parameters after the scheme keyword', 'OAuthrealm=""'],
    ['an unquoted value', 'OAuth oauth_nonce=abc'],
    ['a missing comma', 'OAuth oauth_nonce="a" oauth_version="1.0"'],
    ['a trailing comma', 'OAuth oauth_nonce="a",'],
    ['a repeated parameter', 'OAuth oauth_nonce="a",oauth_nonce="b"'],
    ['a non-oauth parameter', 'OAuth oauth_nonce="a",user_id="1"'],
    ['a bad percent escape', 'OAuth oauth_nonce="%zz"'],
    ['invalid UTF-8', 'OAuth oauth_nonce="%C3"'],
    ['an escaped quote', 'OAuth oauth_nonce="a\\"b"'],
    ['a header over 8 KiB', `OAuth oauth_nonce="${'a'.repeat(8200)}"`],
    [
      'more than 32 parameters',
      `OAuth ${Array.from({ length: 33 }, (_, i) => `oauth_x${i}="1"`).join(',')}`,
    ],
  ])('refuses %s', (_name, header) => {
    expect(() => parseOAuth1AuthorizationHeader(header)).toThrow(
      expect.objectContaining({ code: 'LTI11_OAUTH_HEADER_INVALID', status: 400 }),
    )
  })
})
