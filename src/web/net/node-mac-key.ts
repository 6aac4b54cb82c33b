import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MacKey } from '../../core/ports.js'

/** HMAC-SHA-256 with `node:crypto`: synchronous, about five times cheaper than WebCrypto. */
export function nodeMacKey(raw: Uint8Array): MacKey {
  const key = Buffer.from(raw)
  const digest = (data: string) => createHmac('sha256', key).update(data).digest()
  return {
    mac: (data) => digest(data).toString('base64url'),
    verify(data, mac) {
      const expected = digest(data)
      const given = Buffer.from(mac, 'base64url')
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}
