/**
 * base64url without padding (RFC 4648 §5), the alphabet of JOSE and of our sealed strings.
 * Web globals only (`btoa`/`atob`), so the core runs on any runtime.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Encodes bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  let binary = ''
  // Chunked so large inputs do not exceed the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * Decodes unpadded base64url. Returns `undefined` for anything outside the alphabet, so the
 * caller picks the error to throw.
 */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined
  return decodeBinary(text.replace(/-/g, '+').replace(/_/g, '/'))
}

/**
 * Decodes either alphabet, padded or not: configuration values (such as the encryption key)
 * arrive as whatever `openssl rand -base64 32` or a password manager produced.
 */
export function decodeBase64Any(text: string): Uint8Array<ArrayBuffer> | undefined {
  const standard = text.trim().replace(/-/g, '+').replace(/_/g, '/')
  if (!BASE64.test(standard)) return undefined
  const bare = standard.replace(/=+$/, '')
  if (bare.length % 4 === 1) return undefined
  return decodeBinary(bare)
}

function decodeBinary(base64: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return undefined
  }
}
