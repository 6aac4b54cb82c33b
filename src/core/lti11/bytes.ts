/**
 * Byte helpers shared by the LTI 1.1 modules: UTF-8, standard padded base64 (OAuth 1.0a and the
 * `lti1p1` claim use RFC 4648 §4 base64, not base64url) and a constant-time string comparison.
 * Web globals only.
 */

const utf8 = new TextEncoder()

export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  return utf8.encode(text)
}

/** Padded base64 (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** HMAC of `data` keyed with `key` (both UTF-8), base64. */
export async function hmacBase64(
  hash: 'SHA-1' | 'SHA-256',
  key: string,
  data: string,
): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    utf8Bytes(key),
    { name: 'HMAC', hash },
    false,
    ['sign'],
  )
  return encodeBase64(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8Bytes(data))))
}

/**
 * Compares two strings without an early exit on the first difference, so the time taken does not
 * reveal how much of a forged signature was right. The length is not secret (a signature's length
 * follows from its algorithm).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
