import { utf8Bytes } from './bytes.js'

const UNRESERVED = /^[A-Za-z0-9\-._~]$/

/**
 * Percent-encodes a value the OAuth 1.0a way: UTF-8 first, then every byte outside the
 * unreserved set (ALPHA, DIGIT, "-", ".", "_", "~") as `%XX` with uppercase hex. Unlike
 * `encodeURIComponent` it also encodes `!*'()` and never throws on a lone surrogate (it is
 * encoded as U+FFFD, as `TextEncoder` does).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
export function percentEncode(value: string): string {
  let out = ''
  for (const byte of utf8Bytes(value)) {
    const char = String.fromCharCode(byte)
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
