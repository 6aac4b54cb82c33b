import { encodeBase64url } from './base64url.js'

/** `byteLength` bytes from the platform CSPRNG (`crypto.getRandomValues`). */
export function randomBytes(byteLength: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 65536) {
    throw Object.assign(new TypeError('"byteLength" must be an integer from 1 to 65536'), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  }
  return crypto.getRandomValues(new Uint8Array(byteLength))
}

/**
 * A URL-safe random string (base64url, no padding) carrying `byteLength` bytes of entropy.
 * The default 32 bytes (256 bits) suits state, nonce and session identifiers.
 */
export function randomString(byteLength = 32): string {
  return encodeBase64url(randomBytes(byteLength))
}
