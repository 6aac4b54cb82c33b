/**
 * The tool's own short-lived tokens: `base64url(JSON).base64url(MAC)`. Not a JWT on purpose:
 * only this server reads them, so there is no header to negotiate (no `alg` to confuse) and no
 * JOSE processing to pay for on every login and page. Each token carries its purpose inside the
 * MAC input, so a token minted for one purpose never opens as another.
 */
import { decodeBase64url, encodeBase64url } from '../lib/base64url.js'
import type { MacKey } from '../ports.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const MAX_TOKEN = 8192

export async function sealToken(
  purpose: string,
  payload: Record<string, unknown>,
  key: MacKey,
): Promise<string> {
  const body = encodeBase64url(encoder.encode(JSON.stringify(payload)))
  return `${body}.${await key.mac(`${purpose}.${body}`)}`
}

/** The payload of an authentic token, or `undefined` (altered, foreign, malformed). */
export async function openToken(
  purpose: string,
  token: string,
  key: MacKey,
): Promise<Record<string, unknown> | undefined> {
  if (token.length > MAX_TOKEN) return undefined
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined
  const body = token.slice(0, dot)
  if (!(await key.verify(`${purpose}.${body}`, token.slice(dot + 1)))) return undefined
  const bytes = decodeBase64url(body)
  if (!bytes) return undefined
  try {
    const payload: unknown = JSON.parse(decoder.decode(bytes))
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** A portable MacKey (HMAC-SHA-256 through WebCrypto) for runtimes without `node:crypto`. */
export async function webCryptoMacKey(raw: Uint8Array<ArrayBuffer>): Promise<MacKey> {
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ])
  return {
    async mac(data) {
      return encodeBase64url(
        new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data))),
      )
    },
    async verify(data, mac) {
      const signature = decodeBase64url(mac)
      if (!signature) return false
      // WebCrypto's verify compares in constant time.
      return crypto.subtle.verify('HMAC', key, signature, encoder.encode(data))
    },
  }
}
